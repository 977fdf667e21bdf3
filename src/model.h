/*
 * model.h: the document model shared by the stages; types only.
 *
 * load/ fills gw_layout (from the layout JSON and the layouts it extends) and gw_doc (from
 * the data JSON); resolve/ fills a template layout's skeleton with the data's slots and values
 * (gw_doc.blocks); shape/ turns block text into gw_glyph arrays; break/ and build/ make gw_line and
 * positioned items; paginate/ makes gw_pages, which paint/ consumes.
 * Lengths are gw_len (1/1000 pt). Text is UTF-8 borrowed from the cJSON trees, which
 * stay alive for the whole run so errors can point into the source.
 */
#ifndef GW_MODEL_H
#define GW_MODEL_H

#include <stdint.h>

#include "gw.h"

/*
 * The model is the lowest layer: it includes no stage. The loaded JSON file, its nodes and an
 * opened font face are referred to by opaque pointers here (C11 6.7 allows the stages' headers
 * to repeat these typedefs); load/json.h, cJSON.h and shape/font.h define them.
 */
typedef struct gw_json gw_json;
/* a context's ICU break iterators (break/breaks.h) */
typedef struct gw_icu gw_icu;
typedef struct cJSON cJSON;
typedef struct gw_font gw_font;

/* Where a value came from, for messages: the file and the cJSON node (both borrowed). */
typedef struct gw_src {
	const gw_json *json; /* file the value is in */
	const cJSON *node; /* the value itself */
} gw_src;

/* === Layout: fonts and styles === */

typedef struct gw_face_ref {
	gw_font *font; /* opened face (owned by the context's gw_fontset) */
	char *path; /* the font file as found (owned) */
	int index; /* the face's index in the file (a collection's) */
	uint32_t (*ranges)[2]; /* code point ranges [lo, hi] this face is used for; NULL = all */
	int nranges; /* entries of ranges */
	/*
	 * A fallback face (not the first of its family) is opened when a character first
	 * reaches it (shape/shape.c), not at load: a Noto CJK collection costs 15-25 ms to open
	 * and most documents never need it. Until then font is NULL and open_font/font_arg (the
	 * runtime's, base/rt.h) open it; json/node are its "file" in the layout, where an error
	 * found only at that first use is reported. open_font is NULL for a face opened at load.
	 */
	struct gw_font *(*open_font)(void *font_arg, const char *path, int index, char *err,
	                             size_t errlen);
	void *font_arg; /* first argument of open_font (the context) */
	const gw_json *json; /* the layout file the face is named in (borrowed) */
	const cJSON *node; /* the face's "file" value in json */
} gw_face_ref;

typedef struct gw_family {
	char *name; /* key in the layout's "fonts" object */
	gw_face_ref *faces; /* fallback list, tried in order for each character */
	int nfaces; /* entries of faces */
} gw_family;

typedef enum gw_align { GW_ALIGN_LEFT, GW_ALIGN_CENTER, GW_ALIGN_RIGHT, GW_ALIGN_JUSTIFY } gw_align;

/* An sRGB colour as 0xRRGGBB; 0 is black (GB/T 9704-2012 5.2.2: text is black unless a
 * clause says red). Layouts name colours ("red") in their "colors" object. */
typedef uint32_t gw_rgb;

typedef struct gw_style {
	char *name; /* key in the layout's "styles" object */
	int family; /* index into gw_layout.families */
	gw_len size; /* font size, 1/1000 pt */
	gw_align align; /* horizontal alignment of lines */
	int indent; /* first-line indent, in characters of this style */
	int space_before; /* blank grid lines before the block */
	int space_after; /* blank grid lines after the block */
	gw_rgb color; /* text colour (0: black) */
	int bold; /* 1: drawn emboldened (fill and stroke), for faces without a bold weight */
} gw_style;

/* The block kinds of data format v1; their styles are named in the layout's "blocks". */
typedef enum gw_block_kind {
	GW_BLOCK_TITLE,
	GW_BLOCK_H1,
	GW_BLOCK_H2,
	GW_BLOCK_H3,
	GW_BLOCK_H4,
	GW_BLOCK_P,
	GW_BLOCK_SIGNATURE,
	GW_BLOCK_PAGE_BREAK,
	GW_BLOCK_TABLE,
	GW_BLOCK_TO, /* 主送机关 (7.3.2) */
	GW_BLOCK_ATTACH_NOTE, /* 附件说明 (7.3.4) */
	GW_BLOCK_NOTE, /* 附注 (7.3.6) */
	GW_BLOCK_ATTENDANCE, /* 纪要's 出席/请假/列席 line (10.3) */
	GW_BLOCK_KINDS
} gw_block_kind;

/* === Data === */

typedef struct gw_text {
	const char *s; /* UTF-8 bytes (borrowed from cJSON) */
	size_t len; /* bytes */
	gw_src src; /* the JSON string the text is in */
} gw_text;

typedef struct gw_date {
	int y, m, d; /* calendar date; y == 0 when absent or given as text only */
	gw_text text; /* the date as the data spells it when not YYYY-MM-DD (一九九七年四月八日),
	                 printed as given; len 0: printed from y, m, d (2021年1月15日) */
} gw_date;

/* === Tables (data format: docs/data-format.md, "table" blocks) === */

typedef enum gw_colkind { GW_COL_FIXED, GW_COL_FR, GW_COL_AUTO } gw_colkind;

typedef struct gw_colspec {
	gw_colkind kind;
	gw_len width; /* GW_COL_FIXED: the width, 1/1000 pt */
	int fr; /* GW_COL_FR: the share, in 1/1000 fr ("2fr" = 2000) */
	int align; /* its cells' gw_align (a cell's own wins), or -1 for the table style's */
	gw_src src; /* the width's JSON value */
} gw_colspec;

typedef enum gw_valign { GW_VALIGN_TOP, GW_VALIGN_MIDDLE, GW_VALIGN_BOTTOM } gw_valign;

typedef struct gw_cell {
	gw_text text; /* the cell's text (for a number cell: num below); len 0 = empty */
	char *num; /* a number cell's text, printed in its shortest form (owned), or NULL */
	int row, col; /* top-left slot in the grid, 0-based */
	int rowspan; /* rows covered, >= 1 */
	int colspan; /* columns covered, >= 1 */
	int align; /* gw_align, or -1 for the table style's */
	int valign; /* gw_valign, or -1 for middle */
	gw_src src; /* the cell's JSON value */
} gw_cell;

/*
 * A table after grid resolution (the HTML model: a row lists the cells that start in it).
 * grid[r * ncols + c] is the index in cells of the cell covering slot (r, c): every slot is
 * covered exactly once (overlaps, spans past an edge and holes are input errors), so a
 * merged slot points to its owner (Typst's CellGrid).
 */
typedef struct gw_table {
	gw_colspec *cols; /* column widths, ncols entries (owned) */
	int ncols;
	int nrows; /* rows of the grid */
	int header_rows; /* the first header_rows rows repeat on every page the table spans */
	gw_src header_src; /* where "header_rows" was given (node NULL: absent) */
	gw_cell *cells; /* in reading order (owned) */
	int ncells;
	int *grid; /* nrows * ncols cell indexes (owned) */
	gw_text caption; /* set above the table, len 0 = none */
	const char *style; /* style name from the data, NULL = the layout's table style */
	gw_src style_src; /* where "style" was given */
} gw_table;

/* How a heading is numbered (GB/T 9704-2012 7.3.3: 一、 （一） 1. （1）). */
enum { GW_NUMBER_AUTO, GW_NUMBER_NONE, GW_NUMBER_OWN };

/*
 * A decoded image (the seal; load/image.h): 8-bit samples, rows top to bottom, no padding.
 * Painted as it is (an image XObject with the alpha as its /SMask), so nothing after load
 * parses the file again.
 */
typedef struct gw_image {
	int w, h; /* pixels */
	int channels; /* colour samples per pixel: 1 (DeviceGray) or 3 (DeviceRGB) */
	unsigned char *pix; /* w * h * channels samples (owned) */
	unsigned char *alpha; /* w * h alpha samples, NULL when every pixel is opaque (owned) */
} gw_image;

/* A run of a paragraph with its own style (issue 11: the run-in heading "（一）……。" in 楷体
 * followed by 仿宋 text). */
typedef struct gw_run {
	gw_text text; /* its text */
	const char *style; /* a style of the layout, NULL for the block's (borrowed) */
	gw_src style_src; /* where "style" was given */
	int bold; /* 1: emboldened, -1: not, 0: as its style says */
} gw_run;

/*
 * One organ of a signature (GB/T 9704-2012 7.3.5): a single organ has one, joint issuance
 * several, lead organ first. In the 签发人签名章 mode (7.3.5.3) title is the signer's 职务
 * and the seal is the signature stamp (or name, set in the layout's stamp style, when
 * there is no image).
 */
typedef struct gw_organ {
	gw_text org; /* the organ's name (7.3.5.1, 7.3.5.2); len 0 in the stamp mode */
	gw_text title; /* 签名章 mode: the signer's title, "国务院总理"; len 0 otherwise */
	gw_text name; /* 签名章 mode without a stamp image: the signer's name */
	char *seal_path; /* its seal (stamp) PNG, resolved; NULL for none (owned) */
	gw_image *seal; /* the PNG decoded, with seal_path (owned) */
	gw_src src; /* the organ's object (or the signature's, for the one-organ form) */
} gw_organ;

/* How a signature is set (GB/T 9704-2012 7.3.5.1 to 7.3.5.3). */
typedef enum gw_sig_mode {
	GW_SIG_SEAL, /* organs with seals (7.3.5.1) */
	GW_SIG_PLAIN, /* organs without seals (7.3.5.2) */
	GW_SIG_STAMP /* 签发人签名章 (7.3.5.3): titles and signature stamps */
} gw_sig_mode;

typedef struct gw_block {
	gw_block_kind kind;
	gw_text text; /* title, h1-h4, p */
	int numbering; /* h1-h4: GW_NUMBER_AUTO, GW_NUMBER_NONE or GW_NUMBER_OWN */
	gw_text number; /* h1-h4 with GW_NUMBER_OWN: the number as given */
	gw_date date; /* signature: date of issue */
	gw_src date_src; /* signature: where the date came from */
	gw_table *table; /* table: the resolved table (owned) */
	int align; /* p, to, note: a gw_align, or -1 for the style's */
	int indent; /* p: first-line indent in characters of the style, or -1 for the style's */
	gw_run *runs; /* p given as runs: the runs in order (owned), NULL for plain text */
	int nruns;
	gw_text label; /* attendance: "出席" (the label, set in the layout's label style) */
	gw_text *items; /* attachment_note: the attachments' names, in order (owned array) */
	int nitems;
	gw_organ *organs; /* signature: the organs, lead first (owned); norgans >= 1 */
	int norgans;
	gw_sig_mode sig_mode; /* signature: how it is set */
	gw_src src; /* the block object */
	int borrowed; /* 1: organs (and their seals) and table belong to the layout's skeleton,
	                 not freed */
} gw_block;

typedef struct gw_meta {
	const char *title, *author, *subject; /* borrowed, NULL when absent */
	char *keywords; /* joined with ", ", owned, NULL when absent */
	gw_date date; /* document date, y == 0 when absent */
} gw_meta;

/* The blocks the data gives for one slot of a skeleton (docs/templates.md section 4). */
typedef struct gw_slot {
	const char *name; /* the key in "slots" (borrowed) */
	gw_block *blocks; /* in order (owned; moved into gw_doc.blocks by resolve/) */
	int nblocks;
	gw_src src; /* the slot's array */
} gw_slot;

/*
 * The 版头 (GB/T 9704-2012 7.2; 10.1 to 10.3 for 信函, 命令, 纪要): every element optional.
 * Where each goes is the layout's (gw_layout.head); the data gives the words.
 */
typedef struct gw_head {
	gw_text copy_no; /* 份号 (7.2.1), len 0 for none */
	gw_text secrecy; /* 密级和保密期限 (7.2.2) */
	gw_text urgency; /* 紧急程度 (7.2.3) */
	gw_text *issuers; /* 发文机关标志 (7.2.4): the organs' names, lead first (owned array) */
	int nissuers;
	gw_text suffix; /* the word after the organs' names ("文件"), len 0 for none */
	gw_text number; /* 发文字号 (7.2.5), 令号 (10.2), len 0 for none */
	gw_text *signers; /* 签发人 (7.2.6): the names, in order (owned array) */
	int nsigners;
	gw_src src; /* the "head" object */
} gw_head;

/* An attachment (附件, 7.3.7): a new page, "附件N" on line 1, its title on line 3. */
typedef struct gw_attachment {
	gw_text title; /* centred on line 3 */
	gw_block *blocks; /* its body, in order (owned) */
	int nblocks;
	gw_src src; /* the attachment's object */
} gw_attachment;

/* The 版记 (7.4): on the last page, between the first and the last 版记 rule. */
typedef struct gw_record {
	gw_text to; /* 主送 moved here (7.3.2), as "主送：…"; len 0 for none */
	gw_text cc; /* 抄送 (7.4.2), len 0 for none */
	gw_text printer; /* 印发机关 (7.4.3) */
	gw_date date; /* 印发日期 (7.4.3) */
	gw_src date_src; /* where the date was given */
	gw_src src; /* the "record" object */
} gw_record;

typedef struct gw_doc {
	gw_meta meta;
	gw_head *head; /* 版头, NULL when the data has none (owned) */
	gw_attachment *attachments; /* 附件, after the body (owned) */
	int nattachments;
	gw_record *record; /* 版记, NULL for none (owned) */
	const char *layout; /* the data's "layout" value, NULL when absent (borrowed) */
	gw_src layout_src; /* where "layout" was given */
	gw_block *blocks; /* body, in order (for a skeleton layout: made by resolve/) */
	int nblocks;
	gw_src body_src; /* where "body" was given, node NULL when absent */
	gw_slot *slots; /* "slots", in the data's order */
	int nslots;
	gw_src slots_src; /* where "slots" was given, node NULL when absent */
	gw_src values_src; /* the "values" object, node NULL when absent */
	gw_src headings_src; /* "headings": texts replacing a skeleton's headings by id, node NULL
	                        when absent (docs/templates.md section 4) */
	gw_src labels_src; /* "labels": texts replacing templates' label cells, by template and id,
	                      node NULL when absent */
	gw_src root; /* the data's root object */
} gw_doc;

/* === Templates (docs/templates.md) === */

/* What a template cell holds: a label, a value from the data, or a computed sum. */
typedef enum gw_tcell_kind { GW_TCELL_LABEL, GW_TCELL_VALUE, GW_TCELL_SUM } gw_tcell_kind;

/* The template side of one cell of gw_template.table (same index). */
typedef struct gw_tcell {
	gw_tcell_kind kind;
	char *key; /* value or sum: its key in the template, "ROW.COL" or given (owned); NULL none
	            */
	char *name; /* how messages name the cell: "ROWNAME/COLNAME", else its key (owned) */
	const char *id; /* label: its name for the data's "labels" (borrowed), NULL for none */
	int fixed; /* label with an id: 1 when the layout forbids the data to replace its text */
	int *inputs; /* sum: the cells added up, indexes into the table's cells (owned) */
	int ninputs;
	gw_src src; /* the "value" or "sum" member */
} gw_tcell;

/* One term of a check: a cell of a template. */
typedef struct gw_term {
	int tpl; /* index into gw_layout.templates */
	int cell; /* index into that template's cells */
} gw_term;

/* One equation of a check: the sum of the left terms must equal the sum of the right ones. */
typedef struct gw_equation {
	const char *axis; /* "column" or "row" for a check with "each", else NULL */
	const char *axis_name; /* that column's or row's name (borrowed) */
	gw_term *terms; /* the left terms, then the right terms (owned) */
	int nleft, nright;
	char *left_names, *right_names; /* "一 + 二", for messages (owned) */
} gw_equation;

/* A cross-check rule (standards.md 2.7: the 勾稽关系 of Table 三). */
typedef struct gw_check {
	const char *name; /* the rule's name, "勾稽关系" (borrowed) */
	int warning; /* 1: level "warning" (reported only); 0: "error" (render refuses) */
	int tpl; /* the template it belongs to, -1 for a top-level check */
	gw_equation *eqs; /* one per column (row) with "each", else one (owned) */
	int neqs;
	gw_src src; /* the rule's object in the layout */
} gw_check;

/* A named table template: a table whose value cells the data fills by key. */
typedef struct gw_template {
	const char *name; /* key in the layout's "templates" (borrowed) */
	const char *title; /* the table's name in messages (borrowed) */
	int missing_blank; /* 1: a value the data leaves out is printed blank; 0: as 0 */
	gw_table *table; /* the grid; value and sum cells have empty text (owned) */
	gw_tcell *cells; /* table->ncells entries (owned) */
	const char **row_keys; /* per grid row, NULL for none (borrowed strings; array owned) */
	const char **col_keys; /* per grid column, likewise */
	const char **row_names; /* per grid row: the name in messages (borrowed; array owned) */
	const char **col_names; /* per grid column, likewise */
	int *keyed; /* cells with a key, sorted by key: binding by binary search (owned) */
	int nkeyed;
	int *order; /* the sum cells, each after the sums it uses (owned) */
	int norder;
	gw_check *checks; /* its own checks (owned) */
	int nchecks;
	gw_src src; /* the template's object */
} gw_template;

/* An entry of a layout's skeleton. */
typedef enum gw_skel_kind { GW_SKEL_BLOCK, GW_SKEL_SLOT, GW_SKEL_TEMPLATE } gw_skel_kind;

typedef struct gw_skel {
	gw_skel_kind kind;
	gw_block block; /* GW_SKEL_BLOCK: a data block of format v1 (owned) */
	const char *name; /* GW_SKEL_SLOT, GW_SKEL_TEMPLATE: the slot's or template's name */
	int tpl; /* GW_SKEL_TEMPLATE: index into gw_layout.templates */
	const char *id; /* GW_SKEL_BLOCK, a heading: its name for the data's "headings" (borrowed),
	                   NULL for none */
	int fixed; /* with an id: 1 when the layout forbids the data to replace the heading */
	gw_src src; /* the entry */
} gw_skel;

/* === Layout === */
/* A named colour of the layout's "colors" object (issue 11). */
typedef struct gw_named_rgb {
	char *name; /* the key, "red" (owned) */
	gw_rgb rgb; /* its sRGB value */
} gw_named_rgb;

/* Which 版头 a layout sets (GB/T 9704-2012 7.2; 10.1 信函, 10.2 命令, 10.3 纪要). */
typedef enum gw_head_format {
	GW_HEAD_DOCUMENT, /* 7.2: 标志, 字号, red separator */
	GW_HEAD_LETTER, /* 10.1: 标志 from the page top, red double rules, 字号 flush right */
	GW_HEAD_ORDER, /* 10.2: 标志 "XX令", 令号 below, no separator */
	GW_HEAD_MINUTES /* 10.3: 标志 "XX纪要" */
} gw_head_format;

/* How a 发文机关标志 too wide for the type area is made to fit (7.2.4). */
typedef enum gw_head_fit { GW_FIT_COMPRESS, GW_FIT_SHRINK } gw_head_fit;

/* The layout's 版头 settings ("head", docs/layout-format.md); styles are indexes, -1 none. */
typedef struct gw_layout_head {
	int present; /* 1 when the layout (or a parent) has "head" */
	gw_head_format format;
	int issuer_style; /* 发文机关标志 (red 小标宋) */
	gw_len issuer_top; /* its em box top below the type area's top (信函: the page's top) */
	gw_head_fit fit; /* a name too wide for the type area: compressed or set smaller */
	gw_len issuer_leading; /* joint issuance: baseline to baseline of stacked organs, 0 =
	                          1.2 x the issuer size; 1/1000 pt */
	int number_style; /* 发文字号, 令号 */
	int number_space; /* blank grid lines between the 标志 and the 字号 (7.2.5: 2) */
	gw_len number_below; /* 信函: the double rule's lower line to the 字号's em top */
	int rule; /* 1: the red separator (or 信函's double rules) is drawn */
	gw_len rule_below; /* 字号's em bottom (信函: 标志's) to the rule's centre, 1/1000 pt */
	gw_len rule_width; /* line width of the separator (信函: the thick rules) */
	gw_len rule_thin; /* 信函: the thin rules' width */
	gw_len rule_gap; /* 信函: the gap between the thick and the thin rule's edges */
	gw_len rule_length; /* 0: as wide as the type area; 信函: 170 mm */
	gw_len rule_bottom; /* 信函: the page bottom to the lower double rule's thick line */
	gw_rgb rule_color; /* the rules' colour */
	int copy_no_style, secrecy_style, urgency_style; /* 份号, 密级, 紧急程度 */
	int signer_label_style, signer_style; /* "签发人：" and the names (7.2.6) */
	int signers_per_line; /* names on one line of the 签发人 block (7.2.6: 2) */
	int title_space; /* blank grid lines between the 版头 and what follows (7.3.1: 2) */
	gw_src src; /* the "head" object (its nearest file) */
} gw_layout_head;

typedef struct gw_layout {
	char *name; /* the layout file's own "name" (not inherited), NULL when it has none */
	char *path; /* file it was loaded from */
	gw_len page_w, page_h; /* paper size, 1/1000 pt */
	gw_len margin_top, margin_bottom, margin_left, margin_right; /* 1/1000 pt */
	int chars_per_line; /* grid: character cells per line of the type area */
	int lines_per_page; /* grid: lines per page of the type area */
	gw_family *families; /* named font families */
	int nfamilies;
	gw_style *styles; /* named styles */
	int nstyles;
	int body_style; /* style whose size defines the grid's character (index) */
	int block_style[GW_BLOCK_KINDS]; /* style index per block kind, -1 none */
	int pagenum_style; /* style of page numbers, -1 for no page numbers */
	char *pagenum_format; /* UTF-8 with "{n}" for the number, e.g. "— {n} —" */
	gw_src pagenum_src; /* where the page number was configured, for messages */
	gw_len pagenum_below; /* type area bottom to the number's em box top, 1/1000 pt */
	int pagenum_first; /* 0: page 1 has no number (GB/T 9704-2012 10.1, 信函) */
	int pagenum_indent; /* characters in from the type area's outer edge */
	gw_len seal_width; /* width the seal image is drawn at, 1/1000 pt */
	gw_len seal_gap; /* joint seals (7.3.5.1): least space between two seals, 1/1000 pt */
	int seal_per_row; /* joint seals: at most this many seals in a row */
	gw_len stamp_width; /* 签名章 (7.3.5.3): width the signature stamp is drawn at, 1/1000 pt */
	gw_len table_border; /* width of every table cell edge, 1/1000 pt */
	gw_len table_pad_x; /* cell padding left and right, 1/1000 pt */
	gw_len table_pad_y; /* cell padding top and bottom, 1/1000 pt */
	int table_leading; /* line pitch inside cells, in 1/1000 of the font size */
	gw_len table_min_size; /* smallest size a cell's text shrinks to so that a number or a
	                          character fits its column (issue 12, point 7), 1/1000 pt */
	int table_keep_rows; /* body rows kept on the page of a header or full-width label row
	                        (issue 12, point 1: 2) */
	int table_min_rows; /* body rows of a table on each page it occupies, at least (issue
	                       12, point 2: 2; orphans and widows) */
	int table_max_empty; /* percent of the grid's height a page may leave empty rather
	                        than cut inside a sub-group of a cut row group (point 3: 25) */
	char *table_cont_text; /* the "续表" line above a continued page's share (issue 12,
	                          point 5), UTF-8 (owned); NULL: none (the default) */
	gw_align table_cont_align; /* where that line is set: left, center or right */
	gw_src table_cont_src; /* the layout's "continued" value, for messages */
	gw_template *templates; /* named table templates (docs/templates.md section 3) */
	int ntemplates;
	gw_skel *skeleton; /* the document's order; NULL when the layout has no skeleton */
	int nskeleton; /* entries of skeleton (0 with a skeleton that is empty) */
	int has_skeleton; /* 1 when the layout (or a parent) gives "skeleton" */
	gw_check *checks; /* top-level checks across templates, with full keys */
	int nchecks;
	gw_named_rgb *colors; /* the "colors" object merged along the chain (owned) */
	int ncolors;
	gw_layout_head head; /* 版头 settings */
	/* 附件 (GB/T 9704-2012 7.3.7) and 版记 (7.4): the layout's "attachment" and "record" */
	int attach_label_style; /* "附件N" flush left on line 1 (3号黑体), style index */
	int attach_title_style; /* the attachment's title, centred on line 3, style index */
	int record_on; /* 1: documents may have a 版记; 0: "record": false (信函, 10.1) */
	gw_src record_src; /* the layout's "record" value (node NULL: absent) */
	int record_style; /* the 版记's text (4号仿宋), style index */
	int record_even; /* 1: the 版记 page is an even page (a blank page inserted if needed) */
	gw_len record_pitch; /* line pitch of the 版记, 1/1000 pt */
	gw_len record_rule_outer; /* width of its first and last rule, 1/1000 pt (0.35 mm) */
	gw_len record_rule_inner; /* width of its middle rule, 1/1000 pt (0.25 mm) */
	gw_json **parents; /* the files of the "extends" chain, nearest first (owned) */
	int nparents;
	/* the ICU iterators of the context that loaded the layout (borrowed: build/ breaks
	   lines with them); NULL: an iterator opened per call */
	gw_icu *icu;
} gw_layout;

/*
 * The advance of a glyph of natural width adv_pm (1/1000 em) at size, on l's grid: a
 * full-width glyph (1000/1000 em) takes one grid cell scaled to the size (GB/T 9704 5.2.2:
 * 28 characters fill the 156 mm line), anything else keeps its natural width. Arithmetic
 * on the layout alone: the loader checks styles with it, the shaper places glyphs with it.
 */
static inline gw_len gw_grid_advance(const gw_layout *l, int adv_pm, gw_len size)
{
	if (adv_pm == 1000 && l->body_style >= 0) {
		/* cell = type area width / chars per line, scaled from the grid style's size */
		int64_t area = (int64_t)l->page_w - l->margin_left - l->margin_right;
		int64_t body = l->styles[l->body_style].size;
		return (gw_len)(area * size / (body * l->chars_per_line));
	}
	return (gw_len)((int64_t)adv_pm * size / 1000);
}

/* === Shaped text, lines, pages === */

typedef struct gw_glyph {
	gw_font *font; /* face that draws it (fallback already applied) */
	uint32_t gid; /* glyph id in font */
	uint32_t cp; /* the character it stands for */
	gw_len adv; /* advance as placed in the line, 1/1000 pt */
	gw_len x; /* position from the line's start, 1/1000 pt (set by break/) */
	uint32_t off; /* byte offset of the character in its text */
} gw_glyph;

typedef enum gw_item_kind { GW_ITEM_TEXT, GW_ITEM_IMAGE, GW_ITEM_RULE } gw_item_kind;

/*
 * One painted thing: a run of glyphs on one baseline, an image or a rule. A long document
 * holds tens of thousands (issue 14, point 4: 180 a page in the 334-page report), so the
 * fields are ordered to leave no padding and the flags are bytes: 64 bytes (was 80).
 */
typedef struct gw_item {
	uint8_t kind; /* a gw_item_kind */
	uint8_t bold; /* text: 1 to embolden (fill, then stroke with a width of size / 30) */
	uint8_t multiply; /* image: 1 to draw with the Multiply blend mode (a seal prints like
	                     ink over the text under it) */
	int hscale; /* text: horizontal scale in 1/1000 (glyph x values are already scaled);
	               0 means 1000. A 发文机关标志 too wide for the type area is compressed */
	gw_len x; /* text: x of the run start; image: left edge. From the page's left */
	gw_len y; /* text: baseline; image: top edge. From the page's top, downwards */
	gw_len size; /* text: font size, 1/1000 pt */
	int nglyphs; /* text: entries of glyphs */
	gw_glyph *glyphs; /* text: glyphs with x relative to the item's x (owned by pages) */
	const char *path; /* image: PNG file (borrowed from the doc) */
	const gw_image *image; /* image: its pixels, decoded at load (borrowed from the doc) */
	gw_len w, h; /* image: drawn size; rule: the end point minus (x, y). 1/1000 pt */
	gw_len lw; /* rule: line width, 1/1000 pt */
	gw_rgb color; /* text: fill colour; rule: stroke colour (0: black) */
} gw_item;

typedef struct gw_page {
	gw_item *items; /* in painting order */
	int nitems, cap;
	int number; /* 1-based page number */
	int no_number; /* 1: no page number painted (GB/T 9704-2012 7.5: the blank page before
	                  the 版记 page and that page; 10.1: page 1 of a 信函) */
	gw_len empty; /* grid height (lines_per_page x pitch) left empty below the page's
	                 content, 1/1000 pt (issue 12, point 4: the trace's waste line) */
	gw_len grid; /* the grid's height (lines_per_page x pitch), 1/1000 pt */
	const char *why; /* why the page ends there: a rule's name ("keep-group"), "fill"
	                    (the next line did not fit) or "last" (static string) */
	int paper; /* 1: the page starts with its paper (a white fill) even without a Multiply
	              seal among its items: render --sign took the seal into the signature */
} gw_page;

/* An entry of the PDF outline (bookmarks): the title and the headings. */
typedef struct gw_outline {
	int level; /* 0 for the title, 1-4 for h1-h4 */
	char *title; /* UTF-8, owned */
	int page; /* 1-based page the entry points to */
	gw_len y; /* top of its first line, from the page top, 1/1000 pt */
} gw_outline;

typedef struct gw_pages {
	gw_page *v;
	int n, cap;
	gw_len w, h; /* paper size, 1/1000 pt */
	gw_outline *outline; /* bookmarks in document order (owned) */
	int noutline;
} gw_pages;

#endif
