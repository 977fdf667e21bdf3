/*
 * watch.c: slow or hostile clients are cut off.
 *
 * In: the connections server.c reports (accepted, busy, answered, closed) and a timeout.
 * Out: a thread that shuts down (shutdown(2), SHUT_RDWR) each connection that spent longer
 * than the timeout in one phase: sending its request (from the accept, or from the end of
 * the previous answer on a kept-alive connection) or reading its answer. libmicrohttpd then
 * sees the socket end and closes the connection itself.
 *
 * Why: libmicrohttpd's own connection timeout (MHD_OPTION_CONNECTION_TIMEOUT) counts idle
 * time only, so a client sending one byte per second would keep a connection, and its
 * memory, forever. The rendering itself is not timed here (the context's max_seconds
 * limits it): a connection is "busy" while its request is worked on.
 *
 * The descriptor cannot be reused under us: libmicrohttpd tells server.c that a connection
 * closes (MHD_CONNECTION_NOTIFY_CLOSED) before it closes the socket, and
 * gw_serve_watch_remove takes the same mutex as the thread's shutdown.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include "../base/util.h"
#include "serve.h"

struct gw_serve_watch {
	pthread_mutex_t mu;
	pthread_cond_t wake; /* signalled to stop the thread */
	pthread_t thread;
	int stop; /* 1: the thread ends */
	double timeout; /* seconds */
	gw_serve_metrics *metrics; /* counts the cuts (borrowed) */
	gw_serve_conn *head; /* open connections, newest first */
};

double gw_serve_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The thread: every period, cuts the connections past their time. */
static void *watch(void *arg)
{
	gw_serve_watch *w = arg;
	/* a quarter of the timeout, at most 0.25 s: a cut comes at most that late */
	double period = w->timeout / 4 < 0.25 ? w->timeout / 4 : 0.25;
	pthread_mutex_lock(&w->mu);
	while (!w->stop) {
		double now = gw_serve_now();
		for (gw_serve_conn *c = w->head; c; c = c->next) {
			if (c->busy || c->cut || now - c->since <= w->timeout)
				continue;
			shutdown(c->fd, SHUT_RDWR);
			c->cut = 1;
			gw_serve_metrics_cut(w->metrics);
		}
		struct timespec until;
		clock_gettime(CLOCK_MONOTONIC, &until);
		long long ns = until.tv_nsec + (long long)(period * 1e9);
		until.tv_sec += (time_t)(ns / 1000000000);
		until.tv_nsec = (long)(ns % 1000000000);
		int r = 0;
		while (!w->stop && r != ETIMEDOUT)
			r = pthread_cond_timedwait(&w->wake, &w->mu, &until);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

/* Starts the watch thread (serve.h); NULL when it cannot start. */
gw_serve_watch *gw_serve_watch_new(double timeout, gw_serve_metrics *m)
{
	gw_serve_watch *w = gw_xcalloc(1, sizeof *w);
	w->timeout = timeout;
	w->metrics = m;
	pthread_mutex_init(&w->mu, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&w->wake, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&w->thread, NULL, watch, w) != 0) {
		pthread_cond_destroy(&w->wake);
		pthread_mutex_destroy(&w->mu);
		free(w);
		return NULL;
	}
	return w;
}

/* Stops the thread; frees the connections still listed (none after the daemon stopped). */
void gw_serve_watch_drop(gw_serve_watch *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	w->stop = 1;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	while (w->head) {
		gw_serve_conn *c = w->head;
		w->head = c->next;
		free(c);
	}
	pthread_cond_destroy(&w->wake);
	pthread_mutex_destroy(&w->mu);
	free(w);
}

/* Lists a connection just accepted on fd; its first phase (the request) begins now. */
gw_serve_conn *gw_serve_watch_add(gw_serve_watch *w, int fd)
{
	gw_serve_conn *c = gw_xcalloc(1, sizeof *c);
	c->fd = fd;
	c->since = gw_serve_now();
	pthread_mutex_lock(&w->mu);
	c->next = w->head;
	if (w->head)
		w->head->prev = c;
	w->head = c;
	pthread_mutex_unlock(&w->mu);
	return c;
}

/* Unlists and frees a connection about to be closed. */
void gw_serve_watch_remove(gw_serve_watch *w, gw_serve_conn *c)
{
	pthread_mutex_lock(&w->mu);
	if (c->prev)
		c->prev->next = c->next;
	else
		w->head = c->next;
	if (c->next)
		c->next->prev = c->prev;
	pthread_mutex_unlock(&w->mu);
	free(c);
}

/* Marks a connection busy (its request is worked on) or not (its answer is queued: the
   clock of reading it starts). */
void gw_serve_watch_busy(gw_serve_watch *w, gw_serve_conn *c, int busy)
{
	pthread_mutex_lock(&w->mu);
	c->busy = busy;
	c->since = gw_serve_now();
	pthread_mutex_unlock(&w->mu);
}

/* Restarts a connection's clock: its answer was sent, the next request's time begins. */
void gw_serve_watch_restart(gw_serve_watch *w, gw_serve_conn *c)
{
	pthread_mutex_lock(&w->mu);
	c->since = gw_serve_now();
	pthread_mutex_unlock(&w->mu);
}
