/*
 * metrics.c: the service's counters, as GET /metrics shows them.
 *
 * In: every answer (path, HTTP status, duration), requests beginning and ending, slow
 * connections cut off. Out: Prometheus's text exposition format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/):
 *
 *   gongwen_requests_total{path="/render",status="200"}   answers, by path and status
 *   gongwen_request_duration_seconds{path=...}             a histogram per path: seconds
 *                                                          from a request's headers to its
 *                                                          answer being queued
 *   gongwen_requests_in_flight                              requests begun and not ended
 *   gongwen_connections_cut_total                           connections closed by the
 *                                                          timeout (watch.c)
 *
 * One mutex guards everything: the counters are touched a few times per request.
 */
#include <stdlib.h>

#include "../base/util.h"
#include "serve.h"

/* The histogram's upper bounds in seconds (the last bucket, +Inf, is the count). */
static const double bounds[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
#define NBOUNDS (sizeof bounds / sizeof bounds[0])
#define MAX_STATUSES 16 /* distinct statuses counted per path; more go to the last */

static const char *const path_label[GW_PATH_COUNT] = {"/render", "/check", "/healthz", "/metrics",
                                                      "other"};

typedef struct per_path {
	int status[MAX_STATUSES]; /* the statuses seen, in the order first seen */
	unsigned long long count[MAX_STATUSES]; /* answers with each */
	int nstatus;
	unsigned long long bucket[NBOUNDS]; /* answers within bounds[i] seconds */
	unsigned long long n; /* answers */
	double sum; /* their seconds */
} per_path;

struct gw_serve_metrics {
	pthread_mutex_t mu;
	per_path path[GW_PATH_COUNT];
	int in_flight;
	unsigned long long cut;
};

gw_serve_metrics *gw_serve_metrics_new(void)
{
	gw_serve_metrics *m = gw_xcalloc(1, sizeof *m);
	pthread_mutex_init(&m->mu, NULL);
	return m;
}

void gw_serve_metrics_drop(gw_serve_metrics *m)
{
	if (!m)
		return;
	pthread_mutex_destroy(&m->mu);
	free(m);
}

void gw_serve_metrics_begin(gw_serve_metrics *m)
{
	pthread_mutex_lock(&m->mu);
	m->in_flight++;
	pthread_mutex_unlock(&m->mu);
}

void gw_serve_metrics_end(gw_serve_metrics *m)
{
	pthread_mutex_lock(&m->mu);
	m->in_flight--;
	pthread_mutex_unlock(&m->mu);
}

int gw_serve_metrics_in_flight(gw_serve_metrics *m)
{
	pthread_mutex_lock(&m->mu);
	int n = m->in_flight;
	pthread_mutex_unlock(&m->mu);
	return n;
}

/* Counts one answer under its path and status, and its duration in the histogram. */
void gw_serve_metrics_answer(gw_serve_metrics *m, gw_serve_path path, int status, double secs)
{
	pthread_mutex_lock(&m->mu);
	per_path *p = &m->path[path];
	int i = 0;
	while (i < p->nstatus && p->status[i] != status)
		i++;
	if (i == p->nstatus) {
		if (p->nstatus < MAX_STATUSES)
			p->status[p->nstatus++] = status;
		else
			i = MAX_STATUSES - 1; /* cannot happen with the statuses routes.c uses */
	}
	p->count[i]++;
	for (size_t b = 0; b < NBOUNDS; b++)
		if (secs <= bounds[b])
			p->bucket[b]++;
	p->n++;
	p->sum += secs;
	pthread_mutex_unlock(&m->mu);
}

void gw_serve_metrics_cut(gw_serve_metrics *m)
{
	pthread_mutex_lock(&m->mu);
	m->cut++;
	pthread_mutex_unlock(&m->mu);
}

/* The exposition text of every counter (see the file's comment). */
char *gw_serve_metrics_text(gw_serve_metrics *m, size_t *len)
{
	gw_buf b = {0};
	pthread_mutex_lock(&m->mu);
	gw_buf_puts(&b, "# HELP gongwen_requests_total Requests answered, by path and HTTP "
	                "status.\n# TYPE gongwen_requests_total counter\n");
	for (int p = 0; p < GW_PATH_COUNT; p++)
		for (int i = 0; i < m->path[p].nstatus; i++)
			gw_buf_printf(&b,
			              "gongwen_requests_total{path=\"%s\",status=\"%d\"} %llu\n",
			              path_label[p], m->path[p].status[i], m->path[p].count[i]);
	gw_buf_puts(&b, "# HELP gongwen_request_duration_seconds Seconds from a request's "
	                "headers to its answer.\n# TYPE gongwen_request_duration_seconds "
	                "histogram\n");
	for (int p = 0; p < GW_PATH_COUNT; p++) {
		const per_path *pp = &m->path[p];
		for (size_t i = 0; i < NBOUNDS; i++)
			gw_buf_printf(
			        &b,
			        "gongwen_request_duration_seconds_bucket{path=\"%s\",le=\"%g\"} "
			        "%llu\n",
			        path_label[p], bounds[i], pp->bucket[i]);
		gw_buf_printf(&b,
		              "gongwen_request_duration_seconds_bucket{path=\"%s\",le=\"+Inf\"} "
		              "%llu\n",
		              path_label[p], pp->n);
		gw_buf_printf(&b, "gongwen_request_duration_seconds_sum{path=\"%s\"} %.6f\n",
		              path_label[p], pp->sum);
		gw_buf_printf(&b, "gongwen_request_duration_seconds_count{path=\"%s\"} %llu\n",
		              path_label[p], pp->n);
	}
	gw_buf_printf(&b,
	              "# HELP gongwen_requests_in_flight Requests begun and not yet ended.\n"
	              "# TYPE gongwen_requests_in_flight gauge\ngongwen_requests_in_flight %d\n",
	              m->in_flight);
	gw_buf_printf(&b,
	              "# HELP gongwen_connections_cut_total Connections closed by --timeout: "
	              "a request or an answer too slow, or idle that long.\n"
	              "# TYPE gongwen_connections_cut_total counter\n"
	              "gongwen_connections_cut_total %llu\n",
	              m->cut);
	pthread_mutex_unlock(&m->mu);
	*len = b.len;
	return gw_buf_take(&b);
}
