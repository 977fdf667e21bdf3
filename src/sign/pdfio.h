/*
 * pdfio.h: just enough of an existing PDF to append a signing update to it.
 *
 * In: the bytes of a PDF (any number of revisions; classic cross-reference tables,
 * cross-reference streams, hybrid files, objects in object streams).
 * Out: an incremental update appended after the original bytes (which stay unchanged):
 * the catalog (with /AcroForm /SigFlags 3) and the page (with /Annots) re-issued under
 * their own numbers, a /Sig dictionary with a fixed-size /Contents placeholder and a
 * patched /ByteRange, a merged signature field + widget with an appearance (for --at-seal:
 * the seal's own image, its page form re-issued empty), a new xref section and a trailer
 * with /Prev; the update's cross-reference is a stream when the file's newest one is.
 * Also, for the checks before signing (verify.c): the signatures the file already carries,
 * where its revisions end, and what changed between two states of the file other than
 * signing.
 */
#ifndef GW_SIGN_PDFIO_H
#define GW_SIGN_PDFIO_H

#include <stddef.h>
#include <time.h>

#include "../base/util.h"

/* A parsed PDF: the newest version of every object through the xref chain. */
typedef struct gw_pdf {
	const char *data; /* the file's bytes, then (when any object sits in an object stream)
	                     the inflated object streams, one after another */
	size_t len; /* bytes in data */
	size_t flen; /* bytes of the file itself: data[0..flen) */
	char *own; /* data when it had to be copied to hold inflated object streams, else NULL */
	unsigned char *packed; /* packed[num]: 1 when off[num] is the value's offset inside an
	                          inflated object stream (no "num gen obj" before it) */
	int xref_stream; /* the newest cross-reference section is a stream: so is the update's */
	long startxref; /* offset of the newest xref section (the update's /Prev) */
	int size; /* trailer /Size: highest object number + 1 */
	long *off; /* off[num]: byte offset of object num, -1 when free/absent */
	int *gen; /* gen[num] */
	int *stm; /* stm[num]: the object stream named for num by the cross-reference (opening) */
	int root, root_gen; /* the catalog */
	char *info; /* raw "/Info" value ("3 0 R") or NULL */
	char *id0; /* first /ID string, raw with its delimiters, or NULL */
	int npages;
	int *pages; /* object numbers of the pages, in order */
	double (*media)[4]; /* each page's visible area, points: its (inherited) CropBox clipped
	                       to its MediaBox, or the MediaBox: x1 y1 x2 y2 */
	int walked; /* page tree nodes visited (a bound against cycles) */
	long *sect; /* offsets of the cross-reference sections of the /Prev chain, newest first */
	int nsect;
	int linearized; /* the file starts with a linearization dictionary (Annex F): its first
	                   two sections are one revision */
} gw_pdf;

/* Parses data[0..len). Returns 0, or -1 with a message in err. */
int gw_pdf_open(gw_pdf *p, const char *data, size_t len, char *err, size_t errsz);
void gw_pdf_close(gw_pdf *p);

/*
 * A seal as `gongwen render` records it (src/paint/pdf.c, paint_seal): a Form XObject named
 * /GwSealN in a page's own /Resources /XObject, whose /BBox is the seal's rectangle in
 * page space and which draws one image XObject, with the Multiply blend mode when its
 * resources have an /ExtGState (/GwMultiply). A seal is "taken" when an earlier
 * --at-seal signature re-issued its form empty.
 */
typedef struct gw_pdf_seal {
	int page; /* 1-based page */
	double rect[4]; /* x, y, w, h in points, from the page's lower left corner */
	int form, form_gen; /* the /GwSealN form XObject */
	int image, image_gen; /* the image XObject it draws (with its /SMask) */
	int multiply; /* 1: the form draws it with the Multiply blend mode (its resources have an
	                 /ExtGState, as render's seals since issue 11); the appearance does too */
} gw_pdf_seal;

/* 1 when the catalog has /Perms /DocMDP: a certified document (PDF 32000-1 12.8.2.2). */
int gw_pdf_certified(const gw_pdf *p);

/*
 * Finds the first seal, in page order, that no signature has taken yet. Returns 1 and *s,
 * 0 when there is none (*ntaken: how many seals were found already taken), or -1 (err)
 * when a recorded seal is unreadable.
 */
int gw_pdf_find_seal(const gw_pdf *p, gw_pdf_seal *s, int *ntaken, char *err, size_t errsz);

/* An image for a visible appearance: 8-bit RGB samples plus an optional 8-bit alpha. */
typedef struct gw_sig_image {
	int w, h;
	const unsigned char *rgb; /* w*h*3 bytes */
	const unsigned char *alpha; /* w*h bytes or NULL */
} gw_sig_image;

typedef struct gw_sig_spec {
	int page; /* 1-based page of the widget */
	double rect[4]; /* x, y, w, h in points; w = h = 0 for an invisible signature */
	const gw_sig_image *image; /* drawn into rect, or NULL (a visible rect then gets a frame) */
	const gw_pdf_seal *seal; /* --at-seal: draw this seal's own image in rect (= its rect)
	                            and re-issue its form empty; NULL otherwise */
	const char *reason; /* UTF-8 or NULL */
	const char *location; /* UTF-8 or NULL */
	time_t when; /* /M */
	size_t reserve; /* bytes reserved for the DER CMS (twice as many hex digits) */
} gw_sig_spec;

/*
 * Writes the original bytes plus the signing update into out, with /ByteRange filled in
 * and /Contents all zeros. *cs and *ce are the offsets of the /Contents '<' and just past
 * its '>': the signed bytes are [0, cs) and [ce, out->len). Returns 0 or -1 (err).
 */
int gw_pdf_add_sig(const gw_pdf *p, const gw_sig_spec *s, gw_buf *out, size_t *cs, size_t *ce,
                   char *err, size_t errsz);

/* Writes der as hex over the zeros after out[cs]; -1 when it does not fit the reserve. */
int gw_pdf_put_contents(gw_buf *out, size_t cs, size_t ce, const unsigned char *der, size_t derlen);

/*
 * An existing signature (PDF 32000-1 12.8.1): a signature field with a value /V, found through
 * /AcroForm /Fields or a page's /Annots (some signers add the widget to the page only).
 */
typedef struct gw_pdf_sig {
	char *name; /* the field's full name (12.7.3.2) as UTF-8, control characters as '?' */
	long obj; /* the signature dictionary's object number (0 when it is direct) */
	char type[32]; /* /Type without the slash ("Sig", "DocTimeStamp") or "" */
	char subfilter[48]; /* /SubFilter without the slash, or "" */
	long range[4]; /* /ByteRange */
	int nrange; /* its number of entries (-1: not an array of non-negative integers) */
	size_t dict_at, dict_end; /* the signature dictionary's bytes in data[] */
	size_t contents_at, contents_end; /* its /Contents hex string, '<' to '>' inclusive */
	unsigned char *der; /* /Contents decoded */
	size_t derlen;
	const char *problem; /* why it cannot be checked at all (a fixed text), or NULL */
} gw_pdf_sig;

/* Lists the signatures of p (*sigs malloc'ed, *n of them; free with gw_pdf_sigs_free). */
void gw_pdf_signatures(const gw_pdf *p, gw_pdf_sig **sigs, int *n);
void gw_pdf_sigs_free(gw_pdf_sig *sigs, int n);

/*
 * The revision whose bytes end at end: 1-based, when data[0..end) ends with %%EOF (and at most
 * one end of line, 7.5.5); 0 when end is no revision's end. *nrev: the file's revisions.
 */
int gw_pdf_revision(const gw_pdf *p, size_t end, int *nrev);

/*
 * Signature dictionaries (a /ByteRange [0 a b c] whose gap is a hex string) written in the file
 * but listed by none of sigs: signatures a later update removed from the form. Returns how
 * many; the offsets of the first max go to at.
 */
int gw_pdf_unlisted_sigs(const gw_pdf *p, const gw_pdf_sig *sigs, int n, size_t *at, int max);

/*
 * What changed from a to b, two states of one file (b opened on more of the same bytes),
 * other than signing: an update that adds a signature (field, widget, appearance, the field in
 * /AcroForm /Fields and on the page's /Annots, /SigFlags), signs an empty signature field, adds
 * /DSS (validation data), or re-issues a seal `gongwen render` drew empty because the new
 * signature's widget draws its image (--at-seal) is no change. Each change is appended to out
 * as one line (at most max lines), after prefix. Returns the number of changes.
 */
int gw_pdf_changes(const gw_pdf *a, const gw_pdf *b, const char *prefix, gw_buf *out, int max);

#endif
