/*
 * extends.h: a layout and the layouts it extends, read as one (docs/templates.md section 1).
 *
 * In: the loaded JSON of a layout. Out: the chain of files it extends ("extends": a name from
 * layouts/ or a path relative to the file), nearest first, and the merged view of their
 * top-level keys: "fonts", "styles", "templates" and "blocks" merged by entry name (a nearer
 * file's entry replaces a farther one's whole), every other key taken whole from the nearest
 * file that has it. Every value is returned with the file that holds it, so errors point there.
 * Errors: a parent that is not found, a cycle, more than GW_MAX_EXTENDS links (each at the
 * "extends" value at fault), and whatever the parent files' JSON holds.
 */
#ifndef GW_LOAD_EXTENDS_H
#define GW_LOAD_EXTENDS_H

#include "../base/diag.h"
#include "../base/rt.h"
#include "../gw.h"
#include "json.h"

/* A value of the merged layout and the file it is in. */
typedef struct gw_lval {
	const gw_json *j; /* the file; NULL when no file of the chain has the value */
	const cJSON *v; /* the value (for a merged entry: the member, v->string its name) */
} gw_lval;

/* A layout file and its ancestors, nearest first; files[0] is the layout itself. */
typedef struct gw_chain {
	const gw_json *files[GW_MAX_EXTENDS + 1];
	int n;
} gw_chain;

/*
 * Loads the ancestors of j into c (c->files[0] = j); "extends" may name a path only when
 * rt->allow_paths (gw_find_named_layout; rt NULL: allowed), and in a confined rt only a file
 * inside its folders (base/rt.h). The parents' gw_json are appended to *owned (grown with
 * realloc; *nowned counts them) for the caller to drop. Returns 0, or -1 after adding errors
 * to d (c then holds the files read so far).
 */
int gw_chain_load(const gw_json *j, gw_diags *d, const gw_rt *rt, gw_chain *c, gw_json ***owned,
                  int *nowned);

/* The value of top-level key in the nearest file that has it ({NULL, NULL} when none). */
gw_lval gw_chain_value(const gw_chain *c, const char *key);

/*
 * The entries of the named map at top-level key, merged along the chain from the farthest file
 * to the nearest: an entry replaces the earlier one of its name in place, a new name is added
 * at the end. A value that is not an object is reported and skipped. *out is malloc'ed.
 */
void gw_chain_entries(const gw_chain *c, const char *key, gw_diags *d, gw_lval **out, int *n);

/*
 * Follows the "from" of a "templates" entry e (docs/templates.md section 3): *out is the entry
 * it stands for, in the file that holds it (e itself without "from"). The files read are
 * appended to *owned as by gw_chain_load. Returns 0, or -1 after adding errors to d.
 */
int gw_chain_from(const gw_lval *e, gw_diags *d, const gw_rt *rt, gw_json ***owned, int *nowned,
                  gw_lval *out);

#endif
