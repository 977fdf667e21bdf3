/*
 * json.h: strict JSON loading with source positions.
 *
 * In: a file path. Out: a cJSON tree plus a side index that gives, for every value and
 * every object key, its 1-based line and column (columns count code points), its JSON
 * pointer, and the source position of any byte inside a decoded string value.
 *
 * On top of cJSON (which is lenient) the loader rejects, each as a diagnostic:
 * invalid UTF-8 (every bad sequence, with its position), JSON syntax errors (the first one,
 * with a reason), duplicate keys, numbers that are not finite, nesting deeper than
 * GW_MAX_NESTING, files larger than GW_MAX_FILE_BYTES, \u0000 in strings.
 * Every error of a file is reported at once (syntax errors stop the scan, the others not).
 */
#ifndef GW_JSON_H
#define GW_JSON_H

#include <stddef.h>
#include <stdint.h>

#include <cJSON.h>

#include "../base/diag.h"
#include "../base/rt.h"

typedef struct gw_json gw_json;

typedef struct gw_srcpos {
	uint32_t line; /* 1-based line */
	uint32_t col; /* 1-based column, in code points */
} gw_srcpos;

/*
 * Loads and checks path; `name` is how the file is called in messages (usually path).
 * Returns NULL after adding diagnostics to d on any error (I/O errors are reported as
 * "NAME: error: cannot read file: REASON"). The caller drops the result with gw_json_drop.
 */
gw_json *gw_json_load(const char *path, const char *name, gw_diags *d);

/* Same, from bytes in memory (copied); for tests and fuzzing. */
gw_json *gw_json_parse(const char *bytes, size_t len, const char *name, gw_diags *d);

/* gw_json_load and gw_json_parse with a size limit of max bytes (0 or more than
   GW_MAX_FILE_BYTES: GW_MAX_FILE_BYTES): a larger input is the error "file is larger
   than ...". */
gw_json *gw_json_load_max(const char *path, const char *name, size_t max, gw_diags *d);
gw_json *gw_json_parse_max(const char *bytes, size_t len, const char *name, size_t max,
                           gw_diags *d);

/*
 * The runtime (base/rt.h) of the context a file belongs to: files a value of it names (a
 * seal image) are read under its rules (confinement). Borrowed; NULL: none.
 */
void gw_json_set_rt(gw_json *j, const gw_rt *rt);
const gw_rt *gw_json_rt(const gw_json *j);

void gw_json_drop(gw_json *j);

/* The root value (borrowed; lives as long as j). */
const cJSON *gw_json_root(const gw_json *j);

/* The file name used in messages (borrowed). */
const char *gw_json_name(const gw_json *j);

/* Position of a value's first character (for a string: its opening quote). */
gw_srcpos gw_json_pos(const gw_json *j, const cJSON *item);

/* Position of the key of an object member (its opening quote); the value's for others. */
gw_srcpos gw_json_key_pos(const gw_json *j, const cJSON *item);

/*
 * Position in the source of the character that starts at byte `offset` of the decoded
 * string value of `item` (escape sequences are accounted for).
 */
gw_srcpos gw_json_text_pos(const gw_json *j, const cJSON *item, size_t offset);

/* JSON pointer of item ("" for the root), malloc'ed; the caller frees it. */
char *gw_json_pointer(const gw_json *j, const cJSON *item);

/*
 * Adds an error at item's value (at_key = 0) or key (at_key = 1), with its JSON pointer.
 */
void gw_json_error(const gw_json *j, gw_diags *d, const cJSON *item, int at_key, const char *fmt,
                   ...) __attribute__((format(printf, 5, 6)));

/* Adds a warning at item's value (at_key = 0) or key (at_key = 1), with its JSON pointer. */
void gw_json_warning(const gw_json *j, gw_diags *d, const cJSON *item, int at_key, const char *fmt,
                     ...) __attribute__((format(printf, 5, 6)));

/* Adds a note at item's value (at_key = 0) or key (at_key = 1), with its JSON pointer. */
void gw_json_note(const gw_json *j, gw_diags *d, const cJSON *item, int at_key, const char *fmt,
                  ...) __attribute__((format(printf, 5, 6)));

/*
 * Reports every member of object obj whose key is not in `allowed` (NULL-terminated):
 * "unknown key \"kye\" (did you mean \"key\"?)" at the key, the hint when a known key
 * is within edit distance 2 (or differs only in case). Returns the number of errors added.
 */
int gw_json_check_keys(const gw_json *j, gw_diags *d, const cJSON *obj, const char *const *allowed);

/* The closest of `names` (NULL-terminated) to s within edit distance 2, or NULL. */
const char *gw_did_you_mean(const char *s, const char *const *names);

#endif
