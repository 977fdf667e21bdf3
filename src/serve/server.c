/*
 * server.c: the HTTP daemon of `gongwen serve` (libmicrohttpd 0.9.75).
 *
 * In: the configuration (serve.h). Out: a daemon whose one polling thread reads each
 * request's body (at most max_body bytes: 413 beyond), hands renders and checks to the
 * workers (workers.c) and sends their answers, reports every connection to the watch
 * (watch.c) and every answer to the metrics; and a stop that finishes the requests in
 * flight.
 *
 * A request's life: its headers arrive (first call of on_request: the path and method are
 * checked, a Content-Length over max_body is a 413 at once, and libmicrohttpd then closes
 * the connection without reading the body); its body arrives in pieces (kept up to
 * max_body; a chunked body that grows beyond is read to its end, bounded by the watch, and
 * dropped, then answered 413); once it is all in, /healthz and /metrics are answered at
 * once, while /render and /check suspend the connection (MHD_suspend_connection) and queue
 * a job: a worker typesets it with its own context (the connection is "busy": the watch's
 * clock stops, the context's max_seconds limits the work), stores the answer and resumes
 * the connection, whose next call of on_request queues the answer; libmicrohttpd sends it
 * and calls on_completed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include "mhd.h"
#include <netinet/in.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../base/util.h"
#include "serve.h"

struct gw_server {
	gw_serve_config c; /* the configuration (its strings are the caller's) */
	struct MHD_Daemon *d;
	gw_serve_state st; /* what the routes read: metrics, names */
	gw_serve_workers *workers;
	gw_serve_watch *watch;
	atomic_int stopping; /* 1 once gw_server_stop began: answers close their connection */
	int port; /* the port bound */
};

/* Where a request is: reading it, queued for a worker (suspended), or answered by one. */
enum { REQ_READING, REQ_QUEUED, REQ_DONE };

/* One request, from its headers to its end (libmicrohttpd's per-request pointer). */
typedef struct request {
	gw_serve_job job; /* first: a worker's job is its request */
	gw_server *server;
	struct MHD_Connection *conn_mhd; /* to resume it */
	gw_serve_path path;
	double t0; /* monotonic seconds when its headers arrived */
	gw_serve_conn *conn; /* its connection in the watch, or NULL */
	char *body; /* the body read so far (owned) */
	size_t len, cap;
	int too_big; /* 1: the body passed max_body; the rest is dropped */
	char *layout; /* the query's layout= (owned), or NULL */
	int strict; /* the query's strict=1 */
	atomic_int state; /* REQ_* */
	gw_serve_reply reply; /* a worker's answer (REQ_DONE) */
} request;

/* libmicrohttpd's messages, with our prefix. */
static void log_mhd(void *cls, const char *fmt, va_list ap)
{
	fputs("gongwen serve: ", stderr);
	vfprintf(stderr, fmt, ap);
}

/* A connection opens or closes: the watch lists it (watch.c). */
static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
	gw_server *s = cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
		        gw_mhd.get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		*socket_context = ci ? gw_serve_watch_add(s->watch, ci->connect_fd) : NULL;
	} else if (*socket_context) {
		/* called before libmicrohttpd closes the socket: the fd is still ours to shut */
		gw_serve_watch_remove(s->watch, *socket_context);
		*socket_context = NULL;
	}
}

/* A request ends (answered, or its connection dropped): the in-flight gauge goes down and
   the connection's next phase (the next request) starts its clock. */
static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	gw_server *s = cls;
	request *rq = *con_cls;
	if (!rq)
		return;
	if (rq->conn)
		gw_serve_watch_restart(s->watch, rq->conn);
	gw_serve_metrics_end(s->st.metrics);
	if (rq->reply.free_body && atomic_load(&rq->state) == REQ_DONE && rq->reply.body)
		rq->reply.free_body(rq->reply.body); /* never queued: the connection died */
	free(rq->layout);
	free(rq->body);
	free(rq);
	*con_cls = NULL;
}

/* Queues the answer r to request rq, counts it and logs it; frees r's body in any case. */
static enum MHD_Result answer(gw_server *s, struct MHD_Connection *c, request *rq,
                              const char *method, const char *url, gw_serve_reply *r)
{
	struct MHD_Response *resp;
	if (r->free_body)
		resp = gw_mhd.create_response_from_buffer_with_free_callback(r->len, r->body,
		                                                             r->free_body);
	else
		resp = gw_mhd.create_response_from_buffer(r->len, r->body, MHD_RESPMEM_PERSISTENT);
	if (!resp) {
		if (r->free_body)
			r->free_body(r->body);
		return MHD_NO;
	}
	gw_mhd.add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->type);
	if (r->allow)
		gw_mhd.add_response_header(resp, MHD_HTTP_HEADER_ALLOW, r->allow);
	if (r->pages >= 0 && r->status == 200 && rq->path == GW_PATH_RENDER) {
		char n[32];
		snprintf(n, sizeof n, "%d", r->pages);
		gw_mhd.add_response_header(resp, "X-Gongwen-Pages", n);
		snprintf(n, sizeof n, "%d", r->warnings);
		gw_mhd.add_response_header(resp, "X-Gongwen-Warnings", n);
	}
	if (atomic_load(&s->stopping))
		gw_mhd.add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
	enum MHD_Result ret = gw_mhd.queue_response(c, (unsigned)r->status, resp);
	gw_mhd.destroy_response(resp);
	double secs = gw_serve_now() - rq->t0;
	gw_serve_metrics_answer(s->st.metrics, rq->path, r->status, secs);
	if (rq->conn)
		gw_serve_watch_busy(s->watch, rq->conn, 0);
	if (!s->c.quiet)
		fprintf(stderr, "gongwen serve: %s %s %d %zu bytes %.1f ms\n", method, url,
		        r->status, r->len, secs * 1000);
	return ret;
}

/* Keeps a piece of the body, up to max_body bytes; beyond, drops all of it. */
static void take_body(gw_server *s, request *rq, const char *data, size_t n)
{
	if (rq->too_big)
		return;
	if (n > s->c.max_body - rq->len) {
		rq->too_big = 1;
		free(rq->body);
		rq->body = NULL, rq->len = rq->cap = 0;
		return;
	}
	if (rq->len + n > rq->cap) {
		size_t cap = rq->cap ? rq->cap : 16384;
		while (cap < rq->len + n)
			cap *= 2;
		if (cap > s->c.max_body)
			cap = s->c.max_body;
		rq->body = gw_xrealloc(rq->body, cap);
		rq->cap = cap;
	}
	memcpy(rq->body + rq->len, data, n);
	rq->len += n;
}

/* The 413 answer's text. */
static void too_big(gw_server *s, gw_serve_reply *r)
{
	char msg[128];
	snprintf(msg, sizeof msg, "the body is over the limit of %zu bytes (--max-body)",
	         s->c.max_body);
	gw_serve_reply_error(r, 413, msg);
}

/*
 * A worker's job: typesets the request with the worker's context (ctx NULL: the service is
 * stopping and the job was never started: 503), keeps the answer and resumes the
 * connection, so that on_request queues the answer on the polling thread.
 */
static void run_job(gw_ctx *ctx, gw_serve_job *j)
{
	request *rq = (request *)j;
	gw_serve_reply *r = &rq->reply;
	memset(r, 0, sizeof *r);
	r->pages = -1;
	if (!ctx)
		gw_serve_reply_error(r, 503, "the service is stopping");
	else
		gw_serve_route(&rq->server->st, ctx, rq->path, rq->layout, rq->strict,
		               rq->body ? rq->body : "", rq->len, r);
	atomic_store(&rq->state, REQ_DONE);
	gw_mhd.resume_connection(rq->conn_mhd);
}

/* libmicrohttpd's access handler: called at the headers, per piece of body, at the end, and
   once more after a worker resumed the connection. */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **con_cls)
{
	gw_server *s = cls;
	request *rq = *con_cls;
	gw_serve_reply r = {.pages = -1};
	if (!rq) {
		/* the headers: check what can be checked before the body */
		rq = gw_xcalloc(1, sizeof *rq);
		rq->t0 = gw_serve_now();
		rq->path = gw_serve_path_of(url);
		const union MHD_ConnectionInfo *ci =
		        gw_mhd.get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
		rq->conn = ci ? ci->socket_context : NULL;
		*con_cls = rq;
		gw_serve_metrics_begin(s->st.metrics);
		if (gw_serve_route_early(rq->path, method, &r))
			return answer(s, c, rq, method, url, &r);
		const char *cl = gw_mhd.lookup_connection_value(c, MHD_HEADER_KIND,
		                                                MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl) {
			/* libmicrohttpd has refused a Content-Length that is not a number */
			errno = 0;
			unsigned long long n = strtoull(cl, NULL, 10);
			if (errno == ERANGE || n > s->c.max_body) {
				too_big(s, &r);
				return answer(s, c, rq, method, url, &r);
			}
		}
		return MHD_YES;
	}
	if (*upload_size) {
		take_body(s, rq, upload_data, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (atomic_load(&rq->state) == REQ_DONE) {
		/* resumed by the worker: its answer */
		r = rq->reply;
		rq->reply.body = NULL;
		return answer(s, c, rq, method, url, &r);
	}
	if (atomic_load(&rq->state) == REQ_QUEUED)
		return MHD_YES; /* not answered yet */
	/* the whole request is in */
	if (rq->too_big) {
		too_big(s, &r);
		return answer(s, c, rq, method, url, &r);
	}
	if (rq->path != GW_PATH_RENDER && rq->path != GW_PATH_CHECK) {
		gw_serve_route(&s->st, NULL, rq->path, NULL, 0, NULL, 0, &r);
		return answer(s, c, rq, method, url, &r);
	}
	const char *layout = gw_mhd.lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "layout");
	const char *strict = gw_mhd.lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "strict");
	rq->layout = layout ? gw_xstrdup(layout) : NULL;
	rq->strict = strict && strcmp(strict, "1") == 0;
	rq->conn_mhd = c;
	rq->server = s;
	rq->job.run = run_job;
	if (rq->conn)
		gw_serve_watch_busy(s->watch, rq->conn, 1);
	atomic_store(&rq->state, REQ_QUEUED);
	/* suspended before it is queued: the worker's resume always comes after */
	gw_mhd.suspend_connection(c);
	gw_serve_workers_submit(s->workers, &rq->job);
	return MHD_YES;
}

/* The name a request's data gets: in the first seal folder, so that a relative seal path is
   relative to it (as a data file's are to its folder). */
static char *data_name(const char *seal_path)
{
	if (!seal_path || !*seal_path)
		return gw_xstrdup("<request>");
	size_t n = strcspn(seal_path, ":");
	return gw_xasprintf("%.*s/<request>", (int)n, seal_path);
}

gw_status gw_server_start(const gw_serve_config *c, gw_server **out, char *err, size_t errlen)
{
	*out = NULL;
	struct sockaddr_in v4;
	struct sockaddr_in6 v6;
	struct sockaddr *sa;
	memset(&v4, 0, sizeof v4);
	memset(&v6, 0, sizeof v6);
	/* one polling thread; suspend and resume (which implies an inter-thread channel, as
	   MHD_quiesce_daemon needs) for the workers */
	unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ITC |
	                 MHD_USE_ERROR_LOG;
	if (inet_pton(AF_INET, c->host, &v4.sin_addr) == 1) {
		v4.sin_family = AF_INET;
		v4.sin_port = htons((uint16_t)c->port);
		sa = (struct sockaddr *)&v4;
	} else if (inet_pton(AF_INET6, c->host, &v6.sin6_addr) == 1) {
		v6.sin6_family = AF_INET6;
		v6.sin6_port = htons((uint16_t)c->port);
		sa = (struct sockaddr *)&v6;
		flags |= MHD_USE_IPv6;
	} else {
		snprintf(err, errlen, "--listen: \"%s\" is not a numeric IPv4 or IPv6 address",
		         c->host);
		return GW_ERR_USAGE;
	}
	/* loaded here, not linked: the other commands do not pay for it (mhd.h) */
	if (gw_mhd_load(err, errlen) != 0)
		return GW_ERR_IO;
	gw_server *s = gw_xcalloc(1, sizeof *s);
	s->c = *c;
	s->st.metrics = gw_serve_metrics_new();
	s->st.data_name = data_name(c->ctx.seal_path);
	s->st.shown_name = "<request>";
	gw_status st = gw_serve_workers_new(&c->ctx, c->threads, &s->workers);
	if (st != GW_OK) {
		snprintf(err, errlen, "cannot make the library's contexts: %s",
		         gw_status_string(st));
		gw_server_stop(s, 0);
		return st;
	}
	s->watch = gw_serve_watch_new(c->timeout, s->st.metrics);
	if (!s->watch) {
		snprintf(err, errlen, "cannot start a thread");
		gw_server_stop(s, 0);
		return GW_ERR_IO;
	}
	errno = 0;
	/* the logger first: libmicrohttpd reports options before it with its own */
	s->d = gw_mhd_start_daemon(
	        flags, (uint16_t)c->port, NULL, NULL, on_request, s, MHD_OPTION_EXTERNAL_LOGGER,
	        log_mhd, s, MHD_OPTION_SOCK_ADDR, sa, MHD_OPTION_THREAD_POOL_SIZE,
	        (unsigned)c->threads, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)ceil(c->timeout),
	        MHD_OPTION_CONNECTION_LIMIT, c->max_connections, MHD_OPTION_NOTIFY_COMPLETED,
	        on_completed, s, MHD_OPTION_NOTIFY_CONNECTION, on_connection, s, MHD_OPTION_END);
	if (!s->d) {
		snprintf(err, errlen, "cannot listen on %s port %d%s%s", c->host, c->port,
		         errno ? ": " : "", errno ? strerror(errno) : "");
		gw_server_stop(s, 0);
		return GW_ERR_IO;
	}
	const union MHD_DaemonInfo *di = gw_mhd.get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di ? di->port : c->port;
	*out = s;
	return GW_OK;
}

int gw_server_port(const gw_server *s)
{
	return s->port;
}

/* Waits until no request is in flight for 0.2 s, or for secs; returns those in flight. */
static int wait_idle(gw_server *s, double secs)
{
	double until = gw_serve_now() + secs, quiet_since = -1;
	for (;;) {
		double now = gw_serve_now();
		int left = gw_serve_metrics_in_flight(s->st.metrics);
		if (left > 0)
			quiet_since = -1;
		else if (quiet_since < 0)
			quiet_since = now;
		if ((left == 0 && now - quiet_since >= 0.2) || now >= until)
			return left;
		nanosleep(&(struct timespec){0, 10000000}, NULL); /* 10 ms */
	}
}

int gw_server_stop(gw_server *s, double grace)
{
	if (!s)
		return 0;
	int left = 0;
	if (s->d) {
		atomic_store(&s->stopping, 1);
		/*
		 * No new connection: libmicrohttpd stops accepting, and shutting the listening
		 * socket down makes the kernel refuse new connections at once (instead of
		 * queueing them until the process ends). The socket is closed after the daemon
		 * stopped, as MHD_quiesce_daemon asks.
		 */
		MHD_socket lfd = gw_mhd.quiesce_daemon(s->d);
		if (lfd != MHD_INVALID_SOCKET)
			shutdown(lfd, SHUT_RDWR);
		/*
		 * The requests in flight finish (their answers close their connections). The
		 * polling thread never typesets, so a request that has arrived is counted at
		 * once; "none in flight" must still hold for a moment (0.2 s) before the daemon
		 * stops, for one whose last bytes are on their way.
		 */
		left = wait_idle(s, grace);
		/* past the grace: the queued jobs are answered 503, the running ones finish,
		   and every suspended connection is resumed before the daemon stops */
		gw_serve_workers_stop(s->workers);
		if (left)
			left = wait_idle(s, 2);
		gw_mhd.stop_daemon(s->d);
		if (lfd != MHD_INVALID_SOCKET)
			close(lfd);
	}
	gw_serve_workers_drop(s->workers);
	gw_serve_watch_drop(s->watch);
	gw_serve_metrics_drop(s->st.metrics);
	free(s->st.data_name);
	free(s);
	return left;
}
