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

// Function-like macros Swift cannot import.
static inline int COpenSSL_EVP_MD_CTX_size(const EVP_MD_CTX *ctx) { return EVP_MD_CTX_get_size(ctx); }
static inline int COpenSSL_EVP_MAX_MD_SIZE(void) { return EVP_MAX_MD_SIZE; }
#endif
