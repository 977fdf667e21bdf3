/*
 * verify.c: checks the signatures a PDF already carries before `gongwen sign` adds another
 * (joint issuance: the second organ must not countersign a document changed since the
 * first organ signed it).
 *
 * In: a parsed PDF. Out: problem lines (see verify.h). For each signature (pdfio.c finds them
 * through the form and the pages' widgets):
 * - its /ByteRange is [0 a b c], the gap [a, b) is exactly its own /Contents, and b + c, where
 *   the range ends, is where a revision ends (%%EOF), so it covers that whole revision but the
 *   value (PDF 32000-1 12.8.1);
 * - its CMS (RFC 5652): the message digest among the signed attributes equals the digest of the
 *   byte range, and the signature over the signed attributes verifies with the public key of
 *   the signer's certificate carried in the CMS (CMS_SignerInfo_verify; without signed
 *   attributes, CMS_verify over the byte range). No certificate is judged: trust in the
 *   chain, revocation and validity are outside this check (pdfsig with a trust store does
 *   that), as CMS_NO_SIGNER_CERT_VERIFY would have it;
 * - adbe.pkcs7.detached and ETSI.CAdES.detached as above; adbe.pkcs7.sha1 (the signed content
 *   is the SHA-1 of the range) and ETSI.RFC3161 document timestamps (the token's message
 *   imprint is the digest of the range) through CMS_verify; any other /SubFilter cannot be
 *   checked, which is reported;
 * and then what changed from the revision each signature signed to the next signed one (and,
 * after the last, to the end of the file) that is not signing (pdfio.c, gw_pdf_changes), and
 * signature dictionaries in the file that no field lists any more.
 */
#include "verify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/buffer.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/ts.h>
#include <openssl/x509.h>

#define MAX_LISTED 8 /* changes listed after each signature; the rest are counted */

/* The digest of a signature's signed bytes: data[0..r1) then data[r2..r2+r3). */
static int range_digest(const gw_pdf *p, const long r[4], const EVP_MD *md, unsigned char *out,
                        unsigned *outlen)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	int ok = c && EVP_DigestInit_ex(c, md, NULL) &&
	         EVP_DigestUpdate(c, p->data, (size_t)r[1]) &&
	         EVP_DigestUpdate(c, p->data + r[2], (size_t)r[3]) &&
	         EVP_DigestFinal_ex(c, out, outlen);
	EVP_MD_CTX_free(c);
	return ok ? 0 : -1;
}

/*
 * Is the byte range well-formed (12.8.1: the whole revision but the /Contents value)? Returns
 * NULL, or why not; *rev: the revision it signs (1-based), *nrev: the file's revisions.
 */
static const char *range_problem(const gw_pdf *p, const gw_pdf_sig *s, int *rev, int *nrev)
{
	const long *r = s->range;
	*rev = 0;
	gw_pdf_revision(p, 0, nrev);
	if (s->nrange != 4)
		return "its /ByteRange is not an array of four non-negative integers";
	if (r[0] != 0)
		return "its /ByteRange does not start at the beginning of the file";
	if (r[1] < 1 || r[2] < r[1] || (size_t)r[2] > p->flen ||
	    (size_t)r[3] > p->flen - (size_t)r[2])
		return "its /ByteRange reaches outside the file";
	if ((size_t)r[1] != s->contents_at || (size_t)r[2] != s->contents_end)
		return "its /ByteRange does not leave out exactly its own signature value "
		       "(/Contents)";
	size_t end = (size_t)r[2] + (size_t)r[3];
	if (s->dict_end > end)
		return "its signature dictionary lies outside the bytes it signs";
	if (!(*rev = gw_pdf_revision(p, end, nrev)))
		return "its /ByteRange does not end where a revision of the file ends (%%EOF): "
		       "it does not cover a whole revision";
	return NULL;
}

/* The bytes a signature signs, as one memory BIO (for CMS_verify); NULL on failure. */
static BIO *range_bio(const gw_pdf *p, const long r[4], char **buf)
{
	size_t n = (size_t)r[1] + (size_t)r[3];
	*buf = gw_xmalloc(n + 1);
	memcpy(*buf, p->data, (size_t)r[1]);
	memcpy(*buf + r[1], p->data + r[2], (size_t)r[3]);
	return n <= 0x7fffffff ? BIO_new_mem_buf(*buf, (int)n) : NULL;
}

static int fail_why(char *why, size_t whysz, const char *msg)
{
	snprintf(why, whysz, "%s", msg);
	ERR_clear_error();
	return -1;
}

static const char bad_value[] = "its signature value does not verify with the public key of "
                                "the signer's certificate: the value was changed or damaged";

/* The embedded content of a verified CMS (adbe.pkcs7.sha1, ETSI.RFC3161) against the range. */
static int check_content(const gw_pdf *p, const gw_pdf_sig *s, const unsigned char *c, size_t n,
                         int tst, char *why, size_t whysz)
{
	const EVP_MD *md = EVP_sha1();
	const unsigned char *want = c;
	size_t wantlen = n;
	TS_TST_INFO *ti = NULL;
	if (tst) {
		/* RFC 3161 2.4.2: TSTInfo's messageImprint is the digest of the time-stamped data
		 */
		const unsigned char *q = c;
		ti = d2i_TS_TST_INFO(NULL, &q, (long)n);
		TS_MSG_IMPRINT *mi = ti ? TS_TST_INFO_get_msg_imprint(ti) : NULL;
		X509_ALGOR *alg = mi ? TS_MSG_IMPRINT_get_algo(mi) : NULL;
		ASN1_OCTET_STRING *h = mi ? TS_MSG_IMPRINT_get_msg(mi) : NULL;
		md = alg ? EVP_get_digestbyobj(alg->algorithm) : NULL;
		if (!h || !md) {
			TS_TST_INFO_free(ti);
			return fail_why(why, whysz,
			                "its time-stamp token holds no readable message imprint");
		}
		want = ASN1_STRING_get0_data(h);
		wantlen = (size_t)ASN1_STRING_length(h);
	} else if (n == 22 && c[0] == 0x04 && c[1] == 20) {
		want = c + 2; /* the digest wrapped in an OCTET STRING */
		wantlen = 20;
	}
	unsigned char dg[EVP_MAX_MD_SIZE];
	unsigned dl = 0;
	int ok = range_digest(p, s->range, md, dg, &dl) == 0 && dl == wantlen &&
	         memcmp(dg, want, dl) == 0;
	TS_TST_INFO_free(ti);
	if (!ok) {
		snprintf(why, whysz,
		         "the bytes it signs were changed after signing (their %s digest differs "
		         "from the signed one)",
		         OBJ_nid2sn(EVP_MD_get_type(md)));
		return -1;
	}
	return 0;
}

/* Verifies the CMS of a signature over its byte range. Returns 0, or -1 and why. */
static int check_cms(const gw_pdf *p, const gw_pdf_sig *s, char *why, size_t whysz)
{
	int detached = strcmp(s->subfilter, "adbe.pkcs7.detached") == 0 ||
	               strcmp(s->subfilter, "ETSI.CAdES.detached") == 0;
	int sha1 = strcmp(s->subfilter, "adbe.pkcs7.sha1") == 0;
	int tst = strcmp(s->subfilter, "ETSI.RFC3161") == 0;
	if (!detached && !sha1 && !tst) {
		snprintf(why, whysz, "gongwen cannot verify a signature of /SubFilter %s%s",
		         s->subfilter[0] ? "/" : "", s->subfilter[0] ? s->subfilter : "(none)");
		return -1;
	}
	size_t nz = 0;
	while (nz < s->derlen && s->der[nz] == 0)
		nz++;
	if (nz == s->derlen)
		return fail_why(why, whysz,
		                "its signature value (/Contents) is empty: the signing "
		                "never finished");
	const unsigned char *q = s->der;
	CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &q, (long)s->derlen);
	if (!cms || OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed) {
		CMS_ContentInfo_free(cms);
		return fail_why(why, whysz,
		                "its signature value (/Contents) is not a CMS signature: it was "
		                "changed or damaged");
	}
	int rc = -1;
	char *buf = NULL;
	BIO *in = NULL, *out = NULL;
	ASN1_OCTET_STRING **content = CMS_get0_content(cms);
	int has_content = content && *content;
	STACK_OF(CMS_SignerInfo) *sis = CMS_get0_SignerInfos(cms);
	if (sk_CMS_SignerInfo_num(sis) < 1) {
		fail_why(why, whysz, "its CMS has no signer");
		goto done;
	}
	if (detached == has_content) {
		fail_why(why, whysz,
		         detached ? "its CMS carries content, which a detached "
		                    "signature must not"
		                  : "its CMS carries no signed content");
		goto done;
	}
	CMS_set1_signers_certs(cms, NULL, 0);
	int full = !detached; /* verified by CMS_verify rather than signer by signer */
	for (int i = 0; i < sk_CMS_SignerInfo_num(sis) && detached; i++) {
		CMS_SignerInfo *si = sk_CMS_SignerInfo_value(sis, i);
		X509 *signer = NULL;
		X509_ALGOR *dig = NULL;
		CMS_SignerInfo_get0_algs(si, NULL, &signer, &dig, NULL);
		if (!signer) {
			fail_why(why, whysz,
			         "the signer's certificate is not in the signature, so its value "
			         "cannot be verified");
			goto done;
		}
		const EVP_MD *md = dig ? EVP_get_digestbyobj(dig->algorithm) : NULL;
		if (!md) {
			fail_why(why, whysz, "it uses a digest algorithm gongwen does not know");
			goto done;
		}
		if (CMS_signed_get_attr_count(si) <= 0) {
			full = 1; /* signed without attributes: CMS_verify digests the range */
			continue;
		}
		/* RFC 5652 5.4 and 11.2: messageDigest is the digest of the signed content */
		int idx = CMS_signed_get_attr_by_NID(si, NID_pkcs9_messageDigest, -1);
		ASN1_OCTET_STRING *os =
		        idx < 0 ? NULL
		                : X509_ATTRIBUTE_get0_data(CMS_signed_get_attr(si, idx), 0,
		                                           V_ASN1_OCTET_STRING, NULL);
		unsigned char dg[EVP_MAX_MD_SIZE];
		unsigned dl = 0;
		if (!os) {
			fail_why(why, whysz, "its signed attributes hold no message digest");
			goto done;
		}
		if (range_digest(p, s->range, md, dg, &dl) < 0) {
			fail_why(why, whysz, "the digest of its byte range failed");
			goto done;
		}
		if ((unsigned)ASN1_STRING_length(os) != dl ||
		    memcmp(ASN1_STRING_get0_data(os), dg, dl) != 0) {
			snprintf(why, whysz,
			         "the bytes it signs were changed after signing (their %s digest "
			         "differs from the signed one)",
			         OBJ_nid2sn(EVP_MD_get_type(md)));
			goto done;
		}
		/* RFC 5652 5.4: the signature is over the DER of the signed attributes */
		if (CMS_SignerInfo_verify(si) != 1) {
			fail_why(why, whysz, bad_value);
			goto done;
		}
	}
	if (full) {
		const unsigned fl = CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY;
		if (detached) {
			in = range_bio(p, s->range, &buf);
			if (!in || CMS_verify(cms, NULL, NULL, in, NULL, fl) != 1) {
				fail_why(why, whysz,
				         "it does not verify: the bytes it signs or its signature "
				         "value were changed");
				goto done;
			}
		} else {
			out = BIO_new(BIO_s_mem());
			BUF_MEM *bm = NULL;
			if (!out || CMS_verify(cms, NULL, NULL, NULL, out, fl) != 1) {
				fail_why(why, whysz, bad_value);
				goto done;
			}
			BIO_get_mem_ptr(out, &bm);
			if (!bm || check_content(p, s, (const unsigned char *)bm->data, bm->length,
			                         tst, why, whysz) < 0) {
				if (!bm)
					fail_why(why, whysz, bad_value);
				goto done;
			}
		}
	}
	rc = 0;
done:
	ERR_clear_error();
	BIO_free(in);
	BIO_free(out);
	free(buf);
	CMS_ContentInfo_free(cms);
	return rc;
}

/* "signature "NAME" (revision R of N)", for messages. */
static void label(const gw_pdf_sig *s, int rev, int nrev, char *out, size_t outsz)
{
	const char *kind =
	        strcmp(s->type, "DocTimeStamp") == 0 ? "document time-stamp" : "signature";
	char name[300];
	if (s->name[0])
		snprintf(name, sizeof name, "\"%s\"", s->name);
	else
		snprintf(name, sizeof name, "object %ld", s->obj);
	if (rev)
		snprintf(out, outsz, "%s %s (revision %d of %d)", kind, name, rev, nrev);
	else
		snprintf(out, outsz, "%s %s", kind, name);
}

typedef struct signed_rev {
	size_t end; /* where the signed revision ends */
	char label[400];
} signed_rev;

int gw_sign_verify(const gw_pdf *p, gw_buf *out, int *nsigs)
{
	gw_pdf_sig *s = NULL;
	int n = 0, problems = 0, ne = 0;
	gw_pdf_signatures(p, &s, &n);
	*nsigs = n;
	signed_rev *ends = gw_xcalloc((size_t)n + 1, sizeof *ends);
	for (int i = 0; i < n; i++) {
		char lab[400], why[400];
		int rev = 0, nrev = 0;
		const char *bad = s[i].problem;
		if (!bad)
			bad = range_problem(p, &s[i], &rev, &nrev);
		label(&s[i], rev, nrev, lab, sizeof lab);
		if (bad) {
			gw_buf_printf(out, "%s: %s\n", lab, bad);
			problems++;
			continue;
		}
		/* in order of the revisions signed (insertion: few signatures) */
		size_t end = (size_t)s[i].range[2] + (size_t)s[i].range[3];
		int at = ne;
		while (at > 0 && ends[at - 1].end > end)
			at--;
		if (!(at > 0 && ends[at - 1].end == end)) {
			memmove(ends + at + 1, ends + at, (size_t)(ne - at) * sizeof *ends);
			ends[at].end = end;
			snprintf(ends[at].label, sizeof ends[at].label, "%s", lab);
			ne++;
		}
		if (check_cms(p, &s[i], why, sizeof why) < 0) {
			gw_buf_printf(out, "%s: %s\n", lab, why);
			problems++;
		}
	}
	size_t at[4];
	int nu = gw_pdf_unlisted_sigs(p, s, n, at, 4);
	for (int i = 0; i < nu && i < 4; i++)
		gw_buf_printf(out,
		              "the signature dictionary at byte %zu is no longer listed by any "
		              "signature field: a later update removed its signature\n",
		              at[i]);
	if (nu > 4)
		gw_buf_printf(out, "... and %d more signatures removed\n", nu - 4);
	problems += nu;
	/* what changed after each signed revision, up to the next signed one or the end */
	for (int k = 0; k < ne; k++) {
		gw_pdf a, b;
		char err[256], prefix[900];
		memset(&b, 0, sizeof b);
		if (gw_pdf_open(&a, p->data, ends[k].end, err, sizeof err) < 0) {
			gw_buf_printf(out, "%s: the revision it signs cannot be read: %s\n",
			              ends[k].label, err);
			problems++;
			gw_pdf_close(&a);
			continue;
		}
		const gw_pdf *next = p;
		if (k + 1 < ne) {
			if (gw_pdf_open(&b, p->data, ends[k + 1].end, err, sizeof err) < 0) {
				gw_pdf_close(&a);
				gw_pdf_close(&b);
				continue; /* reported as the next signature's own revision */
			}
			next = &b;
			snprintf(prefix, sizeof prefix, "between %s and %s: ", ends[k].label,
			         ends[k + 1].label);
		} else {
			snprintf(prefix, sizeof prefix, "after %s: ", ends[k].label);
		}
		int c = gw_pdf_changes(&a, next, prefix, out, MAX_LISTED);
		if (c > MAX_LISTED)
			gw_buf_printf(out, "%s... and %d more changes\n", prefix, c - MAX_LISTED);
		problems += c;
		gw_pdf_close(&a);
		gw_pdf_close(&b);
	}
	free(ends);
	gw_pdf_sigs_free(s, n);
	return problems;
}
