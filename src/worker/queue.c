/*
 * queue.c: a Redis Streams consumer group as a job queue (see queue.h).
 *
 * In: a hiredis connection. Out: entries to work on, and each finished exactly once.
 * Commands: XGROUP CREATE ... MKSTREAM, XAUTOCLAIM (Redis >= 6.2), XPENDING (the delivery
 * count of a claimed entry), XREADGROUP ... BLOCK, SET, and EVAL of one script (FINISH) that
 * acknowledges and publishes together.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/util.h"
#include "conn.h"
#include "queue.h"

/*
 * KEYS: the job stream, the results stream, the dead-letter stream. ARGV: the group, the
 * entry id, n, then n result arguments (field value ...), then the dead-letter arguments.
 * XACK first: an entry that is no longer pending (another worker acknowledged it) gets no
 * second result. A script runs atomically, so a result is never without its XACK.
 */
static const char FINISH[] =
        "if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end\n"
        "local n = tonumber(ARGV[3])\n"
        "local r = {}\n"
        "for i = 1, n do r[i] = ARGV[3 + i] end\n"
        "redis.call('XADD', KEYS[2], '*', unpack(r))\n"
        "if #ARGV > 3 + n then\n"
        "  local d = {}\n"
        "  for i = 4 + n, #ARGV do d[#d + 1] = ARGV[i] end\n"
        "  redis.call('XADD', KEYS[3], '*', unpack(d))\n"
        "end\n"
        "return 1\n";

void gw_entry_free(gw_entry *e)
{
	free(e->id);
	free(e->job);
	memset(e, 0, sizeof *e);
}

/* Creates the group (see queue.h). */
int gw_queue_init(gw_queue *q, char *err, size_t errsz)
{
	char e[256];
	snprintf(q->cursor, sizeof q->cursor, "0-0");
	redisReply *r =
	        gw_redis_command(q->c, "XGROUP CREATE %s %s 0 MKSTREAM", q->stream, q->group);
	int ok = r && (r->type != REDIS_REPLY_ERROR || strncmp(r->str, "BUSYGROUP", 9) == 0);
	if (!ok)
		snprintf(err, errsz, "cannot create the group %s of the stream %s: %s", q->group,
		         q->stream, gw_redis_error(q->c, r, e, sizeof e));
	if (r)
		gw_hiredis.free_reply(r);
	return ok ? 0 : -1;
}

/*
 * Fills e from an entry reply [id, [field, value, ...]]: its id and its "job" field.
 * Returns 0, or -1 when the reply has another shape. A deleted entry (fields nil) is
 * taken with no job.
 */
static int take_entry(const redisReply *x, gw_entry *e)
{
	if (x->type != REDIS_REPLY_ARRAY || x->elements != 2 ||
	    x->element[0]->type != REDIS_REPLY_STRING)
		return -1;
	memset(e, 0, sizeof *e);
	e->id = gw_xstrdup(x->element[0]->str);
	const redisReply *f = x->element[1];
	if (f->type != REDIS_REPLY_ARRAY)
		return 0;
	for (size_t i = 0; i + 1 < f->elements; i += 2) {
		const redisReply *k = f->element[i], *v = f->element[i + 1];
		if (k->type == REDIS_REPLY_STRING && strcmp(k->str, "job") == 0 &&
		    v->type == REDIS_REPLY_STRING) {
			e->job = gw_xmalloc(v->len + 1);
			memcpy(e->job, v->str, v->len);
			e->job[v->len] = 0;
			e->job_len = v->len;
			break;
		}
	}
	return 0;
}

/* The delivery count of a pending entry (XPENDING's extended form), or -1. */
static long long deliveries(gw_queue *q, const char *id)
{
	redisReply *r =
	        gw_redis_command(q->c, "XPENDING %s %s %s %s 1", q->stream, q->group, id, id);
	long long n = -1;
	if (r && r->type == REDIS_REPLY_ARRAY && r->elements == 1 &&
	    r->element[0]->type == REDIS_REPLY_ARRAY && r->element[0]->elements == 4 &&
	    r->element[0]->element[3]->type == REDIS_REPLY_INTEGER)
		n = r->element[0]->element[3]->integer;
	if (r)
		gw_hiredis.free_reply(r);
	return n;
}

/*
 * One XAUTOCLAIM step from the cursor: 1 with *e (its delivery count read after the
 * claim), 0 when no entry was claimed this step, -1 (err).
 */
static int claim(gw_queue *q, gw_entry *e, char *err, size_t errsz)
{
	char m[256];
	redisReply *r = gw_redis_command(q->c, "XAUTOCLAIM %s %s %s %d %s COUNT 1", q->stream,
	                                 q->group, q->consumer, q->claim_idle_ms, q->cursor);
	if (!r || r->type != REDIS_REPLY_ARRAY || r->elements < 2 ||
	    r->element[0]->type != REDIS_REPLY_STRING || r->element[1]->type != REDIS_REPLY_ARRAY) {
		snprintf(err, errsz, "XAUTOCLAIM on %s failed: %s", q->stream,
		         gw_redis_error(q->c, r, m, sizeof m));
		if (r)
			gw_hiredis.free_reply(r);
		return -1;
	}
	snprintf(q->cursor, sizeof q->cursor, "%s", r->element[0]->str);
	int got = 0;
	const redisReply *list = r->element[1];
	for (size_t i = 0; i < list->elements && !got; i++) {
		/* Redis 6.2 gives a deleted entry as [id, nil]; 7.0 lists it apart, unclaimed */
		if (take_entry(list->element[i], e) < 0)
			continue;
		e->claimed = 1;
		e->deliveries = deliveries(q, e->id);
		got = 1;
	}
	gw_hiredis.free_reply(r);
	return got;
}

/* The next entry (see queue.h). */
int gw_queue_next(gw_queue *q, gw_entry *e, char *err, size_t errsz)
{
	char m[256];
	/* a full pass of the pending list at most: the cursor comes back to 0-0 at its end */
	for (int pass = 0; pass < 64; pass++) {
		int c = claim(q, e, err, errsz);
		if (c != 0)
			return c;
		if (strcmp(q->cursor, "0-0") == 0)
			break;
	}
	redisReply *r =
	        gw_redis_command(q->c, "XREADGROUP GROUP %s %s COUNT 1 BLOCK %d STREAMS %s >",
	                         q->group, q->consumer, q->block_ms, q->stream);
	if (!r || r->type == REDIS_REPLY_ERROR) {
		snprintf(err, errsz, "XREADGROUP on %s failed: %s", q->stream,
		         gw_redis_error(q->c, r, m, sizeof m));
		if (r)
			gw_hiredis.free_reply(r);
		return -1;
	}
	int got = 0;
	/* [[stream, [[id, [field, value, ...]]]]], or nil when BLOCK timed out */
	if (r->type == REDIS_REPLY_ARRAY && r->elements == 1 &&
	    r->element[0]->type == REDIS_REPLY_ARRAY && r->element[0]->elements == 2 &&
	    r->element[0]->element[1]->type == REDIS_REPLY_ARRAY &&
	    r->element[0]->element[1]->elements >= 1 &&
	    take_entry(r->element[0]->element[1]->element[0], e) == 0) {
		e->deliveries = 1;
		got = 1;
	}
	gw_hiredis.free_reply(r);
	return got;
}

/* Acknowledges and publishes in one script (see queue.h). */
int gw_queue_finish(gw_queue *q, const char *id, const char *const *rf, const size_t *rl, int nr,
                    const char *const *df, const size_t *dl, int nd, char *err, size_t errsz)
{
	int argc = 9 + nr + nd;
	const char **argv = gw_xmalloc(sizeof *argv * (size_t)argc);
	size_t *lens = gw_xmalloc(sizeof *lens * (size_t)argc);
	char nbuf[16];
	snprintf(nbuf, sizeof nbuf, "%d", nr);
	const char *head[9] = {"EVAL",  FINISH,   "3", q->stream, q->results,
	                       q->dead, q->group, id,  nbuf};
	for (int i = 0; i < 9; i++)
		argv[i] = head[i], lens[i] = strlen(head[i]);
	for (int i = 0; i < nr; i++)
		argv[9 + i] = rf[i], lens[9 + i] = rl[i];
	for (int i = 0; i < nd; i++)
		argv[9 + nr + i] = df[i], lens[9 + nr + i] = dl[i];
	redisReply *r = gw_hiredis.command_argv(q->c, argc, argv, lens);
	free(argv);
	free(lens);
	int ret;
	char m[256];
	if (r && r->type == REDIS_REPLY_INTEGER) {
		ret = r->integer ? 1 : 0;
	} else {
		snprintf(err, errsz, "cannot publish the result of %s: %s", id,
		         gw_redis_error(q->c, r, m, sizeof m));
		ret = -1;
	}
	if (r)
		gw_hiredis.free_reply(r);
	return ret;
}

/* SET key bytes (see queue.h). */
int gw_queue_store(gw_queue *q, const char *key, const unsigned char *bytes, size_t len, char *err,
                   size_t errsz)
{
	char m[256];
	redisReply *r = gw_redis_command(q->c, "SET %s %b", key, (const char *)bytes, len);
	int ok = r && r->type == REDIS_REPLY_STATUS;
	if (!ok)
		snprintf(err, errsz, "cannot store %s: %s", key,
		         gw_redis_error(q->c, r, m, sizeof m));
	if (r)
		gw_hiredis.free_reply(r);
	return ok ? 0 : -1;
}
