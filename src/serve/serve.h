/*
 * serve.h: the parts of `gongwen serve` (an HTTP/1.1 service on libmicrohttpd) and what they
 * share.
 *
 * In: the command line (cli.c). Out: a server (server.c) that answers POST /render, POST
 * /check, GET /healthz and GET /metrics (routes.c), typesetting on worker threads that own
 * one confined library context each (workers.c), counts what it answers (metrics.c), cuts
 * off clients too slow to send a request or read an answer (watch.c) and writes
 * diagnostics as JSON (reply.c).
 *
 * Threads: libmicrohttpd's one polling thread reads requests and sends answers for every
 * connection and never typesets; a request to render or check is suspended
 * (MHD_suspend_connection), queued for the workers, and resumed with its answer. So a
 * render never delays another connection's I/O, /healthz or /metrics, or the accepting of
 * new connections. Everything shared between threads (metrics, the connection list, the
 * queue) has its own mutex.
 */
#ifndef GW_SERVE_SERVE_H
#define GW_SERVE_SERVE_H

#include <pthread.h>
#include <stddef.h>

#include "gongwen.h"

/* What the command line configures (cli.c fills it, server.c copies what it keeps). */
typedef struct gw_serve_config {
	const char *host; /* numeric listen address: 127.0.0.1, ::1 ... */
	int port; /* 0: any free port (printed) */
	int threads; /* worker threads, each with its context */
	size_t max_body; /* bytes of one request body */
	double timeout; /* seconds to send a request or read an answer, and idle time */
	unsigned max_connections; /* open connections at once */
	int quiet; /* 1: no access log on stderr */
	gw_ctx_options ctx; /* every context's options: confined, folders, limits */
} gw_serve_config;

/* ---- workers.c: the threads that typeset, one context each -------------------------------- */

/* A job for a worker: run(ctx, job) is called on a worker thread with its context, or with
   NULL when the job is cancelled because the service stops. */
typedef struct gw_serve_job {
	void (*run)(gw_ctx *ctx, struct gw_serve_job *job);
	struct gw_serve_job *next; /* the queue's link (workers.c's) */
} gw_serve_job;

typedef struct gw_serve_workers gw_serve_workers;

/* Starts n workers, each with a context made with options o; GW_OK, or the first failing
   gw_ctx_new's status (GW_ERR_IO when a thread cannot start). */
gw_status gw_serve_workers_new(const gw_ctx_options *o, int n, gw_serve_workers **out);
/* Queues a job (the caller keeps it alive until its run returns). */
void gw_serve_workers_submit(gw_serve_workers *w, gw_serve_job *j);
/* Cancels the queued jobs, waits for the running ones and ends the threads. */
void gw_serve_workers_stop(gw_serve_workers *w);
/* Stops the workers and drops their contexts. */
void gw_serve_workers_drop(gw_serve_workers *w);

/* ---- metrics.c: counters in Prometheus's text format ------------------------------------ */

/* The paths metrics are kept for: every other path counts as "other". */
typedef enum gw_serve_path {
	GW_PATH_RENDER,
	GW_PATH_CHECK,
	GW_PATH_HEALTHZ,
	GW_PATH_METRICS,
	GW_PATH_OTHER,
	GW_PATH_COUNT
} gw_serve_path;

typedef struct gw_serve_metrics gw_serve_metrics;

gw_serve_metrics *gw_serve_metrics_new(void);
void gw_serve_metrics_drop(gw_serve_metrics *m);
/* A request begins (its headers arrived) / ends (answered or dropped): the in-flight gauge. */
void gw_serve_metrics_begin(gw_serve_metrics *m);
void gw_serve_metrics_end(gw_serve_metrics *m);
/* Requests in flight now. */
int gw_serve_metrics_in_flight(gw_serve_metrics *m);
/* One answer: its path, HTTP status and seconds from the request's headers to the answer. */
void gw_serve_metrics_answer(gw_serve_metrics *m, gw_serve_path path, int status, double secs);
/* One connection cut off for being too slow (watch.c). */
void gw_serve_metrics_cut(gw_serve_metrics *m);
/* The text exposition (format 0.0.4), malloc'ed, with its length in *len. */
char *gw_serve_metrics_text(gw_serve_metrics *m, size_t *len);

/* ---- watch.c: slow clients are cut off ----------------------------------------------------- */

/* One open connection, from its accept to its close. */
typedef struct gw_serve_conn {
	int fd; /* its socket (libmicrohttpd's; closed only after gw_serve_watch_remove) */
	double since; /* monotonic seconds when its current phase began */
	int busy; /* 1 while a request of it is being rendered: no clock runs */
	int cut; /* 1 once the watch shut it down */
	struct gw_serve_conn *prev, *next;
} gw_serve_conn;

typedef struct gw_serve_watch gw_serve_watch;

/*
 * Starts the watch: a thread that shuts down (shutdown(2)) every connection that has spent
 * more than timeout seconds in one phase: sending a request (from its accept, or from the
 * end of its previous answer) or reading an answer. Returns NULL when no thread can start.
 */
gw_serve_watch *gw_serve_watch_new(double timeout, gw_serve_metrics *m);
/* Stops the thread and frees what is left. */
void gw_serve_watch_drop(gw_serve_watch *w);
/* A connection was accepted / is about to be closed. */
gw_serve_conn *gw_serve_watch_add(gw_serve_watch *w, int fd);
void gw_serve_watch_remove(gw_serve_watch *w, gw_serve_conn *c);
/* busy 1: a request is being worked on; busy 0: its answer is queued, a new phase begins. */
void gw_serve_watch_busy(gw_serve_watch *w, gw_serve_conn *c, int busy);
/* A new phase begins (the previous answer was sent): the clock restarts. */
void gw_serve_watch_restart(gw_serve_watch *w, gw_serve_conn *c);

/* Monotonic seconds (CLOCK_MONOTONIC). */
double gw_serve_now(void);

/* ---- reply.c: diagnostics as JSON ------------------------------------------------------- */

/*
 * The JSON answer {"status": ..., "pages": N, "diagnostics": [{"file", "line", "column",
 * "pointer", "severity", "message"}...]} (pages only when >= 0), malloc'ed, with its length
 * in *len. A diagnostic whose file is data_name is shown as shown_name.
 */
char *gw_serve_diags_json(const gw_diags *d, const char *status, int pages, const char *data_name,
                          const char *shown_name, size_t *len);
/* {"status": "error", "message": msg}, malloc'ed, with its length in *len. */
char *gw_serve_error_json(const char *msg, size_t *len);

/* ---- routes.c: what each path answers ---------------------------------------------------- */

/* An answer: status, content type and body (freed with free_body, NULL: static). */
typedef struct gw_serve_reply {
	int status;
	const char *type; /* Content-Type */
	char *body;
	size_t len;
	void (*free_body)(void *);
	const char *allow; /* the Allow header of a 405, else NULL */
	int pages; /* pages of a rendered or checked document, else -1 */
	int warnings; /* warnings and notes of a rendered document */
} gw_serve_reply;

/* The server's state that the routes read. */
typedef struct gw_serve_state {
	gw_serve_metrics *metrics;
	char *data_name; /* a request's data as named to the library: SEALS/<request> */
	const char *shown_name; /* ... and as shown to the client: "<request>" */
} gw_serve_state;

/* The path of url (its metrics label). */
gw_serve_path gw_serve_path_of(const char *url);
/*
 * The answer to a request decided before its body is read (a wrong method, an unknown
 * path): fills r and returns 1; 0 when the request goes on.
 */
int gw_serve_route_early(gw_serve_path path, const char *method, gw_serve_reply *r);
/*
 * Answers a whole request: GET /healthz and /metrics; POST /render and /check (layout: the
 * query's layout=, or NULL; strict: the query's strict=1) with ctx, a worker's context.
 */
void gw_serve_route(gw_serve_state *s, gw_ctx *ctx, gw_serve_path path, const char *layout,
                    int strict, const char *body, size_t len, gw_serve_reply *r);
/* A plain-text answer with a static body. */
void gw_serve_reply_text(gw_serve_reply *r, int status, const char *text);
/* A JSON error answer {"status": "error", "message": msg}. */
void gw_serve_reply_error(gw_serve_reply *r, int status, const char *msg);

/* ---- server.c: the daemon --------------------------------------------------------------- */

typedef struct gw_server gw_server;

/*
 * Starts listening and serving with c; GW_OK, GW_ERR_USAGE (cannot bind: the message in
 * err) or GW_ERR_IO (contexts or threads cannot start).
 */
gw_status gw_server_start(const gw_serve_config *c, gw_server **out, char *err, size_t errlen);
/* The port it listens on. */
int gw_server_port(const gw_server *s);
/*
 * Stops: no new connection is accepted (the listening socket is shut down), the requests in
 * flight are finished (answers get "Connection: close"), for at most grace seconds; then
 * every connection is closed and everything freed. Returns the requests cut at the end.
 */
int gw_server_stop(gw_server *s, double grace);

/* ---- cli.c ------------------------------------------------------------------------------ */

/* gongwen serve [OPTIONS]: argv[0] is "serve". Returns the exit status. */
int gw_cli_serve(int argc, char **argv);

#endif
