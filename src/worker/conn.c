/*
 * conn.c: a connection to Redis for `gongwen worker` (see conn.h).
 *
 * In: a redis:// URL. Out: a hiredis context, connected, authenticated, database selected.
 * hiredis 0.14 (Debian 12) speaks RESP2 only, which every command the worker sends needs.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "../base/util.h"
#include "conn.h"

/* The value of a hexadecimal digit, or -1. */
static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes %XX escapes of s[0..n) into a new string (malloc'ed); NULL when one is bad. */
static char *unescape(const char *s, size_t n)
{
	char *r = malloc(n + 1);
	if (!r)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '%') {
			r[k++] = s[i];
			continue;
		}
		int hi = i + 2 < n ? hexval(s[i + 1]) : -1, lo = i + 2 < n ? hexval(s[i + 2]) : -1;
		if (hi < 0 || lo < 0 || (hi | lo) == 0) {
			free(r);
			return NULL;
		}
		r[k++] = (char)(hi * 16 + lo);
		i += 2;
	}
	r[k] = 0;
	return r;
}

/* Parses a decimal integer s[0..n) in [lo, hi] into *out; returns 0 or -1. */
static int parse_int(const char *s, size_t n, long lo, long hi, int *out)
{
	if (n == 0 || n > 9)
		return -1;
	long v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

/*
 * redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]; HOST may be [IPv6]. Returns 0, or -1 with a
 * message in err (which quotes the URL only up to its host, never the password).
 */
int gw_redis_url_parse(const char *url, gw_redis_url *u, char *err, size_t errsz)
{
	memset(u, 0, sizeof *u);
	u->port = 6379;
	const char *p = url;
	if (strncmp(p, "redis://", 8) != 0) {
		snprintf(err, errsz, "--redis must be a URL redis://HOST[:PORT][/DB]");
		return -1;
	}
	p += 8;
	const char *end = p + strcspn(p, "/");
	const char *at = NULL;
	for (const char *q = p; q < end; q++)
		if (*q == '@')
			at = q;
	if (at) {
		const char *colon = memchr(p, ':', (size_t)(at - p));
		if (!colon) {
			snprintf(err, errsz,
			         "--redis: the part before '@' must be [USER]:PASSWORD");
			goto fail;
		}
		if (colon > p && !(u->user = unescape(p, (size_t)(colon - p))))
			goto bad_escape;
		if (!(u->password = unescape(colon + 1, (size_t)(at - colon - 1))))
			goto bad_escape;
		p = at + 1;
	}
	const char *hend, *port = NULL;
	if (*p == '[') {
		const char *rb = memchr(p, ']', (size_t)(end - p));
		if (!rb) {
			snprintf(err, errsz, "--redis: an IPv6 host needs its closing ']'");
			goto fail;
		}
		u->host = gw_xasprintf("%.*s", (int)(rb - p - 1), p + 1);
		hend = rb + 1;
		if (hend < end && *hend != ':') {
			snprintf(err, errsz, "--redis: unexpected text after the host");
			goto fail;
		}
		if (hend < end)
			port = hend + 1;
	} else {
		const char *colon = memchr(p, ':', (size_t)(end - p));
		hend = colon ? colon : end;
		u->host = gw_xasprintf("%.*s", (int)(hend - p), p);
		if (colon)
			port = colon + 1;
	}
	if (!u->host[0]) {
		snprintf(err, errsz, "--redis: no host in the URL");
		goto fail;
	}
	if (port && parse_int(port, (size_t)(end - port), 1, 65535, &u->port) < 0) {
		snprintf(err, errsz, "--redis: the port must be a number 1..65535");
		goto fail;
	}
	if (*end == '/' && end[1] && parse_int(end + 1, strlen(end + 1), 0, 1000000, &u->db) < 0) {
		snprintf(err, errsz, "--redis: the database after '/' must be a number");
		goto fail;
	}
	return 0;
bad_escape:
	snprintf(err, errsz, "--redis: a bad %%XX escape in the user or password");
fail:
	gw_redis_url_free(u);
	return -1;
}

void gw_redis_url_free(gw_redis_url *u)
{
	free(u->host);
	free(u->user);
	free(u->password);
	memset(u, 0, sizeof *u);
}

/* The server's error reply, else the connection's error text, else a generic one. */
const char *gw_redis_error(const redisContext *c, const redisReply *reply, char *buf, size_t n)
{
	if (reply && reply->type == REDIS_REPLY_ERROR)
		snprintf(buf, n, "%s", reply->str);
	else if (c && c->err)
		snprintf(buf, n, "%s", c->errstr[0] ? c->errstr : "connection error");
	else
		snprintf(buf, n, "unexpected reply");
	return buf;
}

/* Milliseconds as a struct timeval. */
static struct timeval ms_tv(int ms)
{
	struct timeval tv = {.tv_sec = ms / 1000, .tv_usec = (ms % 1000) * 1000};
	return tv;
}

/* Connects, AUTHs, SELECTs (see conn.h). */
redisContext *gw_redis_connect(const gw_redis_url *u, int timeout_ms, int read_ms, char *err,
                               size_t errsz)
{
	char e[256];
	if (gw_hiredis_load(err, errsz) != 0)
		return NULL;
	redisContext *c = gw_hiredis.connect_with_timeout(u->host, u->port, ms_tv(timeout_ms));
	if (!c) {
		snprintf(err, errsz, "cannot connect to Redis at %s:%d: out of memory", u->host,
		         u->port);
		return NULL;
	}
	if (c->err) {
		snprintf(err, errsz, "cannot connect to Redis at %s:%d: %s", u->host, u->port,
		         c->errstr);
		gw_hiredis.free(c);
		return NULL;
	}
	redisReply *r = NULL;
	if (u->password) {
		if (u->user)
			r = gw_redis_command(c, "AUTH %s %s", u->user, u->password);
		else
			r = gw_redis_command(c, "AUTH %s", u->password);
		if (!r || r->type == REDIS_REPLY_ERROR) {
			snprintf(err, errsz, "Redis at %s:%d refused the login: %s", u->host,
			         u->port, gw_redis_error(c, r, e, sizeof e));
			goto fail;
		}
		gw_hiredis.free_reply(r);
	}
	if (u->db) {
		r = gw_redis_command(c, "SELECT %d", u->db);
		if (!r || r->type == REDIS_REPLY_ERROR) {
			snprintf(err, errsz, "Redis at %s:%d: cannot select database %d: %s",
			         u->host, u->port, u->db, gw_redis_error(c, r, e, sizeof e));
			goto fail;
		}
		gw_hiredis.free_reply(r);
	}
	if (gw_hiredis.set_timeout(c, ms_tv(read_ms)) != REDIS_OK) {
		snprintf(err, errsz, "cannot set the Redis read timeout: %s", strerror(errno));
		gw_hiredis.free(c);
		return NULL;
	}
	return c;
fail:
	if (r)
		gw_hiredis.free_reply(r);
	gw_hiredis.free(c);
	return NULL;
}
