/*
 * breaks.h: line-break opportunities and the character classes of Chinese composition.
 *
 * In: the shaped glyphs (shape.h) of one paragraph; only their code points are read, never
 * their fonts. Out: for every glyph boundary, whether a line may end there, after UAX #14
 * (ICU's line-break iterator, locale zh, strict) tailored to GB/T 15834-2011 5.1 and
 * clreq's GB-style prohibition rules (standards.md 3.2); and the classes the breaker and
 * the justifier need: which marks have a blank half that can be compressed (clreq
 * "punctuation width adjustment", standards.md 3.3), which glyphs belong to a Latin word
 * or number, which pairs form an unbreakable —— or …….
 */
#ifndef GW_BREAKS_H
#define GW_BREAKS_H

#include "../model.h"

/* Where a full-width mark's blank half lies (clreq, standards.md 3.3). */
typedef enum gw_mark {
	GW_MARK_NONE, /* not adjustable: Han, Latin, ·, ——, ……, 连接号, 分隔号 */
	GW_MARK_OPEN, /* opening quote, bracket, 书名号: blank left half */
	GW_MARK_CLOSE /* closing quote, bracket, 书名号, the 点号 。，、；：？！: blank right */
} gw_mark;

/* The blank half of cp when set full-width. */
gw_mark gw_mark_kind(uint32_t cp);

/* 1 for the space that separates Latin words (U+0020): dropped at line starts and ends. */
int gw_is_space(uint32_t cp);

/*
 * 1 for a character of a Latin word or number (letters, digits, Latin-script punctuation,
 * combining marks; not the space): no stretching between two of them (clreq 3.5).
 */
int gw_is_wordish(uint32_t cp);

/* 1 for a Han, kana, Hangul, CJK punctuation or full-width form character. */
int gw_is_cjk(uint32_t cp);

/* 1 for a Han character (also 〇): one grid cell; after a number, its unit (年 个 万). */
int gw_is_han(uint32_t cp);

/*
 * 1 when glyph i of g[0..n) must not start a line: the GB-style "not at line start" set of
 * standards.md 3.2 (GB/T 15834-2011 5.1.1-5.1.3, 5.1.6, 5.1.7, 5.1.9); a U+2014 counts only
 * when it stands alone (a 一字线 连接号), not as half of a —— 破折号.
 */
int gw_forbid_start(const gw_glyph *g, int n, int i);

/* 1 when cp must not end a line: opening marks (5.1.3) and the 分隔号 / (5.1.9). */
int gw_forbid_end(uint32_t cp);

/*
 * 1 when a line break or a stretch between g[i-1] and g[i] would split a —— (two U+2014),
 * a …… (two U+2026) or a ⋯⋯ (two U+22EF): GB/T 15834-2011 5.1.4, 5.1.5. Runs pair up
 * from their start, counted from no earlier than glyph `from` (a line start, which always
 * falls on a unit boundary), so the cost is bounded by i - from.
 */
int gw_splits_unit(const gw_glyph *g, int from, int i);

/* 1 for a 连接号 or 分隔号 (– ～ ~ / ／, a lone —): no stretching beside it (clreq 3.5). */
int gw_is_joiner(const gw_glyph *g, int n, int i);

/*
 * Fills ok[0..n] for g[0..n): ok[i] = 1 when a line may end between g[i-1] and g[i] (the
 * next line then starts at g[i], after dropping spaces). ok[0] = 0 and ok[n] = 1. A '\n'
 * glyph is not judged here (the breaker ends the line at it). The ICU iterator is icu's
 * (opened on first use and kept), or with icu NULL one opened for the call; if ICU cannot
 * be opened the fallback is a break between any two characters
 * except inside a Latin word, with the same tailoring on top.
 */
void gw_break_opportunities(gw_icu *icu, const gw_glyph *g, int n, unsigned char *ok);

/*
 * Fills url[0..n) for g[0..n): url[i] = 1 for the glyphs of a URL or an e-mail address, a
 * run of printable ASCII (no space) that holds "name@host", "scheme://" or starts with
 * "www.", less the sentence marks . , ; : ) ! ? that end it.
 */
void gw_url_runs(const gw_glyph *g, int n, unsigned char *url);

/*
 * The ICU break iterators of one context (model.h's gw_icu): a line iterator (zh@lb=strict)
 * and a word iterator (zh, for titles), each opened on first use and given each text in
 * turn, since opening one loads ICU's locale data (costly enough to dominate a table of
 * many small cells). Used by one thread at a time, as its context.
 */
gw_icu *gw_icu_new(void);
void gw_icu_drop(gw_icu *icu);

/* icu's word iterator (opened now if need be), or NULL when ICU cannot open one. */
struct UBreakIterator *gw_icu_word(gw_icu *icu);

#endif
