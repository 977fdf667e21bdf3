/*
 * dl.c: the commands' dlopen loader (see dl.h).
 *
 * In: a soname and a symbol table. Out: the handle and the filled slots, or a message.
 */
#include "dl.h"

#include <dlfcn.h>
#include <stdio.h>

void *gw_dl_load(const char *soname, const char *what, const gw_dl_sym *syms, size_t n, char *err,
                 size_t errlen)
{
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(err, errlen, "cannot load %s (%s): %s", what, soname, dlerror());
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		/* POSIX dlsym returns functions as void * ("Application Usage" of dlsym in
		 * POSIX.1-2017): stored through the slot's object representation */
		void *p = dlsym(h, syms[i].name);
		if (!p) {
			snprintf(err, errlen, "%s (%s) has no function %s", what, soname,
			         syms[i].name);
			dlclose(h);
			return NULL;
		}
		*(void **)syms[i].slot = p;
	}
	return h;
}
