/*
 * dl.h: a shared library loaded with dlopen by one command (serve: libmicrohttpd; worker:
 * hiredis), so that the other commands neither map nor relocate it (issue 14, point 2).
 *
 * In: the soname, a name for messages and a table of (symbol, slot) pairs. Out: the library's
 * handle with every slot filled, or the reason in err. Loaded once per process by the command
 * that needs it, before any thread of its own starts.
 */
#ifndef GW_CLI_DL_H
#define GW_CLI_DL_H

#include <stddef.h>

/* One function to look up: its symbol and where its address goes (a function pointer's
 * storage). */
typedef struct gw_dl_sym {
	const char *name;
	void *slot;
} gw_dl_sym;

/*
 * dlopens soname (RTLD_NOW | RTLD_LOCAL) and fills every slot of syms[0..n). what names the
 * library in messages ("libmicrohttpd"). Returns the handle (kept for the process), or NULL
 * with "cannot load WHAT (SONAME): REASON" or "WHAT (SONAME) has no function NAME" in err.
 */
void *gw_dl_load(const char *soname, const char *what, const gw_dl_sym *syms, size_t n, char *err,
                 size_t errlen);

#endif
