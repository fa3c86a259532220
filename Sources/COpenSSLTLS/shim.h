#ifndef DRYDOCK_COPENSSLTLS_SHIM_H
#define DRYDOCK_COPENSSLTLS_SHIM_H
// libssl (TLS) and libcrypto's X.509 API, for the interception proxy's sandbox CA and TLS termination.
// Kept apart from COpenSSL (libcrypto's hashes and signatures only) so that code which never terminates
// TLS does not link libssl.
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/bn.h>
#include <openssl/bio.h>
#include <openssl/err.h>

// Function-like macros Swift cannot import.

/// A new EC P-256 key pair (EVP_EC_gen is a macro over the variadic EVP_PKEY_Q_keygen).
static inline EVP_PKEY *CSSL_generate_p256_key(void) { return EVP_EC_gen("P-256"); }

static inline int CSSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_min_proto_version(ctx, version);
}
static inline int CSSL_CTX_set_max_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_max_proto_version(ctx, version);
}
static inline void CSSL_CTX_set_servername_callback(SSL_CTX *ctx, int (*callback)(SSL *, int *, void *), void *argument) {
    SSL_CTX_set_tlsext_servername_callback(ctx, callback);
    SSL_CTX_set_tlsext_servername_arg(ctx, argument);
}
/// Partial writes and a moving write buffer: the proxy retries SSL_write with whatever is left.
static inline void CSSL_CTX_allow_partial_writes(SSL_CTX *ctx) {
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
}
/// No session tickets or cache: every tunnel is a fresh handshake with the sandbox's certificate.
static inline void CSSL_CTX_disable_session_resumption(SSL_CTX *ctx) {
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
    SSL_CTX_set_num_tickets(ctx, 0);
}
#endif
