/*
 * pdf.c: the PDF painter (see paint.h). libharu writes the document, pages, images and
 * compression; text goes through our own font embedding (pdf_font.h) because libharu's
 * font path breaks CJK (../shared/reference/libharu-2.3.md).
 *
 * Each page's content stream is ours (stream.h): text, rules, the paper and the seals'
 * Do in one buffer, written once when the page is finished, compressed already (libharu
 * draws nothing on a page, so no libharu text or graphics state mixes with ours). Glyphs
 * are placed from the same integer /W widths the layout used, so layout and viewers agree
 * exactly.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>

#include "../base/utf8.h"
#include "../base/util.h"
#include "../gw.h"
#include "paint.h"
#include "pdf_font.h"
#include "pdfa.h"
#include "stream.h"

typedef struct pdf_state {
	HPDF_STATUS error; /* last libharu error number, 0 for none */
	HPDF_STATUS detail;
} pdf_state;

static void on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user)
{
	pdf_state *s = user;
	if (!s->error) {
		s->error = error_no;
		s->detail = detail_no;
	}
}

/* What gw_stream_text needs from pdf_font.h: the page the glyphs are used on. */
typedef struct code_ctx {
	gw_pdf_fonts *fonts;
	HPDF_Page page;
} code_ctx;

/* gw_stream_code_fn over gw_pdf_fonts_use. */
static int glyph_code(void *user, const gw_glyph *g, const char **res, uint16_t *code, char *err,
                      size_t errlen)
{
	code_ctx *c = user;
	return gw_pdf_fonts_use(c->fonts, c->page, g->font, g->gid, &g->cp, 1, res, code, err,
	                        errlen);
}

/* Makes a PDF text string object: UTF-16BE with BOM (libharu's encoder is BMP-only). */
static HPDF_Binary text_string(HPDF_Doc pdf, const char *utf8)
{
	gw_buf b = {0};
	gw_buf_put(&b, "\xFE\xFF", 2);
	for (const unsigned char *s = (const unsigned char *)utf8; *s;) {
		uint32_t cp;
		int n = gw_utf8_decode(s, strlen((const char *)s), &cp);
		if (n == 0)
			n = 1;
		s += n;
		unsigned char u[4];
		if (cp >= 0x10000) {
			uint32_t v = cp - 0x10000, hi = 0xD800 + (v >> 10),
			         lo = 0xDC00 + (v & 0x3FF);
			u[0] = (unsigned char)(hi >> 8), u[1] = (unsigned char)hi;
			u[2] = (unsigned char)(lo >> 8), u[3] = (unsigned char)lo;
			gw_buf_put(&b, u, 4);
		} else {
			u[0] = (unsigned char)(cp >> 8), u[1] = (unsigned char)cp;
			gw_buf_put(&b, u, 2);
		}
	}
	HPDF_Binary bin = HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
	gw_buf_free(&b);
	return bin;
}

/* Sets an Info entry to a text string. */
static int set_info_text(HPDF_Doc pdf, const char *key, const char *utf8)
{
	HPDF_Binary bin = text_string(pdf, utf8);
	if (!bin)
		return -1;
	return HPDF_Dict_Add(pdf->info, key, bin) == HPDF_OK ? 0 : -1;
}

/*
 * The document outline (bookmarks): the title at the top level, h1 under it, and each
 * deeper heading under the nearest shallower one. Titles are UTF-16BE text strings set
 * on libharu's outline dictionaries (its own title path is BMP-only); each entry opens
 * its page at the top of its first line.
 */
static int add_outline(HPDF_Doc pdf, const gw_pages *pages)
{
	HPDF_Outline parent[6] = {NULL};
	for (int i = 0; i < pages->noutline; i++) {
		const gw_outline *o = &pages->outline[i];
		if (o->page < 1 || o->page > pages->n)
			continue;
		HPDF_Outline up = NULL;
		for (int k = o->level - 1; k >= 0 && !up; k--)
			up = parent[k];
		HPDF_Outline ol = HPDF_CreateOutline(pdf, up, "", NULL);
		if (!ol)
			return -1;
		HPDF_Binary t = text_string(pdf, o->title);
		HPDF_Page page = HPDF_GetPageByIndex(pdf, (HPDF_UINT)(o->page - 1));
		/* the destination [page /FitH top] (PDF 32000-1 12.3.2.2) as a direct array in
		   the outline item: libharu's HPDF_Page_CreateDestination makes each one an
		   indirect object (an object and an xref entry more per heading: 20 KB of the 50x
		   document's 451 headings) */
		HPDF_Array dst = HPDF_Array_New(pdf->mmgr);
		if (!t || !page || !dst || HPDF_Dict_Add(ol, "Title", t) != HPDF_OK ||
		    HPDF_Dict_Add(ol, "Dest", dst) != HPDF_OK ||
		    HPDF_Array_Add(dst, page) != HPDF_OK ||
		    HPDF_Array_AddName(dst, "FitH") != HPDF_OK ||
		    HPDF_Array_AddReal(dst, (HPDF_REAL)((pages->h - o->y) / 1000.0)) != HPDF_OK ||
		    HPDF_Outline_SetOpened(ol, HPDF_TRUE) != HPDF_OK)
			return -1;
		parent[o->level] = ol;
		for (int k = o->level + 1; k < 6; k++)
			parent[k] = NULL;
	}
	if (pages->noutline && HPDF_SetPageMode(pdf, HPDF_PAGE_MODE_USE_OUTLINE) != HPDF_OK)
		return -1;
	return 0;
}

/*
 * Trims what libharu puts in every page dictionary and the document does not need, 34 KB
 * of the 50x document's 338 pages: the MediaBox, the same for every page, is set once on
 * the page tree's root and inherited (PDF 32000-1 7.7.3.4, table 30: MediaBox is
 * inheritable), and the ProcSet array goes (14.2: obsolete since PDF 1.4, ignored by
 * readers; PDF/A-2 does not ask for it). p is the page's index: the root gets the box with
 * the first page. Returns 0 or -1.
 */
static int lean_page(HPDF_Doc pdf, HPDF_Page page, const gw_pages *pages, int p)
{
	if (p == 0) {
		HPDF_Array box = HPDF_Array_New(pdf->mmgr);
		if (!box || HPDF_Dict_Add(pdf->root_pages, "MediaBox", box) != HPDF_OK ||
		    HPDF_Array_AddReal(box, 0) != HPDF_OK ||
		    HPDF_Array_AddReal(box, 0) != HPDF_OK ||
		    HPDF_Array_AddReal(box, (HPDF_REAL)(pages->w / 1000.0)) != HPDF_OK ||
		    HPDF_Array_AddReal(box, (HPDF_REAL)(pages->h / 1000.0)) != HPDF_OK)
			return -1;
	}
	HPDF_Dict res = HPDF_Dict_GetItem(page, "Resources", HPDF_OCLASS_DICT);
	if (HPDF_Dict_RemoveElement(page, "MediaBox") != HPDF_OK || !res ||
	    HPDF_Dict_RemoveElement(res, "ProcSet") != HPDF_OK)
		return -1;
	return 0;
}

/*
 * Document dates: meta.date (midnight, China Standard Time), else the context's source date
 * (UTC; the CLI's SOURCE_DATE_EPOCH, checked by the context), else none.
 */
static int set_dates(HPDF_Doc pdf, const gw_meta *meta, const gw_rt *rt)
{
	HPDF_Date d;
	memset(&d, 0, sizeof d);
	if (meta->date.y) {
		d.year = meta->date.y, d.month = meta->date.m, d.day = meta->date.d;
		d.ind = '+', d.off_hour = 8, d.off_minutes = 0;
	} else {
		if (!rt || !rt->has_source_date || rt->source_date < 0 ||
		    rt->source_date > 253402300799LL)
			return 0;
		long long t = rt->source_date;
		long long days = t / 86400, secs = t % 86400;
		/* civil-from-days (H. Hinnant's algorithm) */
		long long z = days + 719468, era = z / 146097, doe = z - era * 146097;
		long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
		long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
		d.day = (HPDF_INT)(doy - (153 * mp + 2) / 5 + 1);
		d.month = (HPDF_INT)(mp < 10 ? mp + 3 : mp - 9);
		d.year = (HPDF_INT)(yoe + era * 400 + (d.month <= 2));
		d.hour = (HPDF_INT)(secs / 3600), d.minutes = (HPDF_INT)(secs / 60 % 60);
		d.seconds = (HPDF_INT)(secs % 60);
		d.ind = 'Z';
	}
	if (HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, d) != HPDF_OK ||
	    HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, d) != HPDF_OK)
		return -1;
	return 0;
}

/*
 * An image XObject of 8-bit samples, DeviceGray (gray) or DeviceRGB, Flate-compressed.
 * Returns NULL when libharu fails (its error handler has the reason).
 */
static HPDF_Dict raw_image(HPDF_Doc pdf, const unsigned char *samples, int w, int h, int gray)
{
	HPDF_Dict im = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
	if (!im)
		return NULL;
	im->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;
	im->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	size_t n = (size_t)w * (size_t)h * (gray ? 1 : 3);
	if (HPDF_Dict_AddName(im, "Type", "XObject") != HPDF_OK ||
	    HPDF_Dict_AddName(im, "Subtype", "Image") != HPDF_OK ||
	    HPDF_Dict_AddName(im, "ColorSpace", gray ? "DeviceGray" : "DeviceRGB") != HPDF_OK ||
	    HPDF_Dict_AddNumber(im, "Width", w) != HPDF_OK ||
	    HPDF_Dict_AddNumber(im, "Height", h) != HPDF_OK ||
	    HPDF_Dict_AddNumber(im, "BitsPerComponent", 8) != HPDF_OK ||
	    HPDF_Stream_Write(im->stream, samples, (HPDF_UINT)n) != HPDF_OK)
		return NULL;
	return im;
}

/*
 * The seal's image XObject from the pixels load decoded (load/image.h): the colour samples,
 * with the alpha, when there is one, as a DeviceGray /SMask (PDF 32000-1 11.6.5.3; PDF/A-2b
 * allows soft masks, ISO 19005-2 6.4). These are the objects libharu's PNG loader made from
 * an 8-bit PNG, so the page shows the same pixels, but libharu never parses a PNG (a damaged
 * one made libpng abort the process inside it), and the /SMask is compressed too (libharu
 * left it raw: 39 KB for a seal that compresses to under 1 KB).
 */
static HPDF_Image seal_image(HPDF_Doc pdf, const gw_image *im)
{
	HPDF_Dict img = raw_image(pdf, im->pix, im->w, im->h, im->channels == 1);
	if (!img || !im->alpha)
		return img;
	HPDF_Dict smask = raw_image(pdf, im->alpha, im->w, im->h, 1);
	if (!smask || HPDF_Dict_Add(img, "SMask", smask) != HPDF_OK)
		return NULL;
	return img;
}

/*
 * Draws an image item (the seal) through a Form XObject of its own, named /GwSealN in the
 * page's resources, whose /BBox is the seal's rectangle in page space (default /Matrix).
 * This is the record `gongwen sign --at-seal` reads (docs/archive-and-sign.md): it finds
 * the seal by that name and rectangle, re-issues the form empty in its update and draws
 * the same image object as the signature's appearance, so the seal is drawn once, by the
 * signature, exactly where it was laid out. The page shows the same pixels either way.
 * A seal with it->multiply draws inside its form with the Multiply blend mode (an
 * /ExtGState /GwMultiply in the form's resources), which --at-seal carries over.
 */
static int paint_seal(HPDF_Doc pdf, HPDF_Page page, HPDF_Image img, const gw_item *it,
                      gw_len page_h, int n, gw_stream *ps, char *err, size_t errlen)
{
	double x = it->x / 1000.0, y = (page_h - it->y - it->h) / 1000.0;
	double w = it->w / 1000.0, h = it->h / 1000.0;
	HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
	HPDF_Dict form = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
	HPDF_Dict fres = HPDF_Dict_New(pdf->mmgr), fxo = HPDF_Dict_New(pdf->mmgr);
	HPDF_Array bbox = HPDF_Array_New(pdf->mmgr);
	if (!form || !fres || !fxo || !bbox || attr->gmode != HPDF_GMODE_PAGE_DESCRIPTION)
		goto fail;
	form->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	if (HPDF_Dict_AddName(form, "Type", "XObject") != HPDF_OK ||
	    HPDF_Dict_AddName(form, "Subtype", "Form") != HPDF_OK ||
	    HPDF_Dict_Add(form, "BBox", bbox) != HPDF_OK ||
	    HPDF_Array_AddReal(bbox, (HPDF_REAL)x) != HPDF_OK ||
	    HPDF_Array_AddReal(bbox, (HPDF_REAL)y) != HPDF_OK ||
	    HPDF_Array_AddReal(bbox, (HPDF_REAL)(x + w)) != HPDF_OK ||
	    HPDF_Array_AddReal(bbox, (HPDF_REAL)(y + h)) != HPDF_OK ||
	    HPDF_Dict_Add(form, "Resources", fres) != HPDF_OK ||
	    HPDF_Dict_Add(fres, "XObject", fxo) != HPDF_OK ||
	    HPDF_Dict_Add(fxo, "Im1", img) != HPDF_OK)
		goto fail;
	/* PDF 32000-1 11.3.5: Multiply, the seal prints like ink over the text under it
	   (正片叠底); a standard blend mode, allowed in PDF/A-2 (ISO 19005-2 6.4) */
	if (it->multiply) {
		HPDF_Dict egs = HPDF_Dict_New(pdf->mmgr), gs = HPDF_Dict_New(pdf->mmgr);
		if (!egs || !gs || HPDF_Dict_Add(fres, "ExtGState", egs) != HPDF_OK ||
		    HPDF_Dict_Add(egs, "GwMultiply", gs) != HPDF_OK ||
		    HPDF_Dict_AddName(gs, "Type", "ExtGState") != HPDF_OK ||
		    HPDF_Dict_AddName(gs, "BM", "Multiply") != HPDF_OK)
			goto fail;
	}
	gw_buf b = {0};
	gw_buf_puts(&b, it->multiply ? "q /GwMultiply gs " : "q ");
	gw_stream_num(&b, it->w);
	gw_buf_puts(&b, " 0 0 ");
	gw_stream_num(&b, it->h);
	gw_buf_putc(&b, ' ');
	gw_stream_num(&b, it->x);
	gw_buf_putc(&b, ' ');
	gw_stream_num(&b, (int64_t)page_h - it->y - it->h);
	gw_buf_puts(&b, " cm /Im1 Do Q\n");
	HPDF_STATUS st = HPDF_Stream_Write(form->stream, (HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
	gw_buf_free(&b);
	if (st != HPDF_OK)
		goto fail;
	/* the page's XObject resources: libharu's own dictionary, so later images share it */
	if (!attr->xobjects) {
		HPDF_Dict res = HPDF_Page_GetInheritableItem(page, "Resources", HPDF_OCLASS_DICT);
		HPDF_Dict xo = HPDF_Dict_New(pdf->mmgr);
		if (!res || !xo || HPDF_Dict_Add(res, "XObject", xo) != HPDF_OK)
			goto fail;
		attr->xobjects = xo;
	}
	char name[32], op[48];
	snprintf(name, sizeof name, "GwSeal%d", n);
	snprintf(op, sizeof op, "/%s Do\n", name);
	if (HPDF_Dict_Add(attr->xobjects, name, form) != HPDF_OK)
		goto fail;
	gw_stream_raw(ps, op);
	return 0;
fail:
	snprintf(err, errlen, "cannot draw the seal %s", it->path);
	return -1;
}

/*
 * A page with a seal drawn with Multiply starts with the paper: the page filled white. A
 * seal multiplies with what is under it; renderers that composite a page with transparency
 * in a group of its own (mupdf) would otherwise blend it with a transparent backdrop and
 * round differently from the same seal drawn as a signature's appearance over the finished
 * page (sign --at-seal), which must look the same pixel for pixel; poppler too renders a
 * page with and without the white fill differently. So a page whose seal render --sign took
 * into the signature (gw_page.paper) keeps the paper.
 */
static void paper(gw_stream *ps, const gw_page *pg, const gw_pages *pages)
{
	int multiply = pg->paper;
	for (int i = 0; i < pg->nitems; i++)
		multiply |= pg->items[i].kind == GW_ITEM_IMAGE && pg->items[i].multiply;
	if (!multiply)
		return;
	gw_buf b = {0};
	gw_buf_puts(&b, "q 1 g 0 0 ");
	gw_stream_num(&b, pages->w);
	gw_buf_putc(&b, ' ');
	gw_stream_num(&b, pages->h);
	gw_buf_puts(&b, " re f Q\n");
	gw_buf_putc(&b, 0);
	gw_stream_raw(ps, b.data);
	gw_buf_free(&b);
}

/* A page's content stream holds Flate data already (compressed when the page was
   finished): /Filter [/FlateDecode] is written with the dictionary, then the filter is off
   while libharu copies the bytes, and on again after (as pdf_font.c's font programs, whose
   flate_off is a function of its own: gw_pdf_stream_raw knows a font program by it). */
static HPDF_STATUS page_flate_off(HPDF_Dict d, HPDF_Stream s)
{
	(void)s;
	d->filter = HPDF_STREAM_FILTER_NONE;
	return HPDF_OK;
}

static HPDF_STATUS page_flate_on(HPDF_Dict d)
{
	d->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	return HPDF_OK;
}

/*
 * Writes the finished page's content stream to libharu compressed (issue 14, point 3), so
 * that the document holds every page but the current one compressed only.
 */
static int put_page_stream(HPDF_Page page, gw_stream *ps, char *err, size_t errlen)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
	if (attr->gmode != HPDF_GMODE_PAGE_DESCRIPTION)
		return -1;
	size_t zlen = 0;
	unsigned char *z = gw_stream_deflate(ps, ps->buf.data, ps->buf.len, &zlen, err, errlen);
	if (!z)
		return -1;
	HPDF_STATUS st = HPDF_Stream_Write(attr->stream, z, (HPDF_UINT)zlen);
	free(z);
	if (st != HPDF_OK)
		return -1;
	attr->contents->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	attr->contents->write_fn = page_flate_off;
	attr->contents->after_write_fn = page_flate_on;
	return 0;
}

int gw_paint_pdf(const gw_pages *pages, const gw_meta *meta, const char *path, char *err,
                 size_t errlen)
{
	return gw_paint_pdf_ex(pages, meta, path, 1, err, errlen);
}

int gw_paint_pdf_ex(const gw_pages *pages, const gw_meta *meta, const char *path, int pdfa,
                    char *err, size_t errlen)
{
	gw_buf b = {0};
	if (gw_paint_pdf_buf(pages, meta, pdfa, NULL, &b, err, errlen) < 0) {
		gw_buf_free(&b);
		return -1;
	}
	FILE *f = fopen(path, "wb");
	int ok = f && fwrite(b.data, 1, b.len, f) == b.len;
	if (f && fclose(f) != 0)
		ok = 0;
	if (!ok)
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
	gw_buf_free(&b);
	return ok ? 0 : -1;
}

/*
 * Copies the document libharu saved into its memory stream to out: exactly
 * HPDF_GetStreamSize bytes, since reading at the stream's end raises HPDF_STREAM_EOF
 * through the error handler. out gets one allocation of the file's size (plus its NUL),
 * read into directly (issue 14, point 4: no doubling buffer fed through a bounce buffer,
 * which held up to twice the file). Returns 0 or -1.
 */
static int take_stream(HPDF_Doc pdf, gw_buf *out)
{
	HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
	if (HPDF_ResetStream(pdf) != HPDF_OK)
		return -1;
	if (out->cap < out->len + size + 1) {
		out->cap = out->len + size + 1;
		out->data = gw_xrealloc(out->data, out->cap);
	}
	HPDF_UINT32 left = size;
	while (left > 0) {
		HPDF_UINT32 n = left;
		if (HPDF_ReadFromStream(pdf, (HPDF_BYTE *)out->data + out->len, &n) != HPDF_OK ||
		    n == 0)
			return -1;
		out->len += n;
		left -= n;
	}
	out->data[out->len] = 0;
	return 0;
}

/*
 * Hands the document libharu saved into its memory stream to put in pieces of at most
 * 64 KiB: exactly HPDF_GetStreamSize bytes (see take_stream). Returns 0, -1 when libharu
 * fails, -3 when put refused.
 */
static int give_stream(HPDF_Doc pdf, int (*put)(void *, const void *, size_t), void *arg)
{
	HPDF_UINT32 left = HPDF_GetStreamSize(pdf);
	if (HPDF_ResetStream(pdf) != HPDF_OK)
		return -1;
	unsigned char chunk[65536];
	while (left > 0) {
		HPDF_UINT32 n = left < sizeof chunk ? left : (HPDF_UINT32)sizeof chunk;
		if (HPDF_ReadFromStream(pdf, chunk, &n) != HPDF_OK || n == 0)
			return -1;
		if (put(arg, chunk, n) < 0)
			return -3;
		left -= n;
	}
	return 0;
}

static int paint_pdf(const gw_pages *pages, const gw_meta *meta, int pdfa, const gw_rt *rt,
                     gw_pages *release, gw_buf *out, int (*put)(void *, const void *, size_t),
                     void *arg, char *err, size_t errlen);

int gw_paint_pdf_buf(const gw_pages *pages, const gw_meta *meta, int pdfa, const gw_rt *rt,
                     gw_buf *out, char *err, size_t errlen)
{
	return paint_pdf(pages, meta, pdfa, rt, NULL, out, NULL, NULL, err, errlen);
}

/*
 * Frees a painted page's glyphs and items (gw_paint_pdf_to with release): libharu has the
 * page's content by then, and the rest of the painting reuses the memory (issue 14,
 * point 4: 8 MiB of items and glyphs for 334 pages).
 */
static void release_page(gw_page *pg)
{
	for (int i = 0; i < pg->nitems; i++)
		free(pg->items[i].glyphs);
	free(pg->items);
	pg->items = NULL;
	pg->nitems = pg->cap = 0;
}

int gw_paint_pdf_to(gw_pages *pages, const gw_meta *meta, int pdfa, const gw_rt *rt, int release,
                    int (*put)(void *arg, const void *data, size_t len), void *arg, char *err,
                    size_t errlen)
{
	int rc = paint_pdf(pages, meta, pdfa, rt, release ? pages : NULL, NULL, put, arg, err,
	                   errlen);
	for (int p = 0; release && p < pages->n; p++) /* those a failure left unpainted */
		release_page(&pages->v[p]);
	return rc;
}

/*
 * The painting of gw_paint_pdf_buf (out) and gw_paint_pdf_to (put, arg). release (NULL or
 * pages itself): each page's glyphs and items are freed once the page is painted.
 */
static int paint_pdf(const gw_pages *pages, const gw_meta *meta, int pdfa, const gw_rt *rt,
                     gw_pages *release, gw_buf *out, int (*put)(void *, const void *, size_t),
                     void *arg, char *err, size_t errlen)
{
	pdf_state st = {0};
	HPDF_Doc pdf = HPDF_NewEx(on_error, NULL, NULL, 0, &st);
	if (!pdf) {
		snprintf(err, errlen, "libharu could not start");
		return -1;
	}
	gw_pdf_fonts *fonts = gw_pdf_fonts_new(pdf);
	int rc = -1;
	struct image {
		const char *path;
		HPDF_Image img;
	} *images = NULL;
	int nimages = 0, nseals = 0;
	gw_stream ps = {0};
	err[0] = 0;
	if (HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL) != HPDF_OK)
		goto done;
	if (HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "gongwen " GW_VERSION) != HPDF_OK)
		goto done;
	if ((meta->title && set_info_text(pdf, "Title", meta->title) < 0) ||
	    (meta->author && set_info_text(pdf, "Author", meta->author) < 0) ||
	    (meta->subject && set_info_text(pdf, "Subject", meta->subject) < 0) ||
	    (meta->keywords && set_info_text(pdf, "Keywords", meta->keywords) < 0) ||
	    set_dates(pdf, meta, rt) < 0)
		goto done;
	for (int p = 0; p < pages->n; p++) {
		const gw_page *pg = &pages->v[p];
		if (gw_rt_expired(rt)) {
			snprintf(err, errlen, "took longer than %g s (the limit of one document)",
			         rt->max_seconds);
			rc = -2;
			goto done;
		}
		HPDF_Page page = HPDF_AddPage(pdf);
		if (!page || lean_page(pdf, page, pages, p) < 0)
			goto done;
		gw_stream_begin(&ps, pages->h);
		paper(&ps, pg, pages);
		code_ctx cc = {fonts, page};
		for (int i = 0; i < pg->nitems; i++) {
			const gw_item *it = &pg->items[i];
			/* a table's rules (and the text among them) are one path per width and
			   colour, painted when text outside their box comes: one table's box apart
			   from another's and from the body, for a reader that takes a path's
			   bounding box for a table */
			if (it->kind == GW_ITEM_TEXT && ps.nrules &&
			    !gw_stream_in_rules(&ps, it->x, it->y))
				gw_stream_flush(&ps);
			if (it->kind == GW_ITEM_TEXT) {
				if (gw_stream_text(&ps, it, glyph_code, &cc, err, errlen) < 0)
					goto done;
				continue;
			}
			if (it->kind == GW_ITEM_RULE) {
				gw_stream_rule_add(&ps, it);
				continue;
			}
			HPDF_Image img = NULL;
			for (int k = 0; k < nimages; k++)
				if (strcmp(images[k].path, it->path) == 0)
					img = images[k].img;
			if (!img) {
				img = it->image ? seal_image(pdf, it->image) : NULL;
				if (!img) {
					snprintf(err, errlen, "cannot write the seal image %s",
					         it->path);
					goto done;
				}
				images =
				        gw_xrealloc(images, (size_t)(nimages + 1) * sizeof *images);
				images[nimages].path = it->path;
				images[nimages++].img = img;
			}
			if (paint_seal(pdf, page, img, it, pages->h, ++nseals, &ps, err, errlen) <
			    0)
				goto done;
		}
		gw_stream_flush(&ps);
		if (put_page_stream(page, &ps, err, errlen) < 0)
			goto done;
		if (release) /* the page is in libharu's hands now */
			release_page(&release->v[p]);
	}
	if (add_outline(pdf, pages) < 0)
		goto done;
	if (gw_pdf_fonts_finish(fonts, err, errlen) < 0)
		goto done;
	if (pdfa && gw_pdfa_apply(pdf, meta, "gongwen " GW_VERSION, err, errlen) < 0)
		goto done;
	/* libharu saves into memory: it ignores the errors of fclose, where a full disk shows */
	if (HPDF_SaveToStream(pdf) != HPDF_OK)
		goto done;
	if (out ? take_stream(pdf, out) < 0 : (rc = give_stream(pdf, put, arg)) < 0) {
		if (rc == -3 && !err[0])
			snprintf(err, errlen, "cannot write the PDF");
		rc = -1;
		goto done;
	}
	rc = st.error ? -1 : 0;
done:
	if (rc < 0 && !err[0]) {
		if (st.error)
			snprintf(err, errlen, "libharu error 0x%04X (detail %u)",
			         (unsigned)st.error, (unsigned)st.detail);
		else
			snprintf(err, errlen, "PDF writing failed");
	}
	gw_stream_free(&ps);
	free(images);
	HPDF_Free(pdf);
	gw_pdf_fonts_drop(fonts);
	return rc;
}
