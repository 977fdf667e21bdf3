/*
 * pdfa.c: PDF/A-2b additions to a libharu document (see pdfa.h).
 *
 * libharu's own PDF/A path is PDF/A-1 only and writes unescaped XMP (libharu-2.3.md §5), so
 * the packet, the OutputIntent and the /ID are written here through libharu's object API:
 * - /Metadata: an uncompressed dict stream /Type /Metadata /Subtype /XML holding the packet
 *   of archive-sign.md §3.2 (xpacket without bytes=/encoding=, every value XML-escaped),
 *   mapped from the same values as the Info dictionary (§3.1 "Info <-> XMP");
 * - /OutputIntents: one /GTS_PDFA1 intent whose /DestOutputProfile is the sRGB ICC file
 *   (checked: 'acsp' signature, class mntr, space RGB, version < 5; §3.3);
 * - header %PDF-1.7 (the seal's SMask needs >= 1.4; PDF/A-2 allows up to 1.7);
 * - trailer /ID [<h> <h>], h = MD5 over every stream of the document (content, fonts, images,
 *   XMP, ICC) in object order: derived from the content, never from the clock.
 */
#include "pdfa.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf_encrypt.h>

#include "../base/util.h"
#include "pdf_font.h"

const char *const gw_pdfa_icc_paths[] = {
        "/usr/share/color/icc/sRGB.icc", /* icc-profiles-free, Zlib licence, ICC v2 */
        "/usr/share/color/icc/colord/sRGB.icc", /* colord-data, CC0, ICC v4 */
        NULL,
};

/* Appends s XML-escaped; drops characters XML 1.0 does not allow (C0 controls but TAB/LF/CR). */
static void put_xml(gw_buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '&':
			gw_buf_puts(b, "&amp;");
			break;
		case '<':
			gw_buf_puts(b, "&lt;");
			break;
		case '>':
			gw_buf_puts(b, "&gt;");
			break;
		case '"':
			gw_buf_puts(b, "&quot;");
			break;
		case '\'':
			gw_buf_puts(b, "&apos;");
			break;
		default:
			if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
				break;
			gw_buf_putc(b, (char)*p);
		}
	}
}

/*
 * PDF date "D:YYYYMMDDHHmmSS" + ("Z" | "+HH'mm'" | "-HH'mm'" | nothing) -> ISO 8601
 * "YYYY-MM-DDTHH:mm:SS" + ("Z" | "+HH:mm"). Returns 0, or -1 when d is not in that form.
 */
static int iso_date(const char *d, char *out, size_t n)
{
	if (strncmp(d, "D:", 2) != 0)
		return -1;
	d += 2;
	for (int i = 0; i < 14; i++)
		if (d[i] < '0' || d[i] > '9')
			return -1;
	char tz[8] = "";
	const char *z = d + 14;
	if (*z == 'Z')
		strcpy(tz, "Z");
	else if ((*z == '+' || *z == '-') && z[1] >= '0' && z[1] <= '9' && z[2] >= '0' &&
	         z[2] <= '9') {
		const char *m = z + 3;
		if (*m == '\'')
			m++;
		char mm[3] = "00";
		if (m[0] >= '0' && m[0] <= '9' && m[1] >= '0' && m[1] <= '9')
			mm[0] = m[0], mm[1] = m[1];
		snprintf(tz, sizeof tz, "%c%c%c:%s", *z, z[1], z[2], mm);
	}
	snprintf(out, n, "%.4s-%.2s-%.2sT%.2s:%.2s:%.2s%s", d, d + 4, d + 6, d + 8, d + 10, d + 12,
	         tz);
	return 0;
}

char *gw_pdfa_xmp(const gw_meta *meta, const char *creator, const char *producer,
                  const char *create_date, const char *mod_date, size_t *len)
{
	gw_buf b = {0};
	gw_buf_puts(&b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
	                "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
	                " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
	                "  <rdf:Description rdf:about=\"\"\n"
	                "    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n"
	                "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
	                "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
	                "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
	                "   <pdfaid:part>2</pdfaid:part>\n"
	                "   <pdfaid:conformance>B</pdfaid:conformance>\n"
	                "   <dc:format>application/pdf</dc:format>\n");
	if (meta->title) {
		gw_buf_puts(&b, "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
		put_xml(&b, meta->title);
		gw_buf_puts(&b, "</rdf:li></rdf:Alt></dc:title>\n");
	}
	if (meta->author) {
		gw_buf_puts(&b, "   <dc:creator><rdf:Seq><rdf:li>");
		put_xml(&b, meta->author);
		gw_buf_puts(&b, "</rdf:li></rdf:Seq></dc:creator>\n");
	}
	if (meta->subject) {
		gw_buf_puts(&b, "   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">");
		put_xml(&b, meta->subject);
		gw_buf_puts(&b, "</rdf:li></rdf:Alt></dc:description>\n");
	}
	if (meta->keywords) {
		gw_buf_puts(&b, "   <dc:subject><rdf:Bag><rdf:li>");
		put_xml(&b, meta->keywords);
		gw_buf_puts(&b, "</rdf:li></rdf:Bag></dc:subject>\n   <pdf:Keywords>");
		put_xml(&b, meta->keywords);
		gw_buf_puts(&b, "</pdf:Keywords>\n");
	}
	if (create_date) {
		gw_buf_puts(&b, "   <xmp:CreateDate>");
		put_xml(&b, create_date);
		gw_buf_puts(&b, "</xmp:CreateDate>\n");
	}
	if (mod_date) {
		gw_buf_puts(&b, "   <xmp:ModifyDate>");
		put_xml(&b, mod_date);
		gw_buf_puts(&b, "</xmp:ModifyDate>\n");
	}
	if (creator) {
		gw_buf_puts(&b, "   <xmp:CreatorTool>");
		put_xml(&b, creator);
		gw_buf_puts(&b, "</xmp:CreatorTool>\n");
	}
	if (producer) {
		gw_buf_puts(&b, "   <pdf:Producer>");
		put_xml(&b, producer);
		gw_buf_puts(&b, "</pdf:Producer>\n");
	}
	gw_buf_puts(&b, "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
	*len = b.len;
	gw_buf_putc(&b, 0);
	return b.data;
}

/* Returns the Info entry key as a NUL-terminated copy (ASCII strings only), or NULL. */
static char *info_string(HPDF_Doc pdf, const char *key)
{
	if (!pdf->info)
		return NULL;
	HPDF_String s = HPDF_Dict_GetItem(pdf->info, key, HPDF_OCLASS_STRING);
	if (!s)
		return NULL;
	char *v = gw_xmalloc(s->len + 1);
	memcpy(v, s->value, s->len);
	v[s->len] = 0;
	return v;
}

static int fail(HPDF_Doc pdf, const char *what, char *err, size_t errlen)
{
	snprintf(err, errlen, "PDF/A: %s failed (libharu error 0x%04X)", what,
	         (unsigned)HPDF_GetError(pdf));
	return -1;
}

/* Reads the whole file at path (malloc'ed); NULL when it cannot. */
static unsigned char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	gw_buf b = {0};
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		gw_buf_put(&b, chunk, n);
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		gw_buf_free(&b);
		return NULL;
	}
	*len = b.len;
	return (unsigned char *)b.data;
}

/* An sRGB display profile PDF/A-2 accepts (6.2.3-1): 'acsp', mntr, RGB, version < 5. */
static int icc_ok(const unsigned char *p, size_t n)
{
	return n >= 128 && memcmp(p + 36, "acsp", 4) == 0 && memcmp(p + 12, "mntr", 4) == 0 &&
	       memcmp(p + 16, "RGB ", 4) == 0 && p[8] < 5 &&
	       ((size_t)p[0] << 24 | (size_t)p[1] << 16 | (size_t)p[2] << 8 | p[3]) == n;
}

static int add_output_intent(HPDF_Doc pdf, char *err, size_t errlen)
{
	unsigned char *icc = NULL;
	size_t n = 0;
	const char *used = NULL;
	for (int i = 0; gw_pdfa_icc_paths[i] && !icc; i++) {
		icc = read_file(gw_pdfa_icc_paths[i], &n);
		if (icc && !icc_ok(icc, n)) {
			free(icc);
			icc = NULL;
		}
		used = gw_pdfa_icc_paths[i];
	}
	(void)used;
	if (!icc) {
		snprintf(err, errlen,
		         "PDF/A: no sRGB ICC profile found (%s; install icc-profiles-free, or "
		         "render with --no-pdfa)",
		         gw_pdfa_icc_paths[0]);
		return -1;
	}
	HPDF_Dict prof = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
	if (!prof) {
		free(icc);
		return fail(pdf, "creating the ICC stream", err, errlen);
	}
	prof->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	HPDF_STATUS st = HPDF_Dict_AddNumber(prof, "N", 3);
	if (st == HPDF_OK)
		st = HPDF_Stream_Write(prof->stream, icc, (HPDF_UINT)n);
	free(icc);
	if (st != HPDF_OK)
		return fail(pdf, "writing the ICC stream", err, errlen);
	HPDF_Dict oi = HPDF_Dict_New(pdf->mmgr);
	if (!oi)
		return fail(pdf, "creating the OutputIntent", err, errlen);
	if ((st = HPDF_Xref_Add(pdf->xref, oi)) != HPDF_OK)
		return fail(pdf, "adding the OutputIntent", err, errlen);
	HPDF_String id = HPDF_String_New(pdf->mmgr, "sRGB IEC61966-2.1", NULL);
	HPDF_String info = HPDF_String_New(pdf->mmgr, "sRGB IEC61966-2.1", NULL);
	HPDF_Array arr = HPDF_Array_New(pdf->mmgr);
	if (!id || !info || !arr)
		return fail(pdf, "creating the OutputIntent", err, errlen);
	if (HPDF_Dict_AddName(oi, "Type", "OutputIntent") != HPDF_OK ||
	    HPDF_Dict_AddName(oi, "S", "GTS_PDFA1") != HPDF_OK ||
	    HPDF_Dict_Add(oi, "OutputConditionIdentifier", id) != HPDF_OK ||
	    HPDF_Dict_Add(oi, "Info", info) != HPDF_OK ||
	    HPDF_Dict_Add(oi, "DestOutputProfile", prof) != HPDF_OK ||
	    HPDF_Dict_Add(pdf->catalog, "OutputIntents", arr) != HPDF_OK ||
	    HPDF_Array_Add(arr, oi) != HPDF_OK)
		return fail(pdf, "filling the OutputIntent", err, errlen);
	return 0;
}

/* MD5 over every memory stream of the document, in object order, with each one's length;
   uncompressed: a font program stored compressed counts as its bytes before (pdf_font.h). */
static void document_hash(HPDF_Doc pdf, HPDF_BYTE digest[16])
{
	HPDF_MD5_CTX ctx;
	HPDF_MD5Init(&ctx);
	HPDF_List entries = pdf->xref->entries;
	for (HPDF_UINT i = 0; i < entries->count; i++) {
		HPDF_XrefEntry e = HPDF_List_ItemAt(entries, i);
		if (!e || !e->obj)
			continue;
		HPDF_Obj_Header *h = e->obj;
		if ((h->obj_class & HPDF_OCLASS_ANY) != HPDF_OCLASS_DICT)
			continue;
		HPDF_Dict d = e->obj;
		if (!d->stream || d->stream->type != HPDF_STREAM_MEMORY)
			continue;
		size_t rlen = 0;
		const unsigned char *raw = gw_pdf_stream_raw(d, &rlen);
		HPDF_UINT nbuf = raw ? 0 : HPDF_MemStream_GetBufCount(d->stream);
		HPDF_BYTE tag[8];
		HPDF_UINT32 size = raw ? (HPDF_UINT32)rlen : d->stream->size;
		for (int k = 0; k < 4; k++)
			tag[k] = (HPDF_BYTE)(i >> (24 - 8 * k)),
			tag[4 + k] = (HPDF_BYTE)(size >> (24 - 8 * k));
		HPDF_MD5Update(&ctx, tag, 8);
		if (raw && rlen)
			HPDF_MD5Update(&ctx, raw, (HPDF_UINT32)rlen);
		for (HPDF_UINT k = 0; k < nbuf; k++) {
			HPDF_UINT len = 0;
			HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(d->stream, k, &len);
			if (p && len)
				HPDF_MD5Update(&ctx, p, len);
		}
	}
	HPDF_MD5Final(digest, &ctx);
}

int gw_pdfa_apply(HPDF_Doc pdf, const gw_meta *meta, const char *creator, char *err, size_t errlen)
{
	char *cd = info_string(pdf, "CreationDate"), *md = info_string(pdf, "ModDate");
	char *producer = info_string(pdf, "Producer");
	char icd[40], imd[40];
	int rc = -1;
	if ((cd && iso_date(cd, icd, sizeof icd) < 0) ||
	    (md && iso_date(md, imd, sizeof imd) < 0)) {
		snprintf(err, errlen, "PDF/A: unexpected Info date %s", cd ? cd : md);
		goto done;
	}
	size_t n;
	char *xmp = gw_pdfa_xmp(meta, creator, producer, cd ? icd : NULL, md ? imd : NULL, &n);
	HPDF_Dict m = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
	if (!m) {
		free(xmp);
		fail(pdf, "creating the metadata stream", err, errlen);
		goto done;
	}
	m->filter = HPDF_STREAM_FILTER_NONE; /* readable by any tool; allowed in PDF/A-2 */
	HPDF_STATUS st = HPDF_Dict_AddName(m, "Type", "Metadata");
	if (st == HPDF_OK)
		st = HPDF_Dict_AddName(m, "Subtype", "XML");
	if (st == HPDF_OK)
		st = HPDF_Stream_Write(m->stream, (HPDF_BYTE *)xmp, (HPDF_UINT)n);
	free(xmp);
	if (st != HPDF_OK || HPDF_Dict_Add(pdf->catalog, "Metadata", m) != HPDF_OK) {
		fail(pdf, "writing the metadata stream", err, errlen);
		goto done;
	}
	if (add_output_intent(pdf, err, errlen) < 0)
		goto done;
	pdf->pdf_version = HPDF_VER_17;

	HPDF_BYTE digest[16];
	document_hash(pdf, digest);
	HPDF_Array id = HPDF_Array_New(pdf->mmgr);
	if (!id || HPDF_Dict_Add(pdf->trailer, "ID", id) != HPDF_OK ||
	    HPDF_Array_Add(id, HPDF_Binary_New(pdf->mmgr, digest, 16)) != HPDF_OK ||
	    HPDF_Array_Add(id, HPDF_Binary_New(pdf->mmgr, digest, 16)) != HPDF_OK) {
		fail(pdf, "adding the trailer /ID", err, errlen);
		goto done;
	}
	rc = 0;
done:
	free(cd);
	free(md);
	free(producer);
	return rc;
}
