/*
 * cli.c: `gongwen sign`, a PAdES baseline B-B signature added to a PDF as an incremental
 * update (the original bytes stay unchanged, so earlier signatures stay valid).
 *
 * In: argv (argv[0] = "sign"), or for `render --sign` the unsigned PDF in memory. Out: the
 * signed PDF, written atomically (base/output.h; nothing is written on any error); never over
 * a file the run reads, and over IN.pdf only with --in-place; diagnostics on stderr; the exit
 * status: 0 success, 1 bad input, 2 usage error, 3 I/O or internal error.
 */
#define _DEFAULT_SOURCE /* timegm */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "../base/output.h"
#include "../base/utf8.h"
#include "../base/util.h"
#include "../load/image.h"
#include "pdfio.h"
#include "signer.h"
#include "verify.h"

static const char usage[] =
        "usage: gongwen sign IN.pdf (-o OUT.pdf | --in-place) --p12 ID.p12\n"
        "                    [--password-file F] [--reason TEXT] [--location TEXT] [--time T]\n"
        "                    [--allow-expired]\n"
        "                    [--appearance SEAL.png] [--page N] [--rect x,y,w,h] |\n"
        "                    [--at-seal] [--force]\n"
        "       gongwen sign --help\n";

static const char help[] =
        "gongwen sign: adds a PAdES baseline B-B signature (ETSI.CAdES.detached) to a PDF\n"
        "as an incremental update; earlier signatures stay valid for their revision.\n"
        "\n"
        "  IN.pdf              the PDF to sign (not encrypted); - for standard input\n"
        "  -o OUT.pdf          the signed file (replaced atomically, mode kept, a symbolic\n"
        "                      link followed), - for standard output, or a pipe or device\n"
        "                      (written into); not IN.pdf (under any name) without\n"
        "                      --in-place, never the key, password or appearance file\n"
        "  --in-place          replace IN.pdf by its signed version (-o, if given, must\n"
        "                      name IN.pdf)\n"
        "  --p12 ID.p12        the signer's PKCS#12 file (RSA or ECDSA key + certificate)\n"
        "  --password-file F   the PKCS#12 password: the first line of F (default: empty)\n"
        "  --reason TEXT       /Reason of the signature (UTF-8, at most 4 KB)\n"
        "  --location TEXT     /Location of the signature (UTF-8, at most 4 KB)\n"
        "  --time T            the signing time (/M): seconds since 1970 or\n"
        "                      YYYY-MM-DDTHH:MM:SSZ; default $SOURCE_DATE_EPOCH, else the clock\n"
        "  --allow-expired     sign even when the certificate is not valid at that time\n"
        "  --page N            the page of the signature widget (default 1)\n"
        "  --rect x,y,w,h      a visible widget at this rectangle, in points in the page's\n"
        "                      own coordinates (those of its MediaBox, before any /Rotate;\n"
        "                      usually from the lower left corner); alone it draws a thin\n"
        "                      red frame; without it the signature is invisible\n"
        "  --appearance F.png  draw this image (alpha kept, aspect ratio kept, centred) in\n"
        "                      the rectangle\n"
        "  --at-seal           the signature's appearance is the seal gongwen render drew:\n"
        "                      same page, place and image; the page stops drawing it, so\n"
        "                      the seal people see is the signature (the first seal not\n"
        "                      yet taken by an earlier signature; refused on a certified\n"
        "                      file, /Perms /DocMDP)\n"
        "  --force             sign even when an existing signature does not verify, the\n"
        "                      document changed after it was signed, or the certificate's\n"
        "                      key usage excludes signing (each then a warning)\n"
        "\n"
        "Before signing, every existing signature is verified: its byte range covers its\n"
        "whole revision, the signed bytes are unchanged, its value verifies with its own\n"
        "certificate's public key (whether that certificate is trusted is not judged), and\n"
        "nothing but signing changed the document after it.\n"
        "\n"
        "With an RSA key the output is byte-identical for the same input, key and time.\n"
        "Exit status: 0 success, 1 bad input, 2 usage error, 3 I/O or internal error.\n"
        "On any error no output file is created, and an existing one is left untouched.\n";

static int usage_error(const char *msg, const char *arg)
{
	if (msg)
		fprintf(stderr, "gongwen sign: error: %s%s%s\n", msg, arg ? ": " : "",
		        arg ? arg : "");
	fputs(usage, stderr);
	return 2;
}

/*
 * The latest signing time: 9999-12-31T23:59:59Z. PDF dates (7.9.4) and ASN.1 GeneralizedTime
 * have four-digit years; the earliest is 1970-01-01T00:00:00Z (seconds since 1970 are not
 * negative).
 */
#define LAST_TIME 253402300799LL

/*
 * --time: seconds since 1970 (digits only) or a real date YYYY-MM-DDTHH:MM:SSZ (UTC). Returns
 * 0, -1 when it is no time, -2 when it is outside 1970-01-01T00:00:00Z..9999-12-31T23:59:59Z.
 */
int gw_sign_parse_time(const char *s, time_t *t)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (*s >= '0' && *s <= '9' && !*end) {
		if (errno == ERANGE || v > LAST_TIME)
			return -2;
		if (errno)
			return -1;
		*t = (time_t)v;
		return 0;
	}
	struct tm tm = {0};
	int n = 0;
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	           &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6 ||
	    s[n] != 0)
		return -1;
	struct tm want = tm;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*t = timegm(&tm);
	/* timegm normalises 2026-02-30 to March 2: a date that moved was not a date */
	struct tm back;
	if (*t == (time_t)-1 || !gmtime_r(t, &back) || back.tm_year + 1900 != want.tm_year ||
	    back.tm_mon + 1 != want.tm_mon || back.tm_mday != want.tm_mday ||
	    back.tm_hour != want.tm_hour || back.tm_min != want.tm_min ||
	    back.tm_sec != want.tm_sec)
		return -1;
	return *t < 0 ? -2 : 0;
}

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

/* --reason and --location: UTF-8, at most 4 KB (PDF/A 6.1.13-3 caps strings at 32767 bytes). */
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
 * Verifies the signatures in (verify.h) before another is added: each problem is an error
 * and signing stops (-1), or with --force a warning and signing goes on (0).
 */
static int check_signed(const gw_pdf *pdf, const char *in, int force)
{
	gw_buf problems = {0};
	int nsigs = 0, n = gw_sign_verify(pdf, &problems, &nsigs);
	const char *kind = force ? "warning" : "error";
	for (size_t i = 0; i < problems.len;) {
		size_t e = i;
		while (e < problems.len && problems.data[e] != '\n')
			e++;
		fprintf(stderr, "gongwen sign: %s: %s: %.*s\n", kind, in, (int)(e - i),
		        problems.data + i);
		i = e + 1;
	}
	gw_buf_free(&problems);
	if (n == 0)
		return 0;
	if (force) {
		fprintf(stderr,
		        "gongwen sign: warning: %s: signing anyway (--force), although the "
		        "document's existing signatures do not hold\n",
		        in);
		return 0;
	}
	fprintf(stderr,
	        "gongwen sign: error: %s: not signed: a further signature would endorse a "
	        "document whose existing signature%s %s not hold (%d problem%s above; --force "
	        "signs anyway)\n",
	        in, nsigs == 1 ? "" : "s", nsigs == 1 ? "does" : "do", n, n == 1 ? "" : "s");
	return -1;
}

/* Writes data to out whole or not at all (base/output.h; "-" and devices are copied into). */
static int write_atomic(const char *out, const char *data, size_t len)
{
	gw_output o;
	char err[512];
	if (gw_output_open(&o, out, getenv("TMPDIR"), err, sizeof err) < 0 ||
	    gw_output_write(&o, data, len, err, sizeof err) < 0 ||
	    gw_output_commit(&o, err, sizeof err) < 0) {
		fprintf(stderr, "gongwen sign: error: %s\n", err);
		gw_output_abort(&o);
		return 3;
	}
	return 0;
}

/*
 * The command; pdf, when not NULL, is the input's bytes (the caller's): IN.pdf in argv is
 * then only the input's name for messages (render --sign).
 */
static int sign_main(int argc, char **argv, char *pdfbytes, size_t pdflen)
{
	const char *in = NULL, *out = NULL, *p12 = NULL, *pwfile = NULL, *reason = NULL,
	           *location = NULL, *when_s = NULL, *png = NULL, *rect_s = NULL;
	int page = 1, page_given = 0, allow_expired = 0, at_seal = 0, in_place = 0, force = 0;
	char *data = pdfbytes;
	size_t len = pdflen;
	int status = 1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = NULL;
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(help, stdout);
			return 0;
		} else if (strcmp(a, "-o") == 0) {
			slot = &out;
		} else if (strcmp(a, "--p12") == 0) {
			slot = &p12;
		} else if (strcmp(a, "--password-file") == 0) {
			slot = &pwfile;
		} else if (strcmp(a, "--reason") == 0) {
			slot = &reason;
		} else if (strcmp(a, "--location") == 0) {
			slot = &location;
		} else if (strcmp(a, "--time") == 0) {
			slot = &when_s;
		} else if (strcmp(a, "--appearance") == 0) {
			slot = &png;
		} else if (strcmp(a, "--rect") == 0) {
			slot = &rect_s;
		} else if (strcmp(a, "--page") == 0) {
			if (i + 1 >= argc)
				return usage_error("--page needs a value", NULL);
			char *end;
			long v = strtol(argv[++i], &end, 10);
			if (*end || v < 1 || v > INT_MAX)
				return usage_error("bad --page", argv[i]);
			page = (int)v;
			page_given = 1;
			continue;
		} else if (strcmp(a, "--allow-expired") == 0) {
			allow_expired = 1;
			continue;
		} else if (strcmp(a, "--at-seal") == 0) {
			at_seal = 1;
			continue;
		} else if (strcmp(a, "--in-place") == 0) {
			in_place = 1;
			continue;
		} else if (strcmp(a, "--force") == 0) {
			force = 1;
			continue;
		} else if (a[0] == '-' && a[1]) {
			return usage_error("unknown option", a);
		} else if (!in) {
			in = a;
			continue;
		} else {
			return usage_error("more than one input file", a);
		}
		if (i + 1 >= argc)
			return usage_error("option needs a value", a);
		*slot = argv[++i];
	}
	if (!in)
		return usage_error("no input PDF", NULL);
	/*
	 * The output is never a file the run reads (issue 10, defect 6), under any name (a
	 * symbolic or hard link: gw_output_clash compares device and inode): IN.pdf only when
	 * --in-place asks for it, the key, password and appearance files never.
	 */
	if (in_place && pdfbytes)
		return usage_error("--in-place signs a file, not a rendered document", NULL);
	if (in_place && out && strcmp(out, in) != 0 &&
	    gw_output_clash(out, (const char *const[]){in}, 1) < 0)
		return usage_error("--in-place replaces IN.pdf, but -o names another file", out);
	if (in_place)
		out = in;
	if (!out)
		return usage_error("no output file (-o OUT.pdf, or --in-place)", NULL);
	if (in_place && strcmp(in, "-") == 0)
		return usage_error("--in-place needs a file, not standard input", NULL);
	const char *in_file = strcmp(in, "-") == 0 ? "/dev/stdin" : in;
	if (!in_place && !pdfbytes && gw_output_clash(out, (const char *const[]){in_file}, 1) == 0)
		return usage_error("-o names the input PDF; to sign it in place give --in-place",
		                   out);
	const char *read_too[3] = {p12, pwfile, png};
	int clash = gw_output_clash(out, read_too, 3);
	if (clash >= 0)
		return usage_error(clash == 0   ? "-o names the --p12 file"
		                   : clash == 1 ? "-o names the --password-file"
		                                : "-o names the --appearance image",
		                   out);
	if (!p12)
		return usage_error("no signer (--p12 ID.p12)", NULL);
	if (at_seal && (png || rect_s || page_given))
		return usage_error(
		        "--at-seal takes the seal's own page, place and image; it cannot be "
		        "combined with --page, --rect or --appearance",
		        NULL);
	if (png && !rect_s)
		return usage_error("--appearance needs --rect", NULL);
	const char *why_text;
	if (reason && (why_text = bad_text(reason)))
		return usage_error("--reason is", why_text);
	if (location && (why_text = bad_text(location)))
		return usage_error("--location is", why_text);
	double rect[4] = {0, 0, 0, 0};
	if (rect_s) {
		int n = 0;
		if (sscanf(rect_s, "%lf,%lf,%lf,%lf%n", &rect[0], &rect[1], &rect[2], &rect[3],
		           &n) != 4 ||
		    rect_s[n] != 0 || !isfinite(rect[0]) || !isfinite(rect[1]) ||
		    !isfinite(rect[2]) || !isfinite(rect[3]))
			return usage_error("bad --rect (want x,y,w,h)", rect_s);
	}
	time_t when;
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	static const char range_msg[] = "outside 1970-01-01T00:00:00Z..9999-12-31T23:59:59Z "
	                                "(PDF dates have four-digit years)";
	if (when_s) {
		int r = gw_sign_parse_time(when_s, &when);
		if (r == -2)
			return usage_error("--time is", range_msg);
		if (r < 0)
			return usage_error("bad --time", when_s);
	} else if (sde && *sde) {
		int r = gw_sign_parse_time(sde, &when);
		if (r < 0) {
			fprintf(stderr, "gongwen sign: error: bad SOURCE_DATE_EPOCH: %s%s%s\n", sde,
			        r == -2 ? ": " : "", r == -2 ? range_msg : "");
			return 1;
		}
	} else {
		when = time(NULL); /* the one place gongwen reads the clock: signing */
	}

	char err[512], warn[512];
	char *password = NULL;
	unsigned char *rgb = NULL, *alpha = NULL, *der = NULL;
	gw_signer *signer = NULL;
	gw_pdf pdf;
	memset(&pdf, 0, sizeof pdf);
	gw_buf buf = {0};

	if (pwfile && !(password = read_password(pwfile))) {
		fprintf(stderr, "gongwen sign: error: cannot read %s: %s\n", pwfile,
		        strerror(errno));
		goto done;
	}
	if (!data)
		data = gw_read_file(in, (size_t)1 << 31, &len);
	if (!data) {
		fprintf(stderr, "gongwen sign: error: cannot read %s: %s\n", in, strerror(errno));
		goto done;
	}
	if (gw_pdf_open(&pdf, data, len, err, sizeof err) < 0) {
		fprintf(stderr, "gongwen sign: error: %s: %s\n", in, err);
		goto done;
	}
	if (check_signed(&pdf, in, force) < 0)
		goto done;
	gw_pdf_seal seal;
	if (at_seal) {
		int ntaken = 0, r = gw_pdf_find_seal(&pdf, &seal, &ntaken, err, sizeof err);
		if (r < 0) {
			fprintf(stderr, "gongwen sign: error: %s: %s\n", in, err);
			goto done;
		}
		if (r == 0) {
			if (ntaken)
				fprintf(stderr,
				        "gongwen sign: error: %s: --at-seal: every seal gongwen "
				        "render "
				        "left on the page (%d) is already the appearance of an "
				        "earlier "
				        "signature; sign with --page and --rect, or invisibly\n",
				        in, ntaken);
			else
				fprintf(stderr,
				        "gongwen sign: error: %s: --at-seal: the file has no seal "
				        "drawn "
				        "by gongwen render (give the signature a \"seal\" in the "
				        "data, or "
				        "use --appearance with --page and --rect)\n",
				        in);
			goto done;
		}
		page = seal.page;
		memcpy(rect, seal.rect, sizeof rect);
	}
	if (!at_seal && gw_pdf_certified(&pdf))
		fprintf(stderr,
		        "gongwen sign: warning: %s is certified (/Perms /DocMDP): a further "
		        "signature keeps the certification only if its permissions allow signing "
		        "(P 2 or 3)\n",
		        in);
	if (page > pdf.npages) {
		fprintf(stderr, "gongwen sign: error: %s: no page %d (the document has %d)\n", in,
		        page, pdf.npages);
		goto done;
	}
	if (rect_s) {
		const double *mb = pdf.media[page - 1];
		if (rect[2] <= 0 || rect[3] <= 0 || rect[0] < mb[0] || rect[1] < mb[1] ||
		    rect[0] + rect[2] > mb[2] || rect[1] + rect[3] > mb[3]) {
			fprintf(stderr,
			        "gongwen sign: error: --rect %s is not inside the visible area of "
			        "page %d ([%g %g %g "
			        "%g])\n",
			        rect_s, page, mb[0], mb[1], mb[2], mb[3]);
			goto done;
		}
	}
	int why;
	signer = gw_signer_p12_open(p12, password, when,
	                            (allow_expired ? GW_SIGNER_ALLOW_EXPIRED : 0) |
	                                    (force ? GW_SIGNER_FORCE : 0),
	                            &why, err, sizeof err, warn, sizeof warn);
	if (!signer) {
		fprintf(stderr, "gongwen sign: error: %s\n", err);
		status = why;
		goto done;
	}
	for (char *w = warn, *nl; *w; w = nl + (*nl != 0)) {
		nl = w + strcspn(w, "\n");
		fprintf(stderr, "gongwen sign: warning: %.*s\n", (int)(nl - w), w);
	}
	gw_sig_image im;
	if (png && load_png(png, &im, &rgb, &alpha, err, sizeof err) < 0) {
		fprintf(stderr, "gongwen sign: error: %s\n", err);
		goto done;
	}
	gw_sig_spec spec = {
	        .page = page,
	        .rect = {rect[0], rect[1], rect[2], rect[3]},
	        .image = png ? &im : NULL,
	        .seal = at_seal ? &seal : NULL,
	        .reason = reason,
	        .location = location,
	        .when = when,
	        .reserve = signer->max_cms > 8192 ? signer->max_cms : 8192,
	};
	size_t cs, ce;
	if (gw_pdf_add_sig(&pdf, &spec, &buf, &cs, &ce, err, sizeof err) < 0) {
		fprintf(stderr, "gongwen sign: error: %s: %s\n", in, err);
		goto done;
	}
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) &&
	         EVP_DigestUpdate(ctx, buf.data, cs) &&
	         EVP_DigestUpdate(ctx, buf.data + ce, buf.len - ce) &&
	         EVP_DigestFinal_ex(ctx, md, &mdlen);
	EVP_MD_CTX_free(ctx);
	size_t derlen = 0;
	if (!ok) {
		fprintf(stderr, "gongwen sign: error: SHA-256 failed\n");
		status = 3;
		goto done;
	}
	if (signer->sign(signer, md, &der, &derlen, err, sizeof err) < 0) {
		fprintf(stderr, "gongwen sign: error: %s\n", err);
		status = 3;
		goto done;
	}
	if (gw_pdf_put_contents(&buf, cs, ce, der, derlen) < 0) {
		fprintf(stderr,
		        "gongwen sign: error: the signature (%zu bytes) exceeds the reserve\n",
		        derlen);
		status = 3;
		goto done;
	}
	status = write_atomic(out, buf.data, buf.len);
done:
	free(der);
	free(rgb);
	free(alpha);
	gw_buf_free(&buf);
	if (signer)
		signer->free(signer);
	gw_pdf_close(&pdf);
	if (data != pdfbytes)
		free(data);
	if (password) {
		memset(password, 0, strlen(password));
		free(password);
	}
	return status;
}

int gw_cli_sign(int argc, char **argv)
{
	return sign_main(argc, argv, NULL, 0);
}

int gw_cli_sign_buffer(int argc, char **argv, char *pdf, size_t len)
{
	return sign_main(argc, argv, pdf, len);
}
