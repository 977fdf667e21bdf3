/*
 * workers.c: the threads that typeset, each with its own library context.
 *
 * In: jobs (a request to render or check) from server.c's polling thread. Out: each job run
 * on one of n threads with that thread's context, in the order submitted. A context is used
 * by one thread at a time (gongwen.h: FreeType faces are not thread-safe), so each worker
 * owns one for its whole life; it keeps its fonts and layouts between requests, so a
 * worker's second request costs no font parsing. The polling thread never typesets: it
 * keeps reading requests, answering /healthz and /metrics and sending answers while the
 * workers are busy.
 */
#include <stdlib.h>

#include "../base/util.h"
#include "serve.h"

struct gw_serve_workers {
	pthread_mutex_t mu;
	pthread_cond_t more; /* signalled when a job is queued or the workers stop */
	gw_serve_job *head, *tail; /* the queue */
	int running; /* jobs being run now */
	int stop; /* 1: queued jobs are cancelled, the threads end */
	pthread_t *threads;
	gw_ctx **ctx; /* worker i's context (owned) */
	int nctx; /* contexts made */
	int n; /* threads running */
};

typedef struct worker_arg {
	gw_serve_workers *w;
	gw_ctx *ctx;
} worker_arg;

/* One worker: runs jobs with its context until stopped; after the stop, cancels the jobs
   still queued (run with a NULL context) so that each is answered. */
static void *worker(void *arg)
{
	worker_arg *a = arg;
	gw_serve_workers *w = a->w;
	gw_ctx *ctx = a->ctx;
	free(a);
	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (!w->head && !w->stop)
			pthread_cond_wait(&w->more, &w->mu);
		gw_serve_job *j = w->head;
		if (!j)
			break; /* stopping, nothing queued */
		w->head = j->next;
		if (!w->head)
			w->tail = NULL;
		w->running++;
		int cancel = w->stop;
		pthread_mutex_unlock(&w->mu);
		j->run(cancel ? NULL : ctx, j);
		pthread_mutex_lock(&w->mu);
		w->running--;
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

/* Makes n contexts with options o and starts a worker on each; all or nothing. */
gw_status gw_serve_workers_new(const gw_ctx_options *o, int n, gw_serve_workers **out)
{
	*out = NULL;
	gw_serve_workers *w = gw_xcalloc(1, sizeof *w);
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->more, NULL);
	w->threads = gw_xcalloc((size_t)n, sizeof *w->threads);
	w->ctx = gw_xcalloc((size_t)n, sizeof *w->ctx);
	for (int i = 0; i < n; i++) {
		gw_status st = gw_ctx_new(o, &w->ctx[i]);
		if (st != GW_OK) {
			gw_serve_workers_drop(w);
			return st;
		}
		w->nctx++;
		worker_arg *a = gw_xcalloc(1, sizeof *a);
		a->w = w, a->ctx = w->ctx[i];
		if (pthread_create(&w->threads[i], NULL, worker, a) != 0) {
			free(a);
			gw_serve_workers_drop(w);
			return GW_ERR_IO;
		}
		w->n++;
	}
	*out = w;
	return GW_OK;
}

/* Queues job j; a worker runs it (j->run) as soon as one is free. */
void gw_serve_workers_submit(gw_serve_workers *w, gw_serve_job *j)
{
	j->next = NULL;
	pthread_mutex_lock(&w->mu);
	if (w->tail)
		w->tail->next = j;
	else
		w->head = j;
	w->tail = j;
	pthread_cond_signal(&w->more);
	pthread_mutex_unlock(&w->mu);
}

/* Cancels the queued jobs (each run with a NULL context, so that it is answered), lets the
   running ones finish and joins the threads. */
void gw_serve_workers_stop(gw_serve_workers *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	w->stop = 1;
	pthread_cond_broadcast(&w->more);
	pthread_mutex_unlock(&w->mu);
	for (int i = 0; i < w->n; i++)
		pthread_join(w->threads[i], NULL);
	w->n = 0;
}

/* Stops the workers (gw_serve_workers_stop) and drops their contexts. */
void gw_serve_workers_drop(gw_serve_workers *w)
{
	if (!w)
		return;
	gw_serve_workers_stop(w);
	for (int i = 0; i < w->nctx; i++)
		gw_ctx_drop(w->ctx[i]);
	pthread_cond_destroy(&w->more);
	pthread_mutex_destroy(&w->mu);
	free(w->threads);
	free(w->ctx);
	free(w);
}
