/*
 * cli.c: `gongwen serve`, the command.
 *
 * In: argv (options below) and the environment as render reads it (src/cli/env.h:
 * SOURCE_DATE_EPOCH for the PDF's dates when the data has no meta.date, GONGWEN_FONT_PATH
 * after the --fonts folders, TMPDIR, GW_DEBUG). Out: a running service (server.c) until SIGTERM or
 * SIGINT, then a graceful stop: no new connection, the requests in flight answered, exit 0. On
 * stderr: "gongwen serve: listening on http://HOST:PORT" once listening (with the port
 * bound when --listen gave port 0), and one line per answer unless --quiet.
 * Exit status: 0 after a stop by signal, 1 bad SOURCE_DATE_EPOCH, 2 usage error, 3 cannot
 * listen or start.
 */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../base/util.h"
#include "../cli/env.h"
#include "../gw.h"
#include "serve.h"

static const char help[] =
        "usage: gongwen serve [--listen HOST:PORT] [--layouts DIR]... [--fonts DIR]...\n"
        "                     [--seals DIR]... [--threads N] [--max-body BYTES]\n"
        "                     [--timeout S] [--render-timeout S] [--max-pages N]\n"
        "                     [--max-connections N] [--quiet]\n"
        "\n"
        "An HTTP/1.1 service (docs/batch-and-service.md):\n"
        "  POST /render[?layout=NAME][&strict=1]  the data JSON as the body: the PDF, or 422\n"
        "                 with the diagnostics as JSON (file, line, column, pointer, severity,\n"
        "                 message); the layout is NAME, else the data's \"layout\", else gbt9704\n"
        "  POST /check[?layout=NAME][&strict=1]   200 or 422 with the diagnostics\n"
        "  GET /healthz   200 \"ok\"\n"
        "  GET /metrics   Prometheus text: requests by path and status, durations, in flight\n"
        "\n"
        "  --listen HOST:PORT  numeric address and port (default 127.0.0.1:8080; [::1]:PORT\n"
        "                   for IPv6); port 0 takes a free port, printed on stderr\n"
        "  --layouts DIR    a folder of layouts (NAME.json), searched in the order given,\n"
        "                   before the installed layouts\n"
        "  --fonts DIR      a folder the layouts' fonts may come from, besides the layout's\n"
        "                   own folder and the installed fonts\n"
        "  --seals DIR      a folder seal images may come from; a relative seal path in a\n"
        "                   request is relative to the first --seals folder\n"
        "                   Files outside these folders and the installed ones are refused\n"
        "                   (422 at the data's position), symbolic links followed first.\n"
        "  --threads N      threads serving requests, each with its own fonts and layouts\n"
        "                   (default: the number of processors, at most 16)\n"
        "  --max-body BYTES largest request body, with an optional k or M (1024-based)\n"
        "                   suffix (default 4M, at most 16M): 413 beyond\n"
        "  --timeout S      seconds a client has to send a whole request, or to read a whole\n"
        "                   answer, and that a connection may stay idle (default 30)\n"
        "  --render-timeout S  seconds one document may take to typeset and paint: 422\n"
        "                   beyond (default 30)\n"
        "  --max-pages N    pages of one document: 422 beyond (default 10000)\n"
        "  --max-connections N  open connections at once (default 256)\n"
        "  --quiet          no line per answer on stderr\n"
        "\n"
        "SIGTERM or SIGINT: stop accepting, answer the requests in flight, exit 0.\n";

/* Parses a decimal count in [lo, hi]; 0 on success. */
static int parse_int(const char *s, long lo, long hi, long *v)
{
	char *end;
	errno = 0;
	long n = strtol(s, &end, 10);
	if (errno || end == s || *end || n < lo || n > hi)
		return -1;
	*v = n;
	return 0;
}

/* Parses seconds in (0, hi] (decimals allowed); 0 on success. */
static int parse_secs(const char *s, double hi, double *v)
{
	char *end;
	errno = 0;
	double d = strtod(s, &end);
	if (errno || end == s || *end || !(d > 0) || d > hi)
		return -1;
	*v = d;
	return 0;
}

/* Parses a byte count with an optional k or M suffix (1024-based) in [1, hi]; 0 on success. */
static int parse_bytes(const char *s, size_t hi, size_t *v)
{
	char *end;
	errno = 0;
	unsigned long long n = strtoull(s, &end, 10);
	if (errno || end == s || s[0] == '-')
		return -1;
	unsigned long long mult = 1;
	if (*end == 'k' || *end == 'K')
		mult = 1024, end++;
	else if (*end == 'm' || *end == 'M')
		mult = 1024 * 1024, end++;
	if (*end || n == 0 || n > hi / mult)
		return -1;
	*v = (size_t)(n * mult);
	return 0;
}

/* Parses HOST:PORT or [V6]:PORT into host (malloc'ed) and port; 0 on success. */
static int parse_listen(const char *s, char **host, int *port)
{
	const char *colon;
	if (s[0] == '[') {
		const char *close = strchr(s, ']');
		if (!close || close[1] != ':')
			return -1;
		*host = gw_xstrndup(s + 1, (size_t)(close - s - 1));
		colon = close + 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon || colon == s)
			return -1;
		*host = gw_xstrndup(s, (size_t)(colon - s));
	}
	long p;
	if (parse_int(colon + 1, 0, 65535, &p) < 0) {
		free(*host);
		*host = NULL;
		return -1;
	}
	*port = (int)p;
	return 0;
}

/* Appends folder dir to the colon-separated list *list; -1 after a message when dir is not
   a folder or cannot be in such a list. */
static int add_folder(char **list, const char *opt, const char *dir)
{
	struct stat st;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "gongwen serve: error: %s %s: not a folder\n", opt, dir);
		return -1;
	}
	if (strchr(dir, ':')) {
		fprintf(stderr, "gongwen serve: error: %s %s: a folder name may not hold ':'\n",
		        opt, dir);
		return -1;
	}
	char *l = *list ? gw_xasprintf("%s:%s", *list, dir) : gw_xstrdup(dir);
	free(*list);
	*list = l;
	return 0;
}

/* The default thread count: the processors online, 1 to 16. */
static int default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 16 ? 16 : (int)n;
}

int gw_cli_serve(int argc, char **argv)
{
	gw_serve_config c = {
	        .port = 8080,
	        .threads = default_threads(),
	        .max_body = 4u << 20,
	        .timeout = 30,
	        .max_connections = 256,
	        .ctx = {.confined = 1, .max_seconds = 30},
	};
	char *host = NULL, *layouts = NULL, *fonts = NULL, *seals = NULL;
	int status = GW_EXIT_USAGE;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(help, stdout);
			status = GW_EXIT_OK;
			goto out;
		}
		if (strcmp(a, "--quiet") == 0) {
			c.quiet = 1;
			continue;
		}
		static const char *const valued[] = {
		        "--listen",    "--layouts",         "--fonts",   "--seals",
		        "--threads",   "--max-body",        "--timeout", "--render-timeout",
		        "--max-pages", "--max-connections", NULL};
		int k = 0;
		while (valued[k] && strcmp(a, valued[k]) != 0)
			k++;
		if (!valued[k]) {
			fprintf(stderr, "gongwen serve: error: unknown option \"%s\"\n", a);
			goto usage;
		}
		if (i + 1 == argc) {
			fprintf(stderr, "gongwen serve: error: %s needs a value\n", a);
			goto usage;
		}
		const char *v = argv[++i];
		long n;
		int bad = 0;
		if (strcmp(a, "--listen") == 0) {
			free(host);
			bad = parse_listen(v, &host, &c.port);
		} else if (strcmp(a, "--layouts") == 0) {
			if (add_folder(&layouts, a, v) < 0)
				goto out;
		} else if (strcmp(a, "--fonts") == 0) {
			if (add_folder(&fonts, a, v) < 0)
				goto out;
		} else if (strcmp(a, "--seals") == 0) {
			if (add_folder(&seals, a, v) < 0)
				goto out;
		} else if (strcmp(a, "--threads") == 0) {
			bad = parse_int(v, 1, 256, &n);
			c.threads = (int)n;
		} else if (strcmp(a, "--max-body") == 0) {
			bad = parse_bytes(v, GW_MAX_FILE_BYTES, &c.max_body);
		} else if (strcmp(a, "--timeout") == 0) {
			bad = parse_secs(v, 3600, &c.timeout);
		} else if (strcmp(a, "--render-timeout") == 0) {
			bad = parse_secs(v, 3600, &c.ctx.max_seconds);
		} else if (strcmp(a, "--max-pages") == 0) {
			bad = parse_int(v, 1, GW_MAX_PAGES, &n);
			c.ctx.max_pages = (int)n;
		} else {
			bad = parse_int(v, 1, 100000, &n);
			c.max_connections = (unsigned)n;
		}
		if (bad) {
			fprintf(stderr,
			        "gongwen serve: error: bad %s \"%s\" (gongwen serve --help)\n", a,
			        v);
			goto usage;
		}
	}
	/* the environment as for render (src/cli/env.h); the folders given here come first */
	gw_ctx_options env;
	if (gw_cli_ctx_options(&env, "gongwen serve") < 0) {
		status = GW_EXIT_INPUT;
		goto out;
	}
	c.ctx.has_source_date = env.has_source_date;
	c.ctx.source_date = env.source_date;
	c.ctx.tmp_dir = env.tmp_dir;
	c.ctx.debug = env.debug;
	if (env.font_path && *env.font_path) {
		char *f = fonts ? gw_xasprintf("%s:%s", fonts, env.font_path)
		                : gw_xstrdup(env.font_path);
		free(fonts);
		fonts = f;
	}
	c.host = host ? host : "127.0.0.1";
	c.ctx.layout_path = layouts;
	c.ctx.font_path = fonts;
	c.ctx.seal_path = seals;
	c.ctx.max_file_bytes = c.max_body;

	/*
	 * The stopping signals are taken by sigwait below, never by a handler: blocked here,
	 * before any thread starts, so that every thread inherits the mask. A peer that goes
	 * away mid-answer must not end the process (libmicrohttpd sends with MSG_NOSIGNAL;
	 * this is for any other write).
	 */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	gw_server *s;
	char err[512];
	gw_status st = gw_server_start(&c, &s, err, sizeof err);
	if (st != GW_OK) {
		fprintf(stderr, "gongwen serve: error: %s\n", err);
		status = st;
		goto out;
	}
	int v6 = strchr(c.host, ':') != NULL;
	fprintf(stderr, "gongwen serve: listening on http://%s%s%s:%d (%d threads)\n",
	        v6 ? "[" : "", c.host, v6 ? "]" : "", gw_server_port(s), c.threads);
	fflush(stderr);
	int sig = 0;
	while (sigwait(&stop, &sig) != 0)
		;
	fprintf(stderr, "gongwen serve: %s: answering the requests in flight, then stopping\n",
	        sig == SIGTERM ? "SIGTERM" : "SIGINT");
	/* a request in flight takes at most: the rest of its body, its rendering, its answer */
	double grace = 2 * c.timeout + (c.ctx.max_seconds > 0 ? c.ctx.max_seconds : 0) + 1;
	int left = gw_server_stop(s, grace);
	if (left)
		fprintf(stderr,
		        "gongwen serve: stopped with %d request%s unanswered after %.0f s\n", left,
		        left > 1 ? "s" : "", grace);
	else
		fprintf(stderr, "gongwen serve: stopped\n");
	status = GW_EXIT_OK;
	goto out;
usage:
	fputs("usage: gongwen serve [--listen HOST:PORT] [--layouts DIR]... [--fonts DIR]... "
	      "[--seals DIR]... [OPTIONS] (gongwen serve --help)\n",
	      stderr);
out:
	free(host);
	free(layouts);
	free(fonts);
	free(seals);
	return status;
}
