/*
 * sign.c: gw_sign_pdf (gongwen.h), a PAdES baseline B-B signature added to PDF bytes as an
 * incremental update (the original bytes stay unchanged, so earlier signatures stay valid).
 *
 * In: the PDF in memory (named in messages by the caller: its file, or for render --sign
 * the data file it was rendered from), gw_sign_options (the key file, an optional password
 * file, appearance and place). Out: the signed bytes in memory, or diagnostics: every problem
 * is added to the caller's gw_diags, naming the caller's files, and the status says which
 * kind (GW_ERR_INPUT, GW_ERR_USAGE, GW_ERR_IO). Writing the result is the caller's (the
 * sign command and gw_document_write_pdf write it atomically).
 * Existing signatures are verified first (verify.h); the key is opened by signer.h (p12.c).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "../base/diag.h"
#include "../base/utf8.h"
#include "../base/util.h"
#include "../lib/lib.h"
#include "../load/image.h"
#include "pdfio.h"
#include "signer.h"
#include "verify.h"

/* Reads the first line of a password file (at most 1 KB; a pipe or /dev/stdin will do). */
static char *read_password(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char *s = gw_xcalloc(1, 1025);
	if (!fgets(s, 1025, f) && ferror(f)) {
		fclose(f);
		free(s);
		return NULL;
	}
	fclose(f);
	s[strcspn(s, "\r\n")] = 0;
	return s;
}

/* reason and location: UTF-8, at most 4 KB (PDF/A 6.1.13-3 caps strings at 32767 bytes). */
static const char *bad_text(const char *s)
{
	size_t n = strlen(s);
	if (n > 4096)
		return "longer than 4096 bytes";
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int k = gw_utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (k <= 0)
			return "not valid UTF-8";
		i += (size_t)k;
	}
	return NULL;
}

/*
 * Loads a PNG as RGB + alpha (NULL when opaque), decoded as render decodes a seal
 * (load/image.h: every PNG kind, damaged files and the size limits are errors), so the seal
 * `render --sign` draws has the pixels `render` would.
 */
static int load_png(const char *path, gw_sig_image *im, unsigned char **rgb, unsigned char **alpha,
                    char *err, size_t errsz)
{
	char why[300];
	gw_image *g = gw_image_read_png(path, why, sizeof why);
	if (!g) {
		snprintf(err, errsz, "--appearance \"%s\" %s", path, why);
		return -1;
	}
	size_t n = (size_t)g->w * (size_t)g->h;
	if (g->channels == 1) {
		*rgb = gw_xmalloc(n * 3);
		for (size_t i = 0; i < n; i++)
			memset(*rgb + 3 * i, g->pix[i], 3);
		free(g->pix);
	} else {
		*rgb = g->pix;
	}
	*alpha = g->alpha;
	im->w = g->w;
	im->h = g->h;
	im->rgb = *rgb;
	im->alpha = *alpha;
	free(g);
	return 0;
}

/*
 * Verifies the signatures in pdf (verify.h) before another is added: each problem is an
 * error and signing stops (-1), or with force a warning and signing goes on (0).
 */
static int check_signed(const gw_pdf *pdf, const char *in, int force, gw_diags *d)
{
	gw_buf problems = {0};
	int nsigs = 0, n = gw_sign_verify(pdf, &problems, &nsigs);
	for (size_t i = 0; i < problems.len;) {
		size_t e = i;
		while (e < problems.len && problems.data[e] != '\n')
			e++;
		if (force)
			gw_diags_warn(d, in, 0, 0, NULL, "%.*s", (int)(e - i), problems.data + i);
		else
			gw_diags_add(d, in, 0, 0, NULL, "%.*s", (int)(e - i), problems.data + i);
		i = e + 1;
	}
	gw_buf_free(&problems);
	if (n == 0)
		return 0;
	if (force) {
		gw_diags_warn(d, in, 0, 0, NULL,
		              "signing anyway (--force), although the document's existing "
		              "signatures do not hold");
		return 0;
	}
	gw_diags_add(d, in, 0, 0, NULL,
	             "not signed: a further signature would endorse a document whose existing "
	             "signature%s %s not hold (%d problem%s above; --force signs anyway)",
	             nsigs == 1 ? "" : "s", nsigs == 1 ? "does" : "do", n, n == 1 ? "" : "s");
	return -1;
}

gw_status gw_sign_pdf(gw_ctx *ctx, const unsigned char *bytes, size_t len, const char *name,
                      const gw_sign_options *o, unsigned char **out, size_t *out_len, gw_diags *d)
{
	*out = NULL, *out_len = 0;
	const char *in = name ? name : "<pdf>";
	if (!o || !o->p12) {
		gw_diags_add(d, NULL, 0, 0, NULL, "no signer (--p12 ID.p12)");
		return GW_ERR_USAGE;
	}
	const char *why_text;
	if (o->reason && (why_text = bad_text(o->reason))) {
		gw_diags_add(d, NULL, 0, 0, NULL, "--reason is: %s", why_text);
		return GW_ERR_USAGE;
	}
	if (o->location && (why_text = bad_text(o->location))) {
		gw_diags_add(d, NULL, 0, 0, NULL, "--location is: %s", why_text);
		return GW_ERR_USAGE;
	}
	int rect_given = o->rect[0] != 0 || o->rect[1] != 0 || o->rect[2] != 0 || o->rect[3] != 0;
	if (o->at_seal && (o->appearance || o->page > 0 || rect_given)) {
		gw_diags_add(d, NULL, 0, 0, NULL,
		             "--at-seal takes the seal's own page, place and image; it cannot be "
		             "combined with --page, --rect or --appearance");
		return GW_ERR_USAGE;
	}
	int has_rect = !o->at_seal && rect_given;
	if (o->appearance && !has_rect) {
		gw_diags_add(d, NULL, 0, 0, NULL, "--appearance needs --rect");
		return GW_ERR_USAGE;
	}
	/* the signing time: the caller's, else the context's source date, else the clock */
	time_t when;
	if (o->has_time)
		when = (time_t)o->time;
	else if (ctx && ctx->rt.has_source_date)
		when = (time_t)ctx->rt.source_date;
	else
		when = time(NULL); /* the one place gongwen reads the clock: signing */
	int page = o->page > 0 ? o->page : 1;
	double rect[4] = {o->rect[0], o->rect[1], o->rect[2], o->rect[3]};

	gw_status status = GW_ERR_INPUT;
	char err[512], warn[512];
	char *password = NULL;
	unsigned char *rgb = NULL, *alpha = NULL, *der = NULL;
	gw_signer *signer = NULL;
	gw_pdf pdf;
	memset(&pdf, 0, sizeof pdf);
	gw_buf buf = {0};

	if (o->password_file && !(password = read_password(o->password_file))) {
		gw_diags_add(d, NULL, 0, 0, NULL, "cannot read %s: %s", o->password_file,
		             strerror(errno));
		goto done;
	}
	if (gw_pdf_open(&pdf, (const char *)bytes, len, err, sizeof err) < 0) {
		gw_diags_add(d, in, 0, 0, NULL, "%s", err);
		goto done;
	}
	if (check_signed(&pdf, in, o->force, d) < 0)
		goto done;
	gw_pdf_seal seal;
	if (o->at_seal) {
		int ntaken = 0, r = gw_pdf_find_seal(&pdf, &seal, &ntaken, err, sizeof err);
		if (r < 0) {
			gw_diags_add(d, in, 0, 0, NULL, "%s", err);
			goto done;
		}
		if (r == 0) {
			if (ntaken)
				gw_diags_add(
				        d, in, 0, 0, NULL,
				        "--at-seal: every seal gongwen render left on the page "
				        "(%d) is already the appearance of an earlier signature; "
				        "sign with --page and --rect, or invisibly",
				        ntaken);
			else
				gw_diags_add(
				        d, in, 0, 0, NULL,
				        "--at-seal: the file has no seal drawn by gongwen render "
				        "(give the signature a \"seal\" in the data, or use "
				        "--appearance with --page and --rect)");
			goto done;
		}
		page = seal.page;
		memcpy(rect, seal.rect, sizeof rect);
	}
	if (!o->at_seal && gw_pdf_certified(&pdf))
		gw_diags_warn(d, NULL, 0, 0, NULL,
		              "%s is certified (/Perms /DocMDP): a further signature keeps the "
		              "certification only if its permissions allow signing (P 2 or 3)",
		              in);
	if (page > pdf.npages) {
		gw_diags_add(d, in, 0, 0, NULL, "no page %d (the document has %d)", page,
		             pdf.npages);
		goto done;
	}
	if (has_rect) {
		const double *mb = pdf.media[page - 1];
		if (rect[2] <= 0 || rect[3] <= 0 || rect[0] < mb[0] || rect[1] < mb[1] ||
		    rect[0] + rect[2] > mb[2] || rect[1] + rect[3] > mb[3]) {
			gw_diags_add(d, NULL, 0, 0, NULL,
			             "--rect %g,%g,%g,%g is not inside the visible area of page %d "
			             "([%g %g %g %g])",
			             rect[0], rect[1], rect[2], rect[3], page, mb[0], mb[1], mb[2],
			             mb[3]);
			goto done;
		}
	}
	int why;
	signer = gw_signer_p12_open(o->p12, password, when,
	                            (o->allow_expired ? GW_SIGNER_ALLOW_EXPIRED : 0) |
	                                    (o->force ? GW_SIGNER_FORCE : 0),
	                            &why, err, sizeof err, warn, sizeof warn);
	if (!signer) {
		gw_diags_add(d, NULL, 0, 0, NULL, "%s", err);
		status = why == GW_SIGNER_IO ? GW_ERR_IO : GW_ERR_INPUT;
		goto done;
	}
	for (char *w = warn, *nl; *w; w = nl + (*nl != 0)) {
		nl = w + strcspn(w, "\n");
		gw_diags_warn(d, NULL, 0, 0, NULL, "%.*s", (int)(nl - w), w);
	}
	gw_sig_image im;
	if (o->appearance && load_png(o->appearance, &im, &rgb, &alpha, err, sizeof err) < 0) {
		gw_diags_add(d, NULL, 0, 0, NULL, "%s", err);
		goto done;
	}
	gw_sig_spec spec = {
	        .page = page,
	        .rect = {rect[0], rect[1], rect[2], rect[3]},
	        .image = o->appearance ? &im : NULL,
	        .seal = o->at_seal ? &seal : NULL,
	        .reason = o->reason,
	        .location = o->location,
	        .when = when,
	        .reserve = signer->max_cms > 8192 ? signer->max_cms : 8192,
	};
	size_t cs, ce;
	if (gw_pdf_add_sig(&pdf, &spec, &buf, &cs, &ce, err, sizeof err) < 0) {
		gw_diags_add(d, in, 0, 0, NULL, "%s", err);
		goto done;
	}
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0;
	EVP_MD_CTX *mctx = EVP_MD_CTX_new();
	int ok = mctx && EVP_DigestInit_ex(mctx, EVP_sha256(), NULL) &&
	         EVP_DigestUpdate(mctx, buf.data, cs) &&
	         EVP_DigestUpdate(mctx, buf.data + ce, buf.len - ce) &&
	         EVP_DigestFinal_ex(mctx, md, &mdlen);
	EVP_MD_CTX_free(mctx);
	size_t derlen = 0;
	status = GW_ERR_IO;
	if (!ok) {
		gw_diags_add(d, NULL, 0, 0, NULL, "SHA-256 failed");
		goto done;
	}
	if (signer->sign(signer, md, &der, &derlen, err, sizeof err) < 0) {
		gw_diags_add(d, NULL, 0, 0, NULL, "%s", err);
		goto done;
	}
	if (gw_pdf_put_contents(&buf, cs, ce, der, derlen) < 0) {
		gw_diags_add(d, NULL, 0, 0, NULL, "the signature (%zu bytes) exceeds the reserve",
		             derlen);
		goto done;
	}
	*out_len = buf.len;
	*out = (unsigned char *)gw_buf_take(&buf);
	status = GW_OK;
done:
	free(der);
	free(rgb);
	free(alpha);
	gw_buf_free(&buf);
	if (signer)
		signer->free(signer);
	gw_pdf_close(&pdf);
	if (password) {
		memset(password, 0, strlen(password));
		free(password);
	}
	return status;
}
