/*
 * routes.c: what each path of the service answers.
 *
 * In: a request's path, method, query (layout=, strict=) and body. Out: the answer
 * (gw_serve_reply): status, content type, body.
 *
 *   POST /render   data JSON in the body -> 200 application/pdf (the same bytes as
 *                  `gongwen render`), or 422 with the diagnostics as JSON (reply.c)
 *   POST /check    -> 200 {"status": "ok", "pages": N, "diagnostics": [warnings, notes]}
 *                  or 422 as /render
 *   GET  /healthz  -> 200 "ok"
 *   GET  /metrics  -> 200 Prometheus text (metrics.c)
 *   other paths 404, other methods 405 (with Allow); an I/O or internal error 500.
 *
 * The layout is the query's layout=NAME, else the data's "layout" key, else gbt9704: names
 * from the layout folders only, since every context is confined (gongwen.h). A limit the
 * document reaches (pages, nesting, the time of one request: the context's max_seconds) is
 * an input error of the library, so a 422 that names it.
 */
#include <stdlib.h>
#include <string.h>

#include "serve.h"

gw_serve_path gw_serve_path_of(const char *url)
{
	if (strcmp(url, "/render") == 0)
		return GW_PATH_RENDER;
	if (strcmp(url, "/check") == 0)
		return GW_PATH_CHECK;
	if (strcmp(url, "/healthz") == 0)
		return GW_PATH_HEALTHZ;
	if (strcmp(url, "/metrics") == 0)
		return GW_PATH_METRICS;
	return GW_PATH_OTHER;
}

void gw_serve_reply_text(gw_serve_reply *r, int status, const char *text)
{
	r->status = status;
	r->type = "text/plain; charset=utf-8";
	r->body = (char *)text;
	r->len = strlen(text);
	r->free_body = NULL;
}

void gw_serve_reply_error(gw_serve_reply *r, int status, const char *msg)
{
	r->status = status;
	r->type = "application/json";
	r->body = gw_serve_error_json(msg, &r->len);
	r->free_body = free;
}

int gw_serve_route_early(gw_serve_path path, const char *method, gw_serve_reply *r)
{
	int post = strcmp(method, "POST") == 0;
	int get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
	switch (path) {
	case GW_PATH_RENDER:
	case GW_PATH_CHECK:
		if (post)
			return 0;
		gw_serve_reply_error(r, 405, "use POST with the data JSON as the body");
		r->allow = "POST";
		return 1;
	case GW_PATH_HEALTHZ:
	case GW_PATH_METRICS:
		if (get)
			return 0;
		gw_serve_reply_error(r, 405, "use GET");
		r->allow = "GET, HEAD";
		return 1;
	default:
		gw_serve_reply_error(r, 404,
		                     "no such path: POST /render, POST /check, GET "
		                     "/healthz, GET /metrics");
		return 1;
	}
}

/* POST /render (check 0) or /check (check 1): loads the body with ctx. */
static void document(gw_serve_state *s, gw_ctx *ctx, int check, const char *layout, int strict,
                     const char *body, size_t len, gw_serve_reply *r)
{
	gw_doc_options o = {
	        .layout = layout && *layout ? layout : NULL,
	        .flags = (check ? GW_DOC_CHECK : 0) | (strict ? GW_DOC_STRICT : 0),
	};
	gw_document *doc;
	gw_status st = gw_document_load_bytes(ctx, body, len, s->data_name, &o, &doc);
	if (!doc) {
		gw_serve_reply_error(r, 500, "out of memory");
		return;
	}
	const gw_diags *d = gw_document_diags(doc);
	r->pages = gw_document_page_count(doc);
	if (st == GW_OK && !check) {
		unsigned char *pdf;
		size_t n;
		st = gw_document_write_pdf_buffer(doc, NULL, &pdf, &n);
		if (st == GW_OK) {
			r->status = 200;
			r->type = "application/pdf";
			r->body = (char *)pdf, r->len = n, r->free_body = gw_free;
			r->warnings = gw_diags_count(d) - gw_diags_errors(d);
		}
	}
	if (r->status == 0) {
		r->status = st == GW_OK ? 200 : st == GW_ERR_INPUT ? 422 : 500;
		r->type = "application/json";
		r->body = gw_serve_diags_json(d, gw_status_string(st), st == GW_OK ? r->pages : 0,
		                              s->data_name, s->shown_name, &r->len);
		r->free_body = free;
	}
	gw_document_drop(doc);
}

void gw_serve_route(gw_serve_state *s, gw_ctx *ctx, gw_serve_path path, const char *layout,
                    int strict, const char *body, size_t len, gw_serve_reply *r)
{
	switch (path) {
	case GW_PATH_RENDER:
	case GW_PATH_CHECK:
		document(s, ctx, path == GW_PATH_CHECK, layout, strict, body, len, r);
		return;
	case GW_PATH_HEALTHZ:
		gw_serve_reply_text(r, 200, "ok\n");
		return;
	case GW_PATH_METRICS:
		r->status = 200;
		r->type = "text/plain; version=0.0.4; charset=utf-8";
		r->body = gw_serve_metrics_text(s->metrics, &r->len);
		r->free_body = free;
		return;
	default:
		gw_serve_route_early(path, "", r); /* 404 */
		return;
	}
}
