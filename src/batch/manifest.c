/*
 * manifest.c: the batch manifest (JSON), written atomically and read back for --resume.
 *
 * In: the batch's jobs and their entries (job.c's result objects). Out: the manifest file
 *   {"version": 1, "total": N, "ok": N, "failed": N, "resumed": N, "pending": N,
 *    "jobs": [entry, ...]}
 * with the entries of finished and resumed jobs in input order (a manifest written while
 * the batch runs has "pending" > 0); and, for --resume, the jobs whose output is listed as
 * done with the SHA-256 the file still has. Nothing in it depends on the clock.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/output.h"
#include "../base/util.h"
#include "batch.h"

/* Largest manifest --resume reads (a million jobs at about 1 KiB each). */
#define MAX_MANIFEST_BYTES ((size_t)1 << 30)

int gw_batch_write_manifest(const gw_batch *b, char *err, size_t errsz)
{
	int ok = 0, failed = 0, resumed = 0, pending = 0;
	cJSON *root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "version", 1);
	cJSON *jobs = cJSON_CreateArray();
	for (int i = 0; i < b->n; i++) {
		const gw_batch_item *it = &b->items[i];
		if (!it->entry) {
			pending++;
			continue;
		}
		if (it->state == 2)
			resumed++;
		else if (it->status == GW_OK)
			ok++;
		else
			failed++;
		/* a reference: deleting root leaves the entry to its job */
		cJSON_AddItemReferenceToArray(jobs, it->entry);
	}
	cJSON_AddNumberToObject(root, "total", b->n);
	cJSON_AddNumberToObject(root, "ok", ok);
	cJSON_AddNumberToObject(root, "failed", failed);
	cJSON_AddNumberToObject(root, "resumed", resumed);
	cJSON_AddNumberToObject(root, "pending", pending);
	cJSON_AddItemToObject(root, "jobs", jobs);
	char *text = cJSON_Print(root);
	cJSON_Delete(root);
	if (!text) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	gw_output o;
	int r = -1;
	if (gw_output_open(&o, b->manifest, err, errsz) == 0) {
		size_t len = strlen(text);
		text[len] = '\n'; /* cJSON_Print ends without one; the NUL is not written */
		if (gw_output_write(&o, text, len + 1, err, errsz) == 0 &&
		    gw_output_commit(&o, err, errsz) == 0)
			r = 0;
		else
			gw_output_abort(&o);
		text[len] = 0;
	}
	cJSON_free(text);
	return r;
}

/* The SHA-256 of the file at path into hex; 0, or -1 when it cannot be read. */
static int file_sha256(const char *path, char hex[65])
{
	size_t len;
	char *data = gw_read_file(path, (size_t)1 << 31, &len);
	if (!data)
		return -1;
	int r = gw_sha256_hex(data, len, hex);
	free(data);
	return r;
}

/* A done entry of the old manifest: its output, its SHA-256 and the entry. */
typedef struct done_ref {
	const char *out, *sha256;
	const cJSON *entry;
} done_ref;

static int cmp_done(const void *pa, const void *pb)
{
	return strcmp(((const done_ref *)pa)->out, ((const done_ref *)pb)->out);
}

int gw_batch_resume(gw_batch *b)
{
	size_t len;
	char *text = gw_read_file(b->manifest, MAX_MANIFEST_BYTES, &len);
	if (!text) {
		if (errno == ENOENT)
			return 0; /* nothing done yet */
		fprintf(stderr, "gongwen batch: error: --resume: cannot read %s: %s\n", b->manifest,
		        strerror(errno));
		return -1;
	}
	cJSON *root = cJSON_ParseWithLength(text, len);
	free(text);
	const cJSON *jobs = root ? cJSON_GetObjectItemCaseSensitive(root, "jobs") : NULL;
	if (!cJSON_IsArray(jobs)) {
		fprintf(stderr,
		        "gongwen batch: error: --resume: %s is not a gongwen batch manifest "
		        "(no \"jobs\" array)\n",
		        b->manifest);
		cJSON_Delete(root);
		return -1;
	}
	int n = 0, cap = cJSON_GetArraySize(jobs);
	done_ref *done = gw_xmalloc((size_t)(cap ? cap : 1) * sizeof *done);
	const cJSON *e;
	cJSON_ArrayForEach(e, jobs)
	{
		const cJSON *st = cJSON_GetObjectItemCaseSensitive(e, "status");
		const cJSON *out = cJSON_GetObjectItemCaseSensitive(e, "out");
		const cJSON *sha = cJSON_GetObjectItemCaseSensitive(e, "sha256");
		if (cJSON_IsString(st) && strcmp(st->valuestring, "ok") == 0 &&
		    cJSON_IsString(out) && cJSON_IsString(sha) && strlen(sha->valuestring) == 64)
			done[n++] = (done_ref){out->valuestring, sha->valuestring, e};
	}
	qsort(done, (size_t)n, sizeof *done, cmp_done);
	int resumed = 0;
	for (int i = 0; i < b->n; i++) {
		gw_batch_item *it = &b->items[i];
		if (it->parse_status != GW_OK || !it->job.out || it->state)
			continue;
		done_ref key = {it->job.out, NULL, NULL};
		const done_ref *d = bsearch(&key, done, (size_t)n, sizeof *done, cmp_done);
		char hex[65];
		if (!d || file_sha256(it->job.out, hex) < 0 || strcmp(hex, d->sha256) != 0)
			continue;
		it->entry = cJSON_Duplicate(d->entry, 1);
		cJSON_DeleteItemFromObjectCaseSensitive(it->entry, "resumed");
		cJSON_AddTrueToObject(it->entry, "resumed");
		it->state = 2;
		it->status = GW_OK;
		resumed++;
	}
	free(done);
	cJSON_Delete(root);
	return resumed;
}
