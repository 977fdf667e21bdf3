/*
 * values.h: typed reads of JSON values for the layout and data loaders.
 *
 * In: a cJSON value and the gw_json it belongs to. Out: a C value, or a diagnostic at the
 * value's position ("expected a string", "expected a length such as \"16pt\" or \"37mm\"", ...).
 * Every function returns 1 on success and 0 after adding an error; absent values (NULL)
 * are never errors here: the caller decides what is required.
 */
#ifndef GW_VALUES_H
#define GW_VALUES_H

#include "../base/diag.h"
#include "../model.h"
#include "json.h"

/* Member `key` of obj, or NULL; obj may be NULL or not an object. */
const cJSON *gw_member(const cJSON *obj, const char *key);

/* Adds "missing key \"KEY\"" at obj when member key is absent; returns the member or NULL. */
const cJSON *gw_require(const gw_json *j, gw_diags *d, const cJSON *obj, const char *key);

int gw_read_object(const gw_json *j, gw_diags *d, const cJSON *v);
int gw_read_string(const gw_json *j, gw_diags *d, const cJSON *v, const char **out);
int gw_read_bool(const gw_json *j, gw_diags *d, const cJSON *v, int *out);
/* An integer in [lo, hi]. */
int gw_read_int(const gw_json *j, gw_diags *d, const cJSON *v, int lo, int hi, int *out);
/*
 * A length: a number (points) or a string with a unit pt, mm or cm ("37mm", "15.5pt"),
 * in [0, 14400 pt] (PDF's largest page side).
 */
int gw_read_length(const gw_json *j, gw_diags *d, const cJSON *v, gw_len *out);
/*
 * A font size: a length in (0, 600 pt], or a Chinese size name (字号) with the Word/WPS
 * values of standards.md section 1.14: 初号 42, 小初 36, 一号 26, 小一 24, 二号 22, 小二 18,
 * 三号 16, 小三 15, 四号 14, 小四 12, 五号 10.5, 小五 9, 六号 7.5, 小六 6.5, 七号 5.5, 八号 5.
 */
int gw_read_font_size(const gw_json *j, gw_diags *d, const cJSON *v, gw_len *out);
/* A calendar date "YYYY-MM-DD" (years 1000-9999, real month lengths, leap years). */
int gw_read_date(const gw_json *j, gw_diags *d, const cJSON *v, gw_date *out);
/*
 * A text of the data: a non-empty string of at most GW_MAX_TEXT_BYTES, kept in t with its
 * position (every block, head, record and signature text). Returns 1, or 0 after an error.
 */
int gw_read_text(const gw_json *j, gw_diags *d, const cJSON *v, gw_text *t);
/*
 * A date as a document prints it: "YYYY-MM-DD" (a string of only ASCII digits and '-' is read
 * as one, and a bad one is an error, as gw_read_date), or any other non-empty one-line text,
 * such as "一九九七年四月八日", kept in out->text (y = 0) and printed as given.
 */
int gw_read_date_or_text(const gw_json *j, gw_diags *d, const cJSON *v, gw_date *out);

/*
 * Adds an error at the character starting at byte `off` of the decoded string value v
 * (off == (size_t)-1: at the value itself), with v's JSON pointer.
 */
void gw_json_error_at_text(const gw_json *j, gw_diags *d, const cJSON *v, size_t off,
                           const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* The same as a warning. */
void gw_json_warning_at_text(const gw_json *j, gw_diags *d, const cJSON *v, size_t off,
                             const char *fmt, ...) __attribute__((format(printf, 5, 6)));
#endif
