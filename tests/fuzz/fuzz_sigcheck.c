/*
 * fuzz_sigcheck.c: fuzz target for the checks `gongwen sign` makes on a PDF's existing
 * signatures (sign/verify.c, and in sign/pdfio.c the signature list, the revision ends, the
 * comparison of two states of a file).
 *
 * In: any bytes, parsed as a PDF. Out: nothing; it aborts when an invariant breaks.
 *
 * Invariants checked: a file that opens is verified without a crash, every problem is one
 * line, and there are no more signatures than the verification names problems for plus those
 * that hold; a file compared with itself has no change; and the update gongwen's own signing
 * writes (with a made-up signature value) is never a change: not a visible one, not at a seal
 * (--at-seal), whatever the file held before.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "sign/pdfio.h"
#include "sign/verify.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Lines in b: each problem is one line ending in '\n'. */
static int lines(const gw_buf *b)
{
	int n = 0;
	for (size_t i = 0; i < b->len; i++)
		n += b->data[i] == '\n';
	CHECK(b->len == 0 || b->data[b->len - 1] == '\n');
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[256];
	gw_pdf p;
	if (gw_pdf_open(&p, (const char *)data, size, err, sizeof err) < 0) {
		gw_pdf_close(&p);
		return 0;
	}
	gw_buf out = {0};
	int nsigs = -1, n = gw_sign_verify(&p, &out, &nsigs);
	CHECK(n >= 0 && nsigs >= 0 && lines(&out) <= n + 1 && (n == 0) == (out.len == 0));
	gw_buf_free(&out);
	CHECK(gw_pdf_changes(&p, &p, "", &out, 4) == 0 && out.len == 0);

	/* our own signing update, at the first free seal when there is one */
	gw_pdf_seal seal;
	int ntaken = 0, found = gw_pdf_find_seal(&p, &seal, &ntaken, err, sizeof err);
	gw_sig_spec s = {.page = found == 1 ? seal.page : 1,
	                 .rect = {found == 1 ? seal.rect[0] : 0, found == 1 ? seal.rect[1] : 0,
	                          found == 1 ? seal.rect[2] : 0, found == 1 ? seal.rect[3] : 0},
	                 .seal = found == 1 ? &seal : NULL,
	                 .reserve = 64,
	                 .when = 0};
	gw_buf sig = {0};
	size_t cs = 0, ce = 0;
	if (gw_pdf_add_sig(&p, &s, &sig, &cs, &ce, err, sizeof err) == 0) {
		unsigned char der[8] = {0x30, 0x03, 1, 2, 3};
		CHECK(gw_pdf_put_contents(&sig, cs, ce, der, sizeof der) == 0);
		gw_pdf q;
		if (gw_pdf_open(&q, sig.data, sig.len, err, sizeof err) == 0) {
			int c = gw_pdf_changes(&p, &q, "", &out, 4);
			CHECK(c == 0 && out.len == 0);
			int rev, nrev;
			rev = gw_pdf_revision(&q, sig.len, &nrev);
			CHECK(rev >= 1 && rev == nrev);
		}
		gw_pdf_close(&q);
	}
	gw_buf_free(&sig);
	gw_buf_free(&out);
	gw_pdf_close(&p);
	return 0;
}
