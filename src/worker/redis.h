/*
 * redis.h: hiredis for `gongwen worker`, loaded with dlopen when the worker connects
 * (worker/redis.c) instead of linked, so that the other commands do not map and relocate it
 * (issue 14: the fixed cost of a render).
 *
 * In: nothing. Out: gw_hiredis, a table of the hiredis functions the worker calls, filled
 * by gw_hiredis_load; the types and constants are still hiredis.h's.
 */
#ifndef GW_WORKER_REDIS_H
#define GW_WORKER_REDIS_H

#include <stdarg.h>
#include <stddef.h>
#include <sys/time.h>

#include <hiredis/hiredis.h>

/* The hiredis functions the worker calls; each field is the function of the same name. */
typedef struct gw_hiredis_api {
	redisContext *(*connect_with_timeout)(const char *ip, int port, const struct timeval tv);
	void (*free)(redisContext *c);
	void *(*vcommand)(redisContext *c, const char *format, va_list ap);
	void *(*command_argv)(redisContext *c, int argc, const char **argv, const size_t *argvlen);
	int (*set_timeout)(redisContext *c, const struct timeval tv);
	void (*free_reply)(void *reply);
} gw_hiredis_api;

/* The table; valid after gw_hiredis_load returned 0. */
extern gw_hiredis_api gw_hiredis;

/*
 * Loads hiredis (its soname as built against: GW_HIREDIS_SONAME) and fills gw_hiredis; a
 * second call does nothing. Returns 0, or -1 with a sentence in err.
 */
int gw_hiredis_load(char *err, size_t errlen);

/* redisCommand through gw_hiredis: a reply (free with gw_hiredis.free_reply) or NULL. */
void *gw_redis_command(redisContext *c, const char *format, ...);

#endif
