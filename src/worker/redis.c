/*
 * redis.c: hiredis loaded with dlopen when `gongwen worker` connects (see redis.h).
 *
 * In: the library's soname, GW_HIREDIS_SONAME (the Makefile reads it from the library
 * linked against at build time). Out: gw_hiredis filled, or the reason it cannot be.
 */
#include "redis.h"

#include "../cli/dl.h"

#include <stdio.h>

/* Debian 12's, when the Makefile could not read it (then GW_HIREDIS_SONAME is "") */
#define DEFAULT_SONAME "libhiredis.so.0.14"
#ifndef GW_HIREDIS_SONAME
#define GW_HIREDIS_SONAME DEFAULT_SONAME /* Debian 12's libhiredis0.14 */
#endif

gw_hiredis_api gw_hiredis;
static void *handle; /* the library, loaded once and kept for the process */

int gw_hiredis_load(char *err, size_t errlen)
{
	if (handle)
		return 0;
	const char *so = GW_HIREDIS_SONAME[0] ? GW_HIREDIS_SONAME : DEFAULT_SONAME;
	const gw_dl_sym syms[] = {
	        {"redisConnectWithTimeout", &gw_hiredis.connect_with_timeout},
	        {"redisFree", &gw_hiredis.free},
	        {"redisvCommand", &gw_hiredis.vcommand},
	        {"redisCommandArgv", &gw_hiredis.command_argv},
	        {"redisSetTimeout", &gw_hiredis.set_timeout},
	        {"freeReplyObject", &gw_hiredis.free_reply},
	};
	handle = gw_dl_load(so, "hiredis", syms, sizeof syms / sizeof syms[0], err, errlen);
	return handle ? 0 : -1;
}

void *gw_redis_command(redisContext *c, const char *format, ...)
{
	va_list ap;
	va_start(ap, format);
	void *r = gw_hiredis.vcommand(c, format, ap);
	va_end(ap);
	return r;
}
