/*
 * job.c: one batch job (job.h): parse its JSON, run it in a context, report its result.
 *
 * In: a job's JSON text, a gw_ctx. Out: a gw_job, then a gw_job_result (the PDF written
 * atomically or kept in memory, its SHA-256 by OpenSSL's EVP interface, every diagnostic
 * with its position in the jobs file or the data file) and that result as JSON.
 * Everything goes through the library's public interface (gongwen.h); the atomic write is
 * base/output.h's, as gw_document_write_pdf's.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "../base/diag.h"
#include "../base/output.h"
#include "../base/util.h"
#include "../load/json.h"
#include "job.h"

/*
 * Copies diagnostic g into d: when its file is `file` (non-NULL), its line moves down by
 * shift lines and its pointer gets prefix in front.
 */
static void copy_diag(gw_diags *d, const gw_diag *g, const char *file, uint32_t shift,
                      const char *prefix)
{
	int mine = file && g->file && strcmp(g->file, file) == 0;
	uint32_t line = g->line && mine ? g->line + shift : g->line;
	char *ptr = NULL;
	if (g->pointer)
		ptr = gw_xasprintf("%s%s", mine && prefix ? prefix : "", g->pointer);
	static const char *const fmt = "%s";
	/* gw_diags_vadd takes a va_list: build one through a variadic helper */
	void (*add)(gw_diags *, const char *, uint32_t, uint32_t, const char *, const char *, ...) =
	        g->severity == GW_SEV_WARNING ? gw_diags_warn
	        : g->severity == GW_SEV_NOTE  ? gw_diags_note
	                                      : gw_diags_add;
	add(d, g->file, line, g->col, ptr, fmt, g->msg);
	free(ptr);
}

/* Copies every diagnostic of src into d (see copy_diag). */
static void copy_diags(gw_diags *d, const gw_diags *src, const char *file, uint32_t shift,
                       const char *prefix)
{
	for (int i = 0; i < gw_diags_count(src); i++)
		copy_diag(d, gw_diags_get(src, i), file, shift, prefix);
}

/* Byte offset in s[0..len) of the start of code point number cp (0-based). */
static size_t cp_offset(const char *s, size_t len, uint32_t cp)
{
	size_t i = 0;
	while (i < len && cp > 0) {
		i++;
		while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		cp--;
	}
	return i;
}

/*
 * The end (one past the last byte) of the JSON object or array starting at s[i] in
 * s[0..len); the text has been parsed already, so only brackets and strings matter.
 */
static size_t value_end(const char *s, size_t len, size_t i)
{
	int depth = 0, in_str = 0;
	for (; i < len; i++) {
		char c = s[i];
		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = 0;
		} else if (c == '"') {
			in_str = 1;
		} else if (c == '{' || c == '[') {
			depth++;
		} else if (c == '}' || c == ']') {
			if (--depth == 0)
				return i + 1;
		}
	}
	return len;
}

/* 1 when a layout value names a file rather than a layout of the folders. */
static int is_path(const char *s)
{
	size_t n = strlen(s);
	return strchr(s, '/') || (n > 5 && strcmp(s + n - 5, ".json") == 0);
}

/* A string member of obj: NULL when absent; an error (and NULL) when not a string or "". */
static const char *string_member(const gw_json *j, gw_diags *d, const cJSON *obj, const char *key,
                                 const char *what)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!v)
		return NULL;
	if (!cJSON_IsString(v) || !v->valuestring[0]) {
		gw_json_error(j, d, v, 0, "\"%s\" must be %s", key, what);
		return NULL;
	}
	return v->valuestring;
}

/* DATA.pdf for DATA.json (else DATA + .pdf), in dir when given, else beside the data. */
static char *default_out(const char *data, const char *dir)
{
	const char *base = strrchr(data, '/');
	base = base ? base + 1 : data;
	size_t n = strlen(base);
	if (n > 5 && strcmp(base + n - 5, ".json") == 0)
		n -= 5;
	if (dir)
		return gw_xasprintf("%s/%.*s.pdf", dir, (int)n, base);
	return gw_xasprintf("%.*s%.*s.pdf", (int)(base - data), data, (int)n, base);
}

gw_status gw_job_parse(const char *text, size_t len, const char *src, uint32_t line,
                       const char *base_dir, const char *out_dir, gw_job *job, gw_diags *d)
{
	memset(job, 0, sizeof *job);
	const char *name = src ? src : "<job>";
	job->src = src ? gw_xstrdup(src) : NULL;
	job->line = line;
	gw_diags tmp = {0};
	gw_json *j = NULL;
	if (memchr(text, '\n', len)) {
		gw_diags_add(&tmp, name, 1, 1, NULL, "a job is one line of JSON");
		goto done;
	}
	j = gw_json_parse(text, len, name, &tmp);
	if (!j)
		goto done;
	static const char *const keys[] = {"data", "layout", "out", NULL};
	const cJSON *root = gw_json_root(j);
	if (!cJSON_IsObject(root)) {
		gw_json_error(j, &tmp, root, 0,
		              "a job is an object: {\"data\": ..., \"layout\": ..., \"out\": ...}");
		goto done;
	}
	gw_json_check_keys(j, &tmp, root, keys);
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(root, "data");
	if (!data) {
		gw_json_error(j, &tmp, root, 0,
		              "the job has no \"data\" (a file path or the data)");
	} else if (cJSON_IsString(data) && data->valuestring[0]) {
		job->data_path = gw_path_join(base_dir, data->valuestring);
	} else if (cJSON_IsObject(data)) {
		/* the object's own bytes, after as many spaces as it has columns before it:
		   the document's positions are then the job line's columns */
		gw_srcpos p = gw_json_pos(j, data);
		size_t start = cp_offset(text, len, p.col - 1);
		size_t end = value_end(text, len, start);
		job->data_len = (size_t)(p.col - 1) + (end - start);
		job->data_text = gw_xmalloc(job->data_len + 1);
		memset(job->data_text, ' ', p.col - 1);
		memcpy(job->data_text + p.col - 1, text + start, end - start);
		job->data_text[job->data_len] = 0;
		job->data_line = line ? line : 1;
	} else {
		gw_json_error(j, &tmp, data, 0,
		              "\"data\" must be a file path (a string) or the data (an object)");
	}
	const char *layout = string_member(j, &tmp, root, "layout", "a layout name or file");
	if (layout)
		job->layout = is_path(layout) ? gw_path_join(base_dir, layout) : gw_xstrdup(layout);
	const char *out = string_member(j, &tmp, root, "out", "the output file's path");
	if (out)
		job->out = gw_path_join(out_dir ? out_dir : base_dir, out);
	else if (job->data_path)
		job->out = default_out(job->data_path, out_dir);
done:
	copy_diags(d, &tmp, name, line ? line - 1 : 0, NULL);
	gw_status st = tmp.nerr ? GW_ERR_INPUT : GW_OK;
	gw_diags_clear(&tmp);
	gw_json_drop(j);
	return st;
}

void gw_job_free(gw_job *job)
{
	free(job->src);
	free(job->data_path);
	free(job->data_text);
	free(job->layout);
	free(job->out);
	memset(job, 0, sizeof *job);
}

int gw_sha256_hex(const void *data, size_t len, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	hex[0] = 0;
	if (!EVP_Digest(data, len, md, &n, EVP_sha256(), NULL) || n != 32)
		return -1;
	for (unsigned i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	return 0;
}

/* Writes pdf[0..len) to path atomically; 0, or -1 after a diagnostic in d. */
static int write_atomic(const char *path, const unsigned char *pdf, size_t len, gw_diags *d)
{
	gw_output o;
	char err[512];
	if (gw_output_open(&o, path, NULL, err, sizeof err) < 0) { /* a regular file: no tmp_dir */
		gw_diags_add(d, NULL, 0, 0, NULL, "%s", err);
		return -1;
	}
	if (gw_output_write(&o, pdf, len, err, sizeof err) < 0 ||
	    gw_output_commit(&o, err, sizeof err) < 0) {
		gw_diags_add(d, NULL, 0, 0, NULL, "%s", err);
		gw_output_abort(&o);
		return -1;
	}
	return 0;
}

gw_status gw_job_run(gw_ctx *ctx, const gw_job *job, unsigned flags, gw_job_result *r)
{
	memset(r, 0, sizeof *r);
	r->diags = gw_diags_new();
	const char *name = job->src ? job->src : "<job>";
	uint32_t at = job->line ? job->line : 0;
	if (!job->data_path && !job->data_text) {
		gw_diags_add(r->diags, name, at, at ? 1 : 0, NULL, "the job has no data");
		return r->status = GW_ERR_INPUT;
	}
	if (!job->out && !(flags & GW_JOB_TO_BUFFER)) {
		gw_diags_add(r->diags, name, at, at ? 1 : 0, NULL,
		             "the job has no \"out\" (the output file)");
		return r->status = GW_ERR_USAGE;
	}
	gw_doc_options dopt = {
	        .layout = job->layout,
	        .flags = (flags & GW_JOB_FORCE ? GW_DOC_FORCE : 0) |
	                 (flags & GW_JOB_STRICT ? GW_DOC_STRICT : 0),
	};
	gw_document *doc = NULL;
	gw_status st;
	if (job->data_path)
		st = gw_document_load_file(ctx, job->data_path, &dopt, &doc);
	else
		st = gw_document_load_bytes(ctx, job->data_text, job->data_len, name, &dopt, &doc);
	if (!doc) {
		gw_diags_add(r->diags, NULL, 0, 0, NULL, "out of memory");
		return r->status = GW_ERR_IO;
	}
	unsigned char *pdf = NULL;
	size_t len = 0;
	const char *kind;
	if (st != GW_OK)
		goto done;
	if (job->out && !(flags & GW_JOB_TO_BUFFER) && strcmp(job->out, "-") != 0 &&
	    (kind = gw_document_input_kind(doc, job->out))) {
		gw_diags_add(r->diags, name, at, at ? 1 : 0, NULL,
		             "out %s is %s, which this job reads: refusing to overwrite it",
		             job->out, kind);
		st = GW_ERR_USAGE;
		goto done;
	}
	gw_write_options wopt = {.no_pdfa = !!(flags & GW_JOB_NO_PDFA)};
	st = gw_document_write_pdf_buffer(doc, &wopt, &pdf, &len);
	if (st != GW_OK)
		goto done;
	if (gw_sha256_hex(pdf, len, r->sha256) < 0) {
		gw_diags_add(r->diags, NULL, 0, 0, NULL, "SHA-256 failed (OpenSSL)");
		st = GW_ERR_IO;
		goto done;
	}
	if (flags & GW_JOB_TO_BUFFER) {
		r->pdf = pdf, r->pdf_len = len;
		pdf = NULL;
	} else if (write_atomic(job->out, pdf, len, r->diags) < 0) {
		st = GW_ERR_IO;
		r->sha256[0] = 0;
		goto done;
	}
	r->pages = gw_document_page_count(doc);
	r->bytes = len;
done:
	/* the document's diagnostics first (they come first in time), then the job's */
	{
		gw_diags *own = r->diags;
		r->diags = gw_diags_new();
		copy_diags(r->diags, gw_document_diags(doc), job->data_text ? name : NULL,
		           job->data_line ? job->data_line - 1 : 0, "/data");
		copy_diags(r->diags, own, NULL, 0, NULL);
		gw_diags_drop(own);
	}
	gw_free(pdf);
	gw_document_drop(doc);
	return r->status = st;
}

void gw_job_result_failed(gw_job_result *r, gw_status st, const gw_diags *d)
{
	memset(r, 0, sizeof *r);
	r->diags = gw_diags_new();
	if (d)
		copy_diags(r->diags, d, NULL, 0, NULL);
	r->status = st;
}

void gw_job_result_free(gw_job_result *r)
{
	gw_diags_drop(r->diags);
	gw_free(r->pdf);
	memset(r, 0, sizeof *r);
}

/* A string, or JSON null for NULL. */
static void add_str(cJSON *o, const char *key, const char *s)
{
	if (s)
		cJSON_AddStringToObject(o, key, s);
	else
		cJSON_AddNullToObject(o, key);
}

cJSON *gw_job_result_cjson(const gw_job *job, const gw_job_result *r)
{
	cJSON *o = cJSON_CreateObject();
	if (job && job->src) {
		char *s = job->line ? gw_xasprintf("%s:%u", job->src, (unsigned)job->line)
		                    : gw_xstrdup(job->src);
		cJSON_AddStringToObject(o, "source", s);
		free(s);
	} else {
		cJSON_AddNullToObject(o, "source");
	}
	add_str(o, "data",
	        !job             ? NULL
	        : job->data_path ? job->data_path
	        : job->data_text ? "(inline)"
	                         : NULL);
	add_str(o, "out", job ? job->out : NULL);
	cJSON_AddStringToObject(o, "status", r->status == GW_OK ? "ok" : "failed");
	cJSON_AddNumberToObject(o, "exit", (double)r->status);
	cJSON_AddNumberToObject(o, "pages", r->pages);
	cJSON_AddNumberToObject(o, "bytes", (double)r->bytes);
	add_str(o, "sha256", r->sha256[0] ? r->sha256 : NULL);
	cJSON *a = cJSON_AddArrayToObject(o, "diagnostics");
	for (int i = 0; r->diags && i < gw_diags_count(r->diags); i++) {
		const gw_diag *g = gw_diags_get(r->diags, i);
		cJSON *e = cJSON_CreateObject();
		add_str(e, "file", g->file);
		cJSON_AddNumberToObject(e, "line", g->line);
		cJSON_AddNumberToObject(e, "column", g->col);
		add_str(e, "pointer", g->pointer);
		cJSON_AddStringToObject(e, "severity",
		                        g->severity == GW_SEV_WARNING ? "warning"
		                        : g->severity == GW_SEV_NOTE  ? "note"
		                                                      : "error");
		cJSON_AddStringToObject(e, "message", g->msg);
		cJSON_AddItemToArray(a, e);
	}
	return o;
}

char *gw_job_result_json(const gw_job *job, const gw_job_result *r)
{
	cJSON *o = gw_job_result_cjson(job, r);
	char *s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (!s)
		return NULL;
	char *copy = gw_xstrdup(s); /* ours: freed with free() like every other string here */
	cJSON_free(s);
	return copy;
}
