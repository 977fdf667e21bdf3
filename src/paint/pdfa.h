/*
 * pdfa.h: PDF/A-2b additions to a libharu document (../shared/reference/archive-sign.md §3).
 *
 * In: a libharu document whose pages, fonts and Info dictionary are complete, and the
 * document metadata. Out: the catalog's /Metadata (our own XMP packet, XML-escaped, in step
 * with the Info dictionary, pdfaid part 2 conformance B), /OutputIntents with the sRGB ICC
 * profile of Debian's icc-profiles-free (or colord-data), a header of PDF 1.7 and a trailer
 * /ID that is an MD5 of the document's streams: the same input gives the same bytes.
 */
#ifndef GW_PDFA_H
#define GW_PDFA_H

#include <stddef.h>

#include <hpdf.h>

#include "../model.h"

/* The sRGB profiles looked for, in order (NULL-terminated). */
extern const char *const gw_pdfa_icc_paths[];

/*
 * Writes the XMP text for meta and the Info dictionary's dates and producer into a malloc'ed
 * string (*len its length). Exposed for tests. Returns NULL on allocation failure.
 */
char *gw_pdfa_xmp(const gw_meta *meta, const char *creator, const char *producer,
                  const char *create_date, const char *mod_date, size_t *len);

/*
 * Makes pdf PDF/A-2b: call after every page and font is finished, right before saving.
 * creator is the Info /Creator. Returns 0, or -1 with a reason in err.
 */
int gw_pdfa_apply(HPDF_Doc pdf, const gw_meta *meta, const char *creator, char *err, size_t errlen);

#endif
