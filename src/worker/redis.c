/*
 * redis.c: hiredis loaded with dlopen when `gongwen worker` connects (see redis.h).
 *
 * In: the library's soname, GW_HIREDIS_SONAME (the Makefile reads it from the library
 * linked against at build time). Out: gw_hiredis filled, or the reason it cannot be.
 */
#include "redis.h"

#include <dlfcn.h>
#include <stdio.h>

/* Debian 12's, when the Makefile could not read it (then GW_HIREDIS_SONAME is "") */
#define DEFAULT_SONAME "libhiredis.so.0.14"
#ifndef GW_HIREDIS_SONAME
#define GW_HIREDIS_SONAME DEFAULT_SONAME /* Debian 12's libhiredis0.14 */
#endif

gw_hiredis_api gw_hiredis;
static void *handle; /* the library, loaded once and kept for the process */

/*
 * Stores dlsym(h, name) in *slot (a function pointer's storage: POSIX dlsym returns functions
 * as void *, "Application Usage" of dlsym in POSIX.1-2017). Returns 0, or -1 when missing.
 */
static int sym(void *h, const char *name, void *slot)
{
	void *p = dlsym(h, name);
	if (!p)
		return -1;
	*(void **)slot = p;
	return 0;
}

int gw_hiredis_load(char *err, size_t errlen)
{
	if (handle)
		return 0;
	const char *so = GW_HIREDIS_SONAME[0] ? GW_HIREDIS_SONAME : DEFAULT_SONAME;
	void *h = dlopen(so, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(err, errlen, "cannot load hiredis (%s): %s", so, dlerror());
		return -1;
	}
	const char *missing = NULL;
#define SYM(field, name)                                                                           \
	if (!missing && sym(h, name, &gw_hiredis.field) != 0)                                      \
		missing = name;
	SYM(connect_with_timeout, "redisConnectWithTimeout")
	SYM(free, "redisFree")
	SYM(vcommand, "redisvCommand")
	SYM(command_argv, "redisCommandArgv")
	SYM(set_timeout, "redisSetTimeout")
	SYM(free_reply, "freeReplyObject")
#undef SYM
	if (missing) {
		snprintf(err, errlen, "hiredis (%s) has no function %s", so, missing);
		dlclose(h);
		return -1;
	}
	handle = h;
	return 0;
}

void *gw_redis_command(redisContext *c, const char *format, ...)
{
	va_list ap;
	va_start(ap, format);
	void *r = gw_hiredis.vcommand(c, format, ap);
	va_end(ap);
	return r;
}
