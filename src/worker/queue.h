/*
 * queue.h: the Redis Streams side of `gongwen worker`: a consumer group as a job queue.
 *
 * In: a connection, the job stream and its group, this consumer's name. Out: job entries,
 * one at a time (new ones by XREADGROUP, or entries another consumer left pending longer
 * than the claim timeout, by XAUTOCLAIM, with their delivery count), and each job finished
 * exactly once: its result published (and, for a job given up, a dead-letter entry) and the
 * entry acknowledged in one Lua script, so that a result exists if and only if the entry was
 * acknowledged, and a second worker finishing the same entry publishes nothing.
 */
#ifndef GW_WORKER_QUEUE_H
#define GW_WORKER_QUEUE_H

#include <stddef.h>

#include "redis.h"

typedef struct gw_queue {
	redisContext *c; /* the connection (not owned) */
	const char *stream, *group, *consumer; /* names (not owned) */
	const char *results; /* the results stream (not owned) */
	const char *dead; /* the dead-letter stream (not owned) */
	int claim_idle_ms; /* pending longer than this: another consumer's entry may be taken */
	int block_ms; /* how long one XREADGROUP waits for a new entry */
	char cursor[64]; /* where the next XAUTOCLAIM starts ("0-0": the beginning) */
} gw_queue;

/* One job entry; strings owned (gw_entry_free). */
typedef struct gw_entry {
	char *id; /* the stream entry's id, e.g. "1700000000000-0" */
	char *job; /* the "job" field's bytes (NUL-terminated), NULL when the entry has none */
	size_t job_len; /* its length */
	long long deliveries; /* times the group has delivered it, this one included */
	int claimed; /* 1: taken over from another consumer (XAUTOCLAIM) */
} gw_entry;

void gw_entry_free(gw_entry *e);

/*
 * Creates the group at the stream's beginning (and the stream: MKSTREAM) unless it exists.
 * Returns 0, or -1 with a message in err.
 */
int gw_queue_init(gw_queue *q, char *err, size_t errsz);

/*
 * The next entry to work on: first one pending for longer than claim_idle_ms (any consumer's,
 * ours included), else a new one, waiting up to block_ms. Returns 1 with *e filled, 0 when
 * nothing came, -1 with a message in err (connection lost, bad reply).
 */
int gw_queue_next(gw_queue *q, gw_entry *e, char *err, size_t errsz);

/*
 * Finishes entry id: XACK, and only when that acknowledged it (it was still pending), XADD
 * the result fields rf[0..nr) (name, value, name, value...) to the results stream and, when
 * nd > 0, the fields df[0..nd) to the dead-letter stream; atomically. Lengths in rl, dl.
 * Returns 1 when published, 0 when the entry was no longer pending (another worker finished
 * it first: nothing published), -1 with a message in err.
 */
int gw_queue_finish(gw_queue *q, const char *id, const char *const *rf, const size_t *rl, int nr,
                    const char *const *df, const size_t *dl, int nd, char *err, size_t errsz);

/* Stores bytes under key (SET). Returns 0, or -1 with a message in err. */
int gw_queue_store(gw_queue *q, const char *key, const unsigned char *bytes, size_t len, char *err,
                   size_t errsz);

#endif
