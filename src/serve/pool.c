/*
 * pool.c: the service's library contexts, one per polling thread.
 *
 * In: the contexts' options and how many. Out: contexts taken by a request and given back
 * after it. A context is used by one thread at a time (gongwen.h: FreeType faces are not
 * thread-safe), so each request takes one for itself; there are as many as polling threads
 * and a thread serves one request at a time, so a take never waits in practice. Each
 * context keeps its fonts and layouts between requests: the second request on a context
 * costs no font parsing.
 */
#include <stdlib.h>

#include "../base/util.h"
#include "serve.h"

struct gw_serve_pool {
	pthread_mutex_t mu;
	pthread_cond_t freed; /* signalled when a context is given back */
	gw_ctx **all; /* every context (owned) */
	gw_ctx **free; /* the free ones: a stack of nfree */
	int n, nfree;
};

/* Makes n contexts with options o (gongwen.h's gw_ctx_new); all of them or none. */
gw_status gw_serve_pool_new(const gw_ctx_options *o, int n, gw_serve_pool **out)
{
	*out = NULL;
	gw_serve_pool *p = gw_xcalloc(1, sizeof *p);
	p->all = gw_xcalloc((size_t)n, sizeof *p->all);
	p->free = gw_xcalloc((size_t)n, sizeof *p->free);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->freed, NULL);
	for (int i = 0; i < n; i++) {
		gw_status st = gw_ctx_new(o, &p->all[i]);
		if (st != GW_OK) {
			gw_serve_pool_drop(p);
			return st;
		}
		p->n++;
		p->free[p->nfree++] = p->all[i];
	}
	*out = p;
	return GW_OK;
}

/* Takes a free context, waiting while there is none. */
gw_ctx *gw_serve_pool_take(gw_serve_pool *p)
{
	pthread_mutex_lock(&p->mu);
	while (p->nfree == 0)
		pthread_cond_wait(&p->freed, &p->mu);
	gw_ctx *ctx = p->free[--p->nfree];
	pthread_mutex_unlock(&p->mu);
	return ctx;
}

/* Gives back a context taken with gw_serve_pool_take. */
void gw_serve_pool_give(gw_serve_pool *p, gw_ctx *ctx)
{
	pthread_mutex_lock(&p->mu);
	p->free[p->nfree++] = ctx;
	pthread_cond_signal(&p->freed);
	pthread_mutex_unlock(&p->mu);
}

/* Drops every context (none may be taken) and the pool. */
void gw_serve_pool_drop(gw_serve_pool *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->n; i++)
		gw_ctx_drop(p->all[i]);
	pthread_cond_destroy(&p->freed);
	pthread_mutex_destroy(&p->mu);
	free(p->all);
	free(p->free);
	free(p);
}
