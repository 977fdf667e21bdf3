/*
 * cli.c: `gongwen sign`, a PAdES baseline B-B signature added to a PDF as an incremental
 * update (the original bytes stay unchanged, so earlier signatures stay valid).
 *
 * In: argv (argv[0] = "sign"). The signing itself is the library's gw_sign_pdf (sign.c),
 * which render --sign calls too. Out: the signed PDF, written atomically (base/output.h; nothing is
 * written on any error); never over a file the run reads, and over IN.pdf only with --in-place;
 * diagnostics on stderr; the exit status: 0 success, 1 bad input, 2 usage error, 3 I/O or internal
 * error.
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

#include "gongwen.h"

#include "../base/output.h"
#include "../base/util.h"

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

/* Prints the diagnostics as the command always has: "gongwen sign: error: FILE: MESSAGE". */
static void print_diags(const gw_diags *d)
{
	for (int i = 0; i < gw_diags_count(d); i++) {
		const gw_diag *g = gw_diags_get(d, i);
		fprintf(stderr, "gongwen sign: %s: %s%s%s\n",
		        g->severity == GW_SEV_ERROR ? "error" : "warning", g->file ? g->file : "",
		        g->file ? ": " : "", g->msg);
	}
}

/*
 * The command: its options checked, IN.pdf read, signed by gw_sign_pdf (sign.c, the
 * library's), the result written atomically.
 */
static int sign_main(int argc, char **argv)
{
	const char *in = NULL, *out = NULL, *p12 = NULL, *pwfile = NULL, *reason = NULL,
	           *location = NULL, *when_s = NULL, *png = NULL, *rect_s = NULL;
	int page = 1, page_given = 0, allow_expired = 0, at_seal = 0, in_place = 0, force = 0;
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
	if (!in_place && gw_output_clash(out, (const char *const[]){in_file}, 1) == 0)
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

	gw_sign_options so = {
	        .p12 = p12,
	        .password_file = pwfile,
	        .reason = reason,
	        .location = location,
	        .has_time = 1,
	        .time = (long long)when,
	        .allow_expired = allow_expired,
	        .force = force,
	        .appearance = png,
	        .page = page_given ? page : 0,
	        .rect = {rect[0], rect[1], rect[2], rect[3]},
	        .at_seal = at_seal,
	};
	size_t len = 0;
	char *data = gw_read_file(in, (size_t)1 << 31, &len);
	if (!data) {
		fprintf(stderr, "gongwen sign: error: cannot read %s: %s\n", in, strerror(errno));
		return 1;
	}
	gw_diags *d = gw_diags_new();
	unsigned char *signed_pdf = NULL;
	size_t signed_len = 0;
	gw_status st = gw_sign_pdf(NULL, (const unsigned char *)data, len, in, &so, &signed_pdf,
	                           &signed_len, d);
	print_diags(d);
	gw_diags_drop(d);
	free(data);
	if (st == GW_ERR_USAGE)
		fputs(usage, stderr);
	int status = st;
	if (st == GW_OK)
		status = write_atomic(out, (const char *)signed_pdf, signed_len);
	gw_free(signed_pdf);
	return status;
}

int gw_cli_sign(int argc, char **argv)
{
	return sign_main(argc, argv);
}
