/*
 * pool.c: the batch's worker threads and its progress display.
 *
 * In: a gw_batch with its jobs. Out: every job not yet done run (job.c) on b->threads
 * threads, each with its own gw_ctx: FreeType faces may be used by one thread at a time
 * (gongwen.h, THREADS), and a context per thread needs no lock on the hot path. A job's
 * result becomes its manifest entry; a failed job's diagnostics are printed and the batch
 * goes on. Standard error shows a progress bar (done/total, documents per second, ETA) when
 * it is a terminal, else one plain line per job. The manifest is rewritten at most once a
 * second while the batch runs (so that --resume after a crash skips what was done).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../base/diag.h"
#include "../base/util.h"
#include "batch.h"

typedef struct pool {
	gw_batch *b;
	pthread_mutex_t lock; /* guards everything below and the items' results */
	int next; /* the next item to take */
	int done; /* jobs finished in this run */
	int todo; /* jobs this run has to do */
	int failed; /* of them, failed */
	int ctx_failed; /* a worker could not make its context */
	double t0; /* when the run started (monotonic seconds) */
	double last_manifest; /* when the manifest was last written */
	double last_bar; /* when the bar was last drawn */
	int manifest_failed; /* a write of the manifest failed: said once */
} pool;

/* Monotonic seconds. */
static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Draws the bar: [#####.....] done/total  N.N documents/s  ETA Ns (lock held). */
static void draw_bar(pool *p, double t)
{
	int width = 30, fill = p->todo ? p->done * width / p->todo : width;
	double el = t - p->t0, rate = el > 0 ? p->done / el : 0;
	char bar[64];
	for (int i = 0; i < width; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[width] = 0;
	fprintf(stderr, "\r\033[K[%s] %d/%d  %.1f documents/s", bar, p->done, p->todo, rate);
	if (rate > 0 && p->done < p->todo)
		fprintf(stderr, "  ETA %.0f s", (p->todo - p->done) / rate);
	if (p->failed)
		fprintf(stderr, "  %d failed", p->failed);
	fflush(stderr);
	p->last_bar = t;
}

/* Reports a finished job (lock held). */
static void report(pool *p, gw_batch_item *it, const gw_diags *d)
{
	gw_batch *b = p->b;
	double t = now();
	int ok = it->status == GW_OK;
	if (b->progress_tty) {
		if (!ok || gw_diags_count(d)) {
			fputs("\r\033[K", stderr);
			gw_diags_print(d, stderr);
		}
		if (!ok || p->done == p->todo || t - p->last_bar >= 0.1)
			draw_bar(p, t);
	} else {
		const char *what = it->job.out ? it->job.out : it->job.src ? it->job.src : "(job)";
		if (ok)
			fprintf(stderr, "gongwen batch: %d/%d ok %s\n", p->done, p->todo, what);
		else if (it->job.src && it->job.line)
			fprintf(stderr, "gongwen batch: %d/%d failed %s:%u (%s)\n", p->done,
			        p->todo, it->job.src, (unsigned)it->job.line, what);
		else
			fprintf(stderr, "gongwen batch: %d/%d failed %s\n", p->done, p->todo,
			        it->job.data_path ? it->job.data_path : what);
		gw_diags_print(d, stderr);
	}
	if (t - p->last_manifest >= 1.0 && p->done < p->todo) {
		char err[512];
		if (gw_batch_write_manifest(b, err, sizeof err) < 0 && !p->manifest_failed) {
			fprintf(stderr, "gongwen batch: warning: %s\n", err);
			p->manifest_failed = 1;
		}
		p->last_manifest = t;
	}
}

/* Runs one job (no lock held) and stores its entry (under the lock). */
static void run_one(pool *p, gw_ctx *ctx, gw_batch_item *it)
{
	gw_batch *b = p->b;
	gw_job_result r;
	double t = now();
	if (it->parse_status != GW_OK)
		gw_job_result_failed(&r, it->parse_status, it->diags);
	else
		gw_job_run(ctx, &it->job, b->flags, &r);
	double ms = (now() - t) * 1000.0;
	cJSON *entry = gw_job_result_cjson(&it->job, &r);
	cJSON_AddFalseToObject(entry, "resumed");
	pthread_mutex_lock(&p->lock);
	it->entry = entry;
	it->status = r.status;
	it->state = 1;
	it->ms = ms;
	p->done++;
	p->failed += r.status != GW_OK;
	report(p, it, r.diags);
	pthread_mutex_unlock(&p->lock);
	gw_job_result_free(&r);
}

/* A worker: its own context, then jobs until none is left. */
static void *worker(void *arg)
{
	pool *p = arg;
	gw_batch *b = p->b;
	gw_ctx *ctx = NULL;
	if (gw_ctx_new(b->ctx_options, &ctx) != GW_OK) {
		pthread_mutex_lock(&p->lock);
		p->ctx_failed = 1;
		pthread_mutex_unlock(&p->lock);
		return NULL;
	}
	for (;;) {
		pthread_mutex_lock(&p->lock);
		while (p->next < b->n && b->items[p->next].state != 0)
			p->next++;
		int i = p->next < b->n ? p->next++ : -1;
		pthread_mutex_unlock(&p->lock);
		if (i < 0)
			break;
		run_one(p, ctx, &b->items[i]);
	}
	gw_ctx_drop(ctx);
	return NULL;
}

int gw_batch_run(gw_batch *b)
{
	pool p = {.b = b};
	pthread_mutex_init(&p.lock, NULL);
	for (int i = 0; i < b->n; i++)
		p.todo += b->items[i].state == 0;
	p.t0 = p.last_manifest = p.last_bar = now();
	int nt = b->threads < 1 ? 1 : b->threads;
	if (nt > p.todo)
		nt = p.todo ? p.todo : 1;
	pthread_t *tid = gw_xcalloc((size_t)nt, sizeof *tid);
	int started = 0;
	/* thread 0 is this one: -j1 runs without any thread */
	for (int i = 1; i < nt; i++)
		if (pthread_create(&tid[i], NULL, worker, &p) == 0)
			started++;
		else
			break;
	worker(&p);
	for (int i = 1; i <= started; i++)
		pthread_join(tid[i], NULL);
	free(tid);
	pthread_mutex_destroy(&p.lock);
	if (b->progress_tty && p.todo)
		fputc('\n', stderr);
	if (p.ctx_failed && p.done < p.todo) {
		fprintf(stderr, "gongwen batch: error: cannot make a context (FreeType or ICU "
		                "did not start)\n");
		return -1;
	}
	return 0;
}

void gw_batch_free(gw_batch *b)
{
	for (int i = 0; i < b->n; i++) {
		gw_job_free(&b->items[i].job);
		gw_diags_drop(b->items[i].diags);
		cJSON_Delete(b->items[i].entry);
	}
	free(b->items);
	b->items = NULL;
	b->n = 0;
}
