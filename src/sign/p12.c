/*
 * p12.c: the PKCS#12 signer (RSA or ECDSA) with the OpenSSL 3.0 C API.
 *
 * In: a .p12 file and its password; at signing time the SHA-256 digest of the PDF's byte
 * ranges. Out: a detached CAdES CMS (see signer.h). OpenSSL's CMS_SignerInfo_sign() always
 * adds signing-time, which PAdES baseline forbids, so the signed attributes are built here
 * (content-type, message-digest, and signing-certificate-v2 from CMS_CADES), DER-sorted as a
 * SET OF and signed with EVP_DigestSign. RSA PKCS#1 v1.5 makes the result deterministic.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "../base/util.h"
#include "signer.h"

typedef struct p12 {
	EVP_PKEY *key;
	X509 *cert;
	STACK_OF(X509) * chain;
} p12;

static void ossl_err(char *err, size_t errsz, const char *what)
{
	unsigned long e = ERR_get_error();
	char buf[256] = "";
	if (e)
		ERR_error_string_n(e, buf, sizeof buf);
	snprintf(err, errsz, "%s%s%s", what, e ? ": " : "", buf);
	ERR_clear_error();
}

typedef struct der {
	unsigned char *p;
	int n;
} der;

static int der_cmp(const void *a, const void *b)
{
	const der *x = a, *y = b;
	int n = x->n < y->n ? x->n : y->n;
	int c = memcmp(x->p, y->p, (size_t)n);
	return c ? c : x->n - y->n;
}

/* DER of the signed attributes as SET OF (tag 0x31), the bytes the signature covers. */
static unsigned char *signed_attrs_der(CMS_SignerInfo *si, size_t *len)
{
	int n = CMS_signed_get_attr_count(si);
	if (n <= 0)
		return NULL;
	der *d = gw_xcalloc((size_t)n, sizeof *d);
	size_t body = 0;
	int ok = 1;
	for (int i = 0; i < n; i++) {
		d[i].p = NULL;
		d[i].n = i2d_X509_ATTRIBUTE(CMS_signed_get_attr(si, i), &d[i].p);
		if (d[i].n <= 0)
			ok = 0;
		else
			body += (size_t)d[i].n;
	}
	unsigned char *out = NULL;
	if (ok) {
		qsort(d, (size_t)n, sizeof *d, der_cmp);
		out = gw_xmalloc(body + 6);
		size_t k = 0;
		out[k++] = 0x31;
		if (body < 0x80) {
			out[k++] = (unsigned char)body;
		} else if (body < 0x100) {
			out[k++] = 0x81;
			out[k++] = (unsigned char)body;
		} else if (body < 0x10000) {
			out[k++] = 0x82;
			out[k++] = (unsigned char)(body >> 8);
			out[k++] = (unsigned char)body;
		} else {
			out[k++] = 0x83;
			out[k++] = (unsigned char)(body >> 16);
			out[k++] = (unsigned char)(body >> 8);
			out[k++] = (unsigned char)body;
		}
		for (int i = 0; i < n; i++) {
			memcpy(out + k, d[i].p, (size_t)d[i].n);
			k += (size_t)d[i].n;
		}
		*len = k;
	}
	for (int i = 0; i < n; i++)
		OPENSSL_free(d[i].p);
	free(d);
	return out;
}

static int p12_sign(gw_signer *s, const unsigned char digest[32], unsigned char **out,
                    size_t *outlen, char *err, size_t errsz)
{
	p12 *k = s->impl;
	const unsigned fl = CMS_DETACHED | CMS_BINARY | CMS_NOSMIMECAP | CMS_CADES | CMS_PARTIAL;
	int rc = -1;
	unsigned char *tbs = NULL, *sig = NULL, *d = NULL;
	EVP_MD_CTX *mctx = NULL;
	CMS_ContentInfo *cms = CMS_sign(NULL, NULL, NULL, NULL, fl);
	CMS_SignerInfo *si = cms ? CMS_add1_signer(cms, k->cert, k->key, EVP_sha256(), fl) : NULL;
	if (!si) {
		ossl_err(err, errsz, "cannot start the CMS signature");
		goto done;
	}
	for (int i = 0; i < sk_X509_num(k->chain); i++)
		if (!CMS_add1_cert(cms, sk_X509_value(k->chain, i))) {
			ossl_err(err, errsz, "cannot add a chain certificate");
			goto done;
		}
	if (CMS_signed_get_attr_by_NID(si, NID_id_smime_aa_signingCertificateV2, -1) < 0 ||
	    !CMS_signed_add1_attr_by_NID(si, NID_pkcs9_contentType, V_ASN1_OBJECT,
	                                 OBJ_nid2obj(NID_pkcs7_data), -1) ||
	    !CMS_signed_add1_attr_by_NID(si, NID_pkcs9_messageDigest, V_ASN1_OCTET_STRING, digest,
	                                 32)) {
		ossl_err(err, errsz, "cannot set the signed attributes");
		goto done;
	}
	int loc = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
	if (loc >= 0)
		X509_ATTRIBUTE_free(CMS_signed_delete_attr(si, loc));
	size_t tbslen = 0, siglen = 0;
	tbs = signed_attrs_der(si, &tbslen);
	mctx = EVP_MD_CTX_new();
	if (!tbs || !mctx || EVP_DigestSignInit(mctx, NULL, EVP_sha256(), NULL, k->key) <= 0 ||
	    EVP_DigestSign(mctx, NULL, &siglen, tbs, tbslen) <= 0) {
		ossl_err(err, errsz, "cannot sign");
		goto done;
	}
	sig = gw_xmalloc(siglen);
	if (EVP_DigestSign(mctx, sig, &siglen, tbs, tbslen) <= 0 ||
	    !ASN1_STRING_set(CMS_SignerInfo_get0_signature(si), sig, (int)siglen)) {
		ossl_err(err, errsz, "cannot sign");
		goto done;
	}
	int n = i2d_CMS_ContentInfo(cms, &d);
	if (n <= 0) {
		ossl_err(err, errsz, "cannot encode the CMS");
		goto done;
	}
	*out = gw_xmalloc((size_t)n);
	memcpy(*out, d, (size_t)n);
	*outlen = (size_t)n;
	rc = 0;
done:
	OPENSSL_free(d);
	free(sig);
	free(tbs);
	EVP_MD_CTX_free(mctx);
	CMS_ContentInfo_free(cms);
	return rc;
}

static void p12_free(gw_signer *s)
{
	if (!s)
		return;
	p12 *k = s->impl;
	EVP_PKEY_free(k->key);
	X509_free(k->cert);
	sk_X509_pop_free(k->chain, X509_free);
	free(k);
	free(s);
}

/* Appends one line to the warnings. */
static void add_warning(char *warn, size_t warnsz, const char *msg)
{
	size_t n = strlen(warn);
	snprintf(warn + n, warnsz - n, "%s%s", n ? "\n" : "", msg);
}

/*
 * The certificate's key usage (RFC 5280 4.2.1.3): a signature of a document needs
 * digitalSignature or nonRepudiation (contentCommitment). Returns NULL, or what it allows
 * instead (for the message).
 */
static const char *key_usage_excludes_signing(X509 *cert, char *buf, size_t bufsz)
{
	uint32_t ku = X509_get_key_usage(cert);
	if (ku == UINT32_MAX || (ku & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)))
		return NULL; /* no keyUsage extension: any use */
	static const struct {
		uint32_t bit;
		const char *name;
	} names[] = {{KU_KEY_ENCIPHERMENT, "keyEncipherment"},
	             {KU_DATA_ENCIPHERMENT, "dataEncipherment"},
	             {KU_KEY_AGREEMENT, "keyAgreement"},
	             {KU_KEY_CERT_SIGN, "keyCertSign"},
	             {KU_CRL_SIGN, "cRLSign"},
	             {KU_ENCIPHER_ONLY, "encipherOnly"},
	             {KU_DECIPHER_ONLY, "decipherOnly"}};
	buf[0] = 0;
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (ku & names[i].bit) {
			size_t n = strlen(buf);
			snprintf(buf + n, bufsz - n, "%s%s", n ? ", " : "", names[i].name);
		}
	if (!buf[0])
		snprintf(buf, bufsz, "nothing");
	return buf;
}

/*
 * OpenSSL 3's legacy provider (with the default one), loaded once per process on first
 * need: OSSL_PROVIDER_load on the default library context is process-wide by OpenSSL's
 * design; call_once makes the load safe when several threads sign at once.
 */
static OSSL_PROVIDER *legacy;
static once_flag providers_once = ONCE_FLAG_INIT;

static void load_providers(void)
{
	legacy = OSSL_PROVIDER_load(NULL, "legacy");
	if (legacy)
		OSSL_PROVIDER_load(NULL, "default");
}

/*
 * The certificate's extended key usage (RFC 5280 4.2.1.12), when it has one, should name a
 * purpose that covers signing documents: anyExtendedKeyUsage, emailProtection (S/MIME, which
 * most signing certificates carry), documentSigning (RFC 9336), Adobe's Authentic Documents
 * (1.2.840.113583.1.1.5) or Microsoft's Document Signing (1.3.6.1.4.1.311.10.3.12). Returns
 * NULL, or the purposes it names instead (for a warning).
 */
static const char *eku_excludes_signing(X509 *cert, char *buf, size_t bufsz)
{
	static const char *const ok[] = {"2.5.29.37.0", "1.3.6.1.5.5.7.3.4", "1.3.6.1.5.5.7.3.36",
	                                 "1.2.840.113583.1.1.5", "1.3.6.1.4.1.311.10.3.12"};
	EXTENDED_KEY_USAGE *eku = X509_get_ext_d2i(cert, NID_ext_key_usage, NULL, NULL);
	if (!eku)
		return NULL;
	int found = 0;
	buf[0] = 0;
	for (int i = 0; i < sk_ASN1_OBJECT_num(eku); i++) {
		char oid[80];
		ASN1_OBJECT *o = sk_ASN1_OBJECT_value(eku, i);
		int nid = OBJ_obj2nid(o);
		OBJ_obj2txt(oid, sizeof oid, o, 1);
		for (size_t k = 0; k < sizeof ok / sizeof *ok; k++)
			found |= strcmp(oid, ok[k]) == 0;
		size_t n = strlen(buf);
		snprintf(buf + n, bufsz - n, "%s%s", n ? ", " : "",
		         nid != NID_undef ? OBJ_nid2sn(nid) : oid);
	}
	EXTENDED_KEY_USAGE_free(eku);
	ERR_clear_error();
	return found ? NULL : buf;
}

gw_signer *gw_signer_p12_open(const char *path, const char *password, time_t when, unsigned flags,
                              int *why, char *err, size_t errsz, char *warn, size_t warnsz)
{
	int allow_expired = (flags & GW_SIGNER_ALLOW_EXPIRED) != 0;
	*why = GW_SIGNER_BAD_INPUT;
	if (warnsz)
		warn[0] = 0;
	BIO *in = BIO_new_file(path, "rb");
	if (!in) {
		snprintf(err, errsz, "cannot read %s: %s", path, strerror(errno));
		ERR_clear_error();
		return NULL;
	}
	PKCS12 *f = d2i_PKCS12_bio(in, NULL);
	BIO_free(in);
	if (!f) {
		snprintf(err, errsz, "%s is not a PKCS#12 file or is damaged", path);
		ERR_clear_error();
		return NULL;
	}
	const char *pass = password ? password : "";
	/* with no password given, a protected file asks for one, rather than "wrong password" */
#define NO_PASSWORD                                                                                \
	"%s is protected by a password: give it with --password-file FILE (its first line)"
	if (PKCS12_mac_present(f) && !PKCS12_verify_mac(f, pass, -1)) {
		if (*pass || !PKCS12_verify_mac(f, NULL, 0)) {
			if (password)
				snprintf(err, errsz, "%s: wrong password", path);
			else
				snprintf(err, errsz, NO_PASSWORD, path);
			PKCS12_free(f);
			ERR_clear_error();
			return NULL;
		}
		pass = NULL;
	}
	EVP_PKEY *key = NULL;
	X509 *cert = NULL;
	STACK_OF(X509) *chain = NULL;
	int ok = PKCS12_parse(f, pass, &key, &cert, &chain);
	if (!ok) {
		/*
		 * The password was right (the MAC agreed) but the key did not decrypt: an older
		 * export (RC2-40 / 3DES, as Windows and older CAs write) needs OpenSSL 3's legacy
		 * provider, which is not loaded by default. Load it (with the default one) and
		 * try once more.
		 */
		ERR_clear_error();
		call_once(&providers_once, load_providers);
		if (legacy)
			ok = PKCS12_parse(f, pass, &key, &cert, &chain);
	}
	PKCS12_free(f);
	const char *msg = NULL;
	if (!ok && !password) {
		snprintf(err, errsz, NO_PASSWORD, path);
		goto fail;
	}
	if (!ok)
		msg = "cannot decrypt the key (wrong password?)";
	else if (!key)
		msg = "it holds no private key";
	else if (!cert)
		msg = "it holds no certificate matching the private key";
	else if (X509_check_private_key(cert, key) != 1)
		msg = "the private key does not match the certificate";
	else if (EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA &&
	         EVP_PKEY_get_base_id(key) != EVP_PKEY_EC)
		msg = "only RSA and ECDSA keys are supported";
	if (!msg) {
		time_t t = when;
		int late = X509_cmp_time(X509_get0_notAfter(cert), &t) < 0;
		int early = X509_cmp_time(X509_get0_notBefore(cert), &t) > 0;
		if (late || early) {
			char m[160];
			snprintf(m, sizeof m, "the certificate is %s at the signing time",
			         late ? "expired" : "not yet valid");
			if (!allow_expired) {
				snprintf(err, errsz, "%s: %s (use --allow-expired to sign anyway)",
				         path, m);
				goto fail;
			}
			char w[300];
			snprintf(w, sizeof w, "%s: %s; signing anyway (--allow-expired)", path, m);
			add_warning(warn, warnsz, w);
		}
	}
	char uses[200], m[400];
	if (!msg && key_usage_excludes_signing(cert, uses, sizeof uses)) {
		snprintf(m, sizeof m,
		         "%s: the certificate's key usage (%s) allows neither digitalSignature nor "
		         "nonRepudiation: it is not meant for signing",
		         path, uses);
		if (!(flags & GW_SIGNER_FORCE)) {
			snprintf(err, errsz, "%s (--force signs anyway)", m);
			goto fail;
		}
		snprintf(m + strlen(m), sizeof m - strlen(m), "; signing anyway (--force)");
		add_warning(warn, warnsz, m);
	}
	if (!msg && eku_excludes_signing(cert, uses, sizeof uses)) {
		snprintf(m, sizeof m,
		         "%s: the certificate's extended key usage (%s) names no document-signing "
		         "purpose (emailProtection, documentSigning, anyExtendedKeyUsage): "
		         "verifiers may reject the signature",
		         path, uses);
		add_warning(warn, warnsz, m);
	}
	if (msg) {
		snprintf(err, errsz, "%s: %s", path, msg);
		goto fail;
	}
	ERR_clear_error();
	p12 *k = gw_xcalloc(1, sizeof *k);
	k->key = key;
	k->cert = cert;
	k->chain = chain;
	size_t certs = (size_t)i2d_X509(cert, NULL);
	for (int i = 0; i < sk_X509_num(chain); i++)
		certs += (size_t)i2d_X509(sk_X509_value(chain, i), NULL);
	gw_signer *s = gw_xcalloc(1, sizeof *s);
	s->kind = "pkcs12";
	s->max_cms = certs + 2 * (size_t)EVP_PKEY_get_size(key) + 1024;
	s->sign = p12_sign;
	s->free = p12_free;
	s->impl = k;
	*why = GW_SIGNER_OK;
	return s;
fail:
	ERR_clear_error();
	EVP_PKEY_free(key);
	X509_free(cert);
	sk_X509_pop_free(chain, X509_free);
	return NULL;
}
