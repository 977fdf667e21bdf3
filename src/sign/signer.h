/*
 * signer.h: what the PDF side needs from a signer, so that a PKCS#12 file, an SM2/SM3
 * signer or a hardware token (PKCS#11) can stand behind the same call.
 *
 * In: the SHA-256 digest of the signed byte ranges. Out: a detached CMS SignedData (DER,
 * malloc'ed) for /SubFilter /ETSI.CAdES.detached: signed attributes content-type,
 * message-digest and signing-certificate-v2, no signing-time (the time is the PDF's /M).
 */
#ifndef GW_SIGN_SIGNER_H
#define GW_SIGN_SIGNER_H

#include <stddef.h>
#include <time.h>

typedef struct gw_signer gw_signer;
struct gw_signer {
	const char *kind; /* "pkcs12", later "sm2", "pkcs11" */
	size_t max_cms; /* an upper bound of the DER size, for the /Contents reserve */
	/* Signs a SHA-256 digest; returns 0 and *der (malloc'ed), or -1 with a message in err. */
	int (*sign)(gw_signer *s, const unsigned char digest[32], unsigned char **der,
	            size_t *derlen, char *err, size_t errsz);
	void (*free)(gw_signer *s);
	void *impl;
};

/* Why gw_signer_p12_open failed: the exit status class. */
enum { GW_SIGNER_OK = 0, GW_SIGNER_BAD_INPUT = 1, GW_SIGNER_IO = 3 };

/* gw_signer_p12_open's flags. */
enum {
	GW_SIGNER_ALLOW_EXPIRED = 1, /* a certificate not valid at the signing time: a warning */
	GW_SIGNER_FORCE = 2 /* a key usage that excludes signing: a warning */
};

/*
 * Opens a PKCS#12 file (RSA or ECDSA key, certificate, optional chain); password NULL when
 * none was given. when is the claimed signing time: a certificate not valid then is an error
 * unless GW_SIGNER_ALLOW_EXPIRED; one whose key usage allows neither digitalSignature nor
 * nonRepudiation is an error unless GW_SIGNER_FORCE; one whose extended key usage names no
 * document-signing purpose gets a warning. Warnings go to warn, one per line. Returns the
 * signer, or NULL with *why and err set.
 */
gw_signer *gw_signer_p12_open(const char *path, const char *password, time_t when, unsigned flags,
                              int *why, char *err, size_t errsz, char *warn, size_t warnsz);

#endif
