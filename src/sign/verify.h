/*
 * verify.h: what `gongwen sign` checks in the signatures a PDF already carries before it adds
 * one more (a countersignature must not endorse a document changed since it was signed).
 *
 * In: a parsed PDF (pdfio.h). Out: one line of text per problem: a signature whose byte range
 * is malformed or does not cover its whole revision, whose signed bytes changed, whose value
 * does not verify with its own certificate's public key, which cannot be checked, or which a
 * later update removed; and every change made after a signature that is not signing (see
 * gw_pdf_changes). Certificate trust (chain, revocation, validity) is not judged.
 */
#ifndef GW_SIGN_VERIFY_H
#define GW_SIGN_VERIFY_H

#include "../base/util.h"
#include "pdfio.h"

/*
 * Checks every existing signature of p and what changed after each. Appends the problems to
 * out, one line each, and returns how many there are; *nsigs: the signatures found.
 */
int gw_sign_verify(const gw_pdf *p, gw_buf *out, int *nsigs);

#endif
