/*
 * worker.c: `gongwen worker`, one consumer of a Redis stream of render jobs.
 *
 * In: argv (the Redis URL, the stream, the group, where PDFs go, the retry rules). Out: for
 * each job entry of the stream (a field "job" holding one job of the batch format,
 * src/batch/job.h), the PDF written atomically into --out-dir or stored in Redis
 * (--store-redis) and one result entry on the results stream; one line per job on stderr.
 *
 * Delivery is at least once, results exactly once: a job is acknowledged (XACK) in the same
 * script that publishes its result (queue.c), and only by the first worker to finish it.
 * - success, or bad input (the job or its data: it would fail again): a result, acked;
 * - a failure of the system (cannot write the PDF, I/O): not acked; the entry stays pending
 *   and is claimed again (XAUTOCLAIM) after --claim-idle by any worker, this one included;
 *   the --max-attempts-th failed delivery goes to the dead-letter stream with its
 *   diagnostics, with a result of status "dead", and is acked;
 * - a worker that dies mid-job leaves its entry pending: another claims it after
 *   --claim-idle; an entry delivered more than --max-attempts times (its workers kept dying)
 *   is dead-lettered without being run again.
 * SIGTERM or SIGINT: the current job is finished and published, then the worker exits 0.
 * One context (gw_ctx) per worker, so fonts and layouts are loaded once for all its jobs.
 */
#define _DEFAULT_SOURCE /* realpath */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cJSON.h>

#include "gongwen.h"

#include "../base/diag.h"
#include "../base/util.h"
#include "../batch/job.h"
#include "conn.h"
#include "queue.h"
#include "../cli/env.h"
#include "worker.h"

static const char usage[] =
        "usage: gongwen worker --redis redis://HOST:PORT --stream S --group G [--consumer NAME]\n"
        "                      (--out-dir DIR | --store-redis [--max-inline BYTES])\n"
        "                      [--claim-idle MS] [--max-attempts N] [--dead-letter S.dead]\n"
        "                      [--results S.results] [--block MS]\n";

static const char help[] =
        "gongwen worker: render the jobs of a Redis stream, as one consumer of a group.\n"
        "\n"
        "  --redis URL        redis://[[USER]:PASSWORD@]HOST[:PORT][/DB] (Redis >= 6.2)\n"
        "  --stream S         the stream of jobs: entries with a field \"job\" holding one job\n"
        "                     {\"data\": PATH | {...}, \"layout\": NAME-or-PATH, \"out\": PATH}\n"
        "  --group G          the consumer group (created at the stream's start if absent)\n"
        "  --consumer NAME    this worker's name in the group (default HOST-PID)\n"
        "  --out-dir DIR      write each PDF atomically to DIR/OUT (the job's \"out\", which\n"
        "                     must stay inside DIR; default: the data's name, or ID.pdf)\n"
        "  --store-redis      store each PDF in Redis under the key S:pdf:ID instead\n"
        "  --max-inline BYTES  the largest PDF --store-redis stores (default 4194304);\n"
        "                     a larger one is a failed job\n"
        "  --claim-idle MS    take over a job pending this long with another consumer (it\n"
        "                     died or hangs; default 60000): longer than the slowest job\n"
        "  --max-attempts N   deliveries before a job that keeps failing for a reason other\n"
        "                     than its input goes to the dead-letter stream (default 3)\n"
        "  --dead-letter S2   the dead-letter stream (default S.dead)\n"
        "  --results S3       the results stream (default S.results)\n"
        "  --block MS         how long one read waits for a new job (default 1000)\n"
        "\n"
        "Each job gets exactly one result entry on the results stream: fields id (the job's\n"
        "entry), status (ok, failed: bad input, not retried; dead: given up after N\n"
        "attempts, also on the dead-letter stream) and result (JSON: pages, bytes, sha256,\n"
        "out or key, diagnostics). SIGTERM finishes the current job, then exits 0.\n"
        "Exit status: 0 after SIGTERM or SIGINT, 1 a bad SOURCE_DATE_EPOCH, 2 usage error,\n"
        "3 Redis or I/O error (also: --out-dir is not there).\n";

/* The options of one worker. */
typedef struct wopts {
	const char *url, *stream, *group, *consumer;
	const char *out_dir; /* as given */
	char *out_abs; /* its real path (owned) */
	int store_redis;
	long long max_inline;
	int claim_idle_ms, max_attempts, block_ms;
	const char *dead, *results;
} wopts;

static volatile sig_atomic_t stopping;

/* SIGTERM, SIGINT: finish the current job, then stop. */
static void on_stop(int sig)
{
	(void)sig;
	stopping = 1;
}

/*
 * Installs on_stop for SIGTERM and SIGINT (no SA_RESTART: a blocking read returns, and
 * hiredis reads again until its BLOCK ends). Called again after every job: writing a PDF
 * may install base/output.c's handlers (which remove a named temporary file and end the
 * process), and the worker must keep its own.
 */
static void catch_stop(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
}

/* Parses a decimal number in [lo, hi] for option opt; returns 0, or -1 after a message. */
static int number(const char *opt, const char *s, long long lo, long long hi, long long *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi) {
		fprintf(stderr,
		        "gongwen worker: error: %s must be a number %lld..%lld, not \"%s\"\n", opt,
		        lo, hi, s);
		return -1;
	}
	*out = v;
	return 0;
}

/* Milliseconds since an arbitrary start (monotonic). */
static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Whether the resolved output path lies inside the output folder dir (an absolute real
 * path): dir + "/" + a relative rest without "." or ".." segments.
 */
static int inside(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	if (strncmp(path, dir, n) != 0 || path[n] != '/' || !path[n + 1])
		return 0;
	for (const char *s = path + n + 1; *s;) {
		size_t k = strcspn(s, "/");
		if (k == 0 || (k == 1 && s[0] == '.') || (k == 2 && s[0] == '.' && s[1] == '.'))
			return 0;
		s += k;
		if (*s == '/')
			s++;
		else
			break;
	}
	return path[strlen(path) - 1] != '/';
}

/* Makes the folders of path's parent below dir (mkdir -p); 0, or -1 with errno set. */
static int make_parents(const char *path, size_t dir_len)
{
	char *p = gw_xstrdup(path);
	for (char *s = p + dir_len + 1; (s = strchr(s, '/')); s++) {
		*s = 0;
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	free(p);
	return 0;
}

/* What became of one delivery of a job. */
enum outcome { DONE, FAILED, RETRY, DEAD };

/*
 * The result fields for the job (id, status, result JSON) and, for DEAD, the dead-letter
 * fields (id, attempts, job, result), published with the XACK. Returns queue's finish value.
 */
static int publish(gw_queue *q, const gw_entry *e, const gw_job *job, const gw_job_result *r,
                   enum outcome oc, const char *key, char *err, size_t errsz)
{
	cJSON *o = gw_job_result_cjson(job, r);
	const char *status = oc == DONE ? "ok" : oc == DEAD ? "dead" : "failed";
	cJSON_DeleteItemFromObjectCaseSensitive(o, "status");
	cJSON_AddStringToObject(o, "status", status);
	cJSON_AddStringToObject(o, "id", e->id);
	cJSON_AddStringToObject(o, "consumer", q->consumer);
	cJSON_AddNumberToObject(o, "attempts", (double)e->deliveries);
	if (key)
		cJSON_AddStringToObject(o, "key", key);
	char *json = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (!json) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	char attempts[32];
	snprintf(attempts, sizeof attempts, "%lld", e->deliveries);
	const char *rf[] = {"id", e->id, "status", status, "result", json};
	size_t rl[6];
	for (int i = 0; i < 6; i++)
		rl[i] = strlen(rf[i]);
	const char *df[] = {"id",     e->id, "attempts", attempts, "job", e->job ? e->job : "",
	                    "result", json};
	size_t dl[8];
	for (int i = 0; i < 8; i++)
		dl[i] = strlen(df[i]);
	if (e->job)
		dl[5] = e->job_len;
	int ret = gw_queue_finish(q, e->id, rf, rl, 6, df, dl, oc == DEAD ? 8 : 0, err, errsz);
	free(json);
	return ret;
}

/*
 * Works on one entry: runs its job (unless it has been delivered too often), writes or
 * stores the PDF and publishes the result. Returns 0, or -1 with a message in err when
 * Redis failed (the entry then stays pending for another worker).
 */
static int work(const wopts *w, gw_ctx *ctx, gw_queue *q, gw_entry *e, char *err, size_t errsz)
{
	long long t0 = now_ms();
	gw_job job = {0};
	gw_job_result r = {0};
	gw_diags *d = gw_diags_new();
	/* the job's name in messages, STREAM#ID; without '/', so that inline data's relative
	   paths (a seal) are relative to the current folder, as a data path is */
	char *src = gw_xasprintf("%s#%s", w->stream, e->id);
	for (char *s = src; *s; s++)
		if (*s == '/')
			*s = ':';
	char *key = NULL;
	enum outcome oc;
	int ret = 0;
	if (e->deliveries < 0) {
		/* no longer pending: finished by another worker between our claim and now */
		goto out;
	}
	if (e->deliveries > w->max_attempts) {
		gw_diags_add(d, src, 0, 0, NULL,
		             "delivered %lld times without a result (--max-attempts %d): the "
		             "workers that took it died or were stopped",
		             e->deliveries, w->max_attempts);
		gw_job_result_failed(&r, GW_ERR_IO, d);
		oc = DEAD;
		goto publish;
	}
	if (!e->job) {
		gw_diags_add(d, src, 0, 0, NULL,
		             "the entry has no field \"job\" (the job as JSON)");
		gw_job_result_failed(&r, GW_ERR_INPUT, d);
		oc = FAILED;
		goto publish;
	}
	gw_status st = gw_job_parse(e->job, e->job_len, src, 1, NULL, w->out_abs, &job, d);
	if (st == GW_OK && w->out_abs) {
		if (!job.out)
			job.out = gw_xasprintf("%s/%s.pdf", w->out_abs, e->id);
		if (!inside(job.out, w->out_abs)) {
			gw_diags_add(d, src, 0, 0, "/out",
			             "\"out\" must be a relative path inside the output folder "
			             "(--out-dir %s), without \"..\"",
			             w->out_dir);
			st = GW_ERR_INPUT;
		} else if (make_parents(job.out, strlen(w->out_abs)) < 0) {
			gw_diags_add(d, NULL, 0, 0, NULL, "cannot make the folder of %s: %s",
			             job.out, strerror(errno));
			st = GW_ERR_IO;
		}
	}
	if (st != GW_OK) {
		gw_job_result_failed(&r, st, d);
	} else {
		gw_job_run(ctx, &job, w->store_redis ? GW_JOB_TO_BUFFER : 0, &r);
		if (r.status == GW_OK && w->store_redis) {
			if ((long long)r.pdf_len > w->max_inline) {
				gw_diags_add(r.diags, src, 0, 0, NULL,
				             "the PDF has %zu bytes, more than --max-inline %lld",
				             r.pdf_len, w->max_inline);
				r.status = GW_ERR_INPUT;
			} else {
				key = gw_xasprintf("%s:pdf:%s", w->stream, e->id);
				if (gw_queue_store(q, key, r.pdf, r.pdf_len, err, errsz) < 0) {
					ret = -1;
					goto out;
				}
			}
		}
		st = r.status;
	}
	if (st == GW_OK)
		oc = DONE;
	else if (st != GW_ERR_IO)
		oc = FAILED; /* the job's or its data's fault: it would fail again */
	else
		oc = e->deliveries >= w->max_attempts ? DEAD : RETRY;
publish:
	if (oc != DONE)
		gw_diags_print(r.diags, stderr);
	if (oc == RETRY) {
		fprintf(stderr,
		        "gongwen worker: %s: attempt %lld of %d failed; left pending, to be "
		        "claimed "
		        "again after %d ms\n",
		        e->id, e->deliveries, w->max_attempts, w->claim_idle_ms);
		goto out;
	}
	int p = publish(q, e, &job, &r, oc, key, err, errsz);
	if (p < 0) {
		ret = -1;
		goto out;
	}
	if (oc == DONE)
		fprintf(stderr, "gongwen worker: %s: ok, %d pages, %zu bytes, %lld ms%s\n", e->id,
		        r.pages, r.bytes, now_ms() - t0,
		        p ? "" : " (already finished by another worker)");
	else
		fprintf(stderr, "gongwen worker: %s: %s after %lld attempt%s%s\n", e->id,
		        oc == DEAD ? "dead-lettered" : "failed", e->deliveries,
		        e->deliveries == 1 ? "" : "s",
		        p ? "" : " (already finished by another worker)");
out:
	free(key);
	free(src);
	gw_job_free(&job);
	gw_job_result_free(&r);
	gw_diags_drop(d);
	return ret;
}

/* Parses argv into w; returns 0, -1 after a usage message, 1 after --help. */
static int parse_args(int argc, char **argv, wopts *w)
{
	memset(w, 0, sizeof *w);
	w->max_inline = 4194304;
	w->claim_idle_ms = 60000;
	w->max_attempts = 3;
	w->block_ms = 1000;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(help, stdout);
			fputs("\n", stdout);
			fputs(usage, stdout);
			return 1;
		}
		if (strcmp(a, "--store-redis") == 0) {
			w->store_redis = 1;
			continue;
		}
		const char **s = NULL;
		long long *n = NULL, v = 0, lo = 0, hi = 0;
		if (strcmp(a, "--redis") == 0)
			s = &w->url;
		else if (strcmp(a, "--stream") == 0)
			s = &w->stream;
		else if (strcmp(a, "--group") == 0)
			s = &w->group;
		else if (strcmp(a, "--consumer") == 0)
			s = &w->consumer;
		else if (strcmp(a, "--out-dir") == 0)
			s = &w->out_dir;
		else if (strcmp(a, "--dead-letter") == 0)
			s = &w->dead;
		else if (strcmp(a, "--results") == 0)
			s = &w->results;
		else if (strcmp(a, "--max-inline") == 0)
			n = &w->max_inline, lo = 1, hi = 512LL << 20;
		else if (strcmp(a, "--claim-idle") == 0 || strcmp(a, "--max-attempts") == 0 ||
		         strcmp(a, "--block") == 0)
			n = &v, lo = 1, hi = INT_MAX / 2;
		else {
			fprintf(stderr, "gongwen worker: error: %s \"%s\"\n",
			        a[0] == '-' ? "unknown option" : "unexpected argument", a);
			goto usage;
		}
		if (i + 1 == argc) {
			fprintf(stderr, "gongwen worker: error: %s needs a value\n", a);
			goto usage;
		}
		const char *val = argv[++i];
		if (s) {
			if (*s) {
				fprintf(stderr, "gongwen worker: error: %s given twice\n", a);
				goto usage;
			}
			if (!val[0]) {
				fprintf(stderr, "gongwen worker: error: %s is empty\n", a);
				goto usage;
			}
			*s = val;
			continue;
		}
		if (number(a, val, lo, hi, n) < 0)
			goto usage;
		if (strcmp(a, "--claim-idle") == 0)
			w->claim_idle_ms = (int)v;
		else if (strcmp(a, "--max-attempts") == 0)
			w->max_attempts = (int)v;
		else if (strcmp(a, "--block") == 0)
			w->block_ms = (int)v;
	}
	const char *missing = !w->url      ? "--redis"
	                      : !w->stream ? "--stream"
	                      : !w->group  ? "--group"
	                                   : NULL;
	if (missing) {
		fprintf(stderr, "gongwen worker: error: %s is required\n", missing);
		goto usage;
	}
	if (!!w->out_dir + w->store_redis != 1) {
		fprintf(stderr,
		        "gongwen worker: error: give one of --out-dir DIR and --store-redis\n");
		goto usage;
	}
	return 0;
usage:
	fputs(usage, stderr);
	return -1;
}

int gw_cli_worker(int argc, char **argv)
{
	/* first of all: a SIGTERM while starting stops the worker before its first job */
	catch_stop();
	signal(SIGPIPE, SIG_IGN);
	wopts w;
	int pa = parse_args(argc, argv, &w);
	if (pa != 0)
		return pa > 0 ? GW_OK : GW_ERR_USAGE;
	char *dead = w.dead ? NULL : gw_xasprintf("%s.dead", w.stream);
	char *results = w.results ? NULL : gw_xasprintf("%s.results", w.stream);
	char *consumer = NULL;
	if (!w.consumer) {
		char host[256] = "";
		if (gethostname(host, sizeof host - 1) != 0 || !host[0])
			snprintf(host, sizeof host, "worker");
		consumer = gw_xasprintf("%s-%ld", host, (long)getpid());
	}
	int rc = GW_ERR_USAGE;
	gw_ctx *ctx = NULL;
	redisContext *c = NULL;
	gw_redis_url u = {0};
	char err[1024];
	if (gw_redis_url_parse(w.url, &u, err, sizeof err) < 0) {
		fprintf(stderr, "gongwen worker: error: %s\n", err);
		fputs(usage, stderr);
		goto done;
	}
	rc = GW_ERR_INPUT; /* as render: a bad SOURCE_DATE_EPOCH is bad input */
	gw_ctx_options co;
	/* as render reads them (cli/env.c): a job renders the same bytes as `gongwen render` */
	if (gw_cli_ctx_options(&co, "gongwen worker") < 0)
		goto done;
	rc = GW_ERR_IO; /* as render: an output folder that is not there */
	if (w.out_dir && !(w.out_abs = realpath(w.out_dir, NULL))) {
		fprintf(stderr, "gongwen worker: error: --out-dir %s: %s\n", w.out_dir,
		        strerror(errno));
		goto done;
	}
	if (gw_ctx_new(&co, &ctx) != GW_OK) {
		fprintf(stderr, "gongwen worker: error: the library could not start (FreeType, "
		                "ICU)\n");
		goto done;
	}
	/* the read timeout outlasts a BLOCK, and long scripts, by a margin */
	if (!(c = gw_redis_connect(&u, 5000, w.block_ms + 30000, err, sizeof err))) {
		fprintf(stderr, "gongwen worker: error: %s\n", err);
		goto done;
	}
	gw_queue q = {
	        .c = c,
	        .stream = w.stream,
	        .group = w.group,
	        .consumer = w.consumer ? w.consumer : consumer,
	        .results = w.results ? w.results : results,
	        .dead = w.dead ? w.dead : dead,
	        .claim_idle_ms = w.claim_idle_ms,
	        .block_ms = w.block_ms,
	};
	if (gw_queue_init(&q, err, sizeof err) < 0) {
		fprintf(stderr, "gongwen worker: error: %s\n", err);
		goto done;
	}
	fprintf(stderr, "gongwen worker: %s reading %s (group %s) at %s:%d\n", q.consumer, q.stream,
	        q.group, u.host, u.port);
	while (!stopping) {
		gw_entry e;
		int n = gw_queue_next(&q, &e, err, sizeof err);
		if (n < 0) {
			fprintf(stderr, "gongwen worker: error: %s\n", err);
			goto done;
		}
		if (n == 0)
			continue;
		int r = work(&w, ctx, &q, &e, err, sizeof err);
		gw_entry_free(&e);
		catch_stop();
		if (r < 0) {
			fprintf(stderr, "gongwen worker: error: %s\n", err);
			goto done;
		}
	}
	fprintf(stderr, "gongwen worker: %s stopped\n", q.consumer);
	rc = GW_OK;
done:
	if (c)
		gw_hiredis.free(c);
	gw_ctx_drop(ctx);
	gw_redis_url_free(&u);
	free(w.out_abs);
	free(dead);
	free(results);
	free(consumer);
	return rc;
}
