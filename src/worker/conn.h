/*
 * conn.h: a connection to Redis for `gongwen worker` (hiredis, the synchronous API).
 *
 * In: a URL redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]. Out: a connected, authenticated
 * redisContext with the database selected, or a message naming the URL (never its password).
 */
#ifndef GW_WORKER_CONN_H
#define GW_WORKER_CONN_H

#include <stddef.h>

#include "redis.h"

/* A parsed redis:// URL; every string owned. */
typedef struct gw_redis_url {
	char *host; /* host name or address (brackets of an IPv6 address removed) */
	int port; /* default 6379 */
	char *user; /* NULL: none (AUTH with the password alone) */
	char *password; /* NULL: no AUTH */
	int db; /* default 0 */
} gw_redis_url;

/* Parses url into u. Returns 0, or -1 with a message in err. */
int gw_redis_url_parse(const char *url, gw_redis_url *u, char *err, size_t errsz);
void gw_redis_url_free(gw_redis_url *u);

/*
 * Connects to u within timeout_ms, authenticates, selects the database and sets the read
 * timeout to read_ms (it must exceed every BLOCK the caller sends). Returns the context, or
 * NULL with a message in err.
 */
redisContext *gw_redis_connect(const gw_redis_url *u, int timeout_ms, int read_ms, char *err,
                               size_t errsz);

/*
 * A short text for a failed command: the server's error reply, or the connection's error.
 * reply may be NULL; the text is in buf.
 */
const char *gw_redis_error(const redisContext *c, const redisReply *reply, char *buf, size_t n);

#endif
