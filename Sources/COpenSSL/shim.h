#ifndef DRYDOCK_COPENSSL_SHIM_H
#define DRYDOCK_COPENSSL_SHIM_H
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <openssl/rand.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/err.h>
#include <openssl/crypto.h>
#include <openssl/params.h>
#include <openssl/core_names.h>

// Function-like macros Swift cannot import.
static inline int COpenSSL_EVP_MD_CTX_size(const EVP_MD_CTX *ctx) { return EVP_MD_CTX_get_size(ctx); }
static inline int COpenSSL_EVP_MAX_MD_SIZE(void) { return EVP_MAX_MD_SIZE; }

// An HMAC-SHA256 context initialised with `key`, to be duplicated for each message (the SigV4 signing
// key is the same for every request of a day; HMAC() would fetch the algorithm and derive the key pads
// again on every call). NULL on failure. Free with EVP_MAC_CTX_free.
static inline EVP_MAC_CTX *COpenSSL_HMAC_SHA256_context(const unsigned char *key, size_t key_length) {
    static char digest[] = "SHA256";
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    if (mac == NULL) return NULL;
    EVP_MAC_CTX *ctx = EVP_MAC_CTX_new(mac);
    EVP_MAC_free(mac);
    if (ctx == NULL) return NULL;
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
        OSSL_PARAM_construct_end(),
    };
    if (EVP_MAC_init(ctx, key, key_length, params) != 1) {
        EVP_MAC_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

// The HMAC of `message` under the key of `keyed` (left untouched, so one keyed context serves every
// thread): 1 on success with 32 bytes in `out`.
static inline int COpenSSL_HMAC_SHA256_keyed(const EVP_MAC_CTX *keyed, const unsigned char *message,
                                             size_t length, unsigned char *out) {
    EVP_MAC_CTX *ctx = EVP_MAC_CTX_dup(keyed);
    if (ctx == NULL) return 0;
    size_t written = 0;
    int ok = EVP_MAC_update(ctx, message, length) == 1 && EVP_MAC_final(ctx, out, &written, 32) == 1 && written == 32;
    EVP_MAC_CTX_free(ctx);
    return ok;
}
#endif
