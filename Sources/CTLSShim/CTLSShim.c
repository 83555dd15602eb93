/*
 * CTLSShim: OpenSSL through dlopen (see CTLSShim.h for why). Every entry point clears OpenSSL's
 * per-thread error queue first, as SSL_get_error requires, and reports failures as text.
 */
#include "CTLSShim.h"

#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

/* The functions used, as pointers typed after OpenSSL's own declarations. */
#define CTLS_FUNCTIONS(X)                                                                          \
    X(TLS_client_method) X(SSL_CTX_new) X(SSL_CTX_free) X(SSL_CTX_set_verify)                     \
    X(SSL_CTX_load_verify_locations) X(SSL_CTX_set_default_verify_paths) X(SSL_CTX_set_options)  \
    X(SSL_new) X(SSL_free) X(SSL_set_fd) X(SSL_ctrl) X(SSL_set1_host) X(SSL_get0_param)          \
    X(SSL_connect) X(SSL_read) X(SSL_write) X(SSL_get_error) X(SSL_get_verify_result)            \
    X(X509_VERIFY_PARAM_set1_ip_asc) X(X509_verify_cert_error_string) X(ERR_get_error)          \
    X(ERR_peek_last_error) X(ERR_clear_error) X(ERR_reason_error_string)                          \
    X(SSL_CTX_set_cert_verify_callback) X(X509_STORE_CTX_get0_cert) X(X509_STORE_CTX_get0_param)  \
    X(X509_VERIFY_PARAM_set_hostflags) X(X509_verify_cert) X(X509_get_ext_by_NID)

#define CTLS_DECLARE(name) static __typeof__(&name) p_##name;
CTLS_FUNCTIONS(CTLS_DECLARE)

struct ctls_session {
    SSL_CTX *context;
    SSL *ssl;
};

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static int loaded;
static char load_failure[256];

static void format(char *error, size_t error_size, const char *fmt, ...) {
    if (error == NULL || error_size == 0) return;
    va_list args;
    va_start(args, fmt);
    vsnprintf(error, error_size, fmt, args);
    va_end(args);
}

static void load_library(void) {
    /* libssl.so.3 pulls in libcrypto.so.3; dlsym on its handle searches both. */
    void *handle = dlopen("libssl.so.3", RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        const char *why = dlerror();
        snprintf(load_failure, sizeof load_failure, "OpenSSL 3 (libssl.so.3) could not be loaded: %s",
                 why ? why : "not found");
        return;
    }
#define CTLS_LOOKUP(name)                                                                          \
    p_##name = (__typeof__(&name))dlsym(handle, #name);                                            \
    if (p_##name == NULL) {                                                                        \
        snprintf(load_failure, sizeof load_failure, "libssl.so.3 has no function %s", #name);      \
        return;                                                                                    \
    }
    CTLS_FUNCTIONS(CTLS_LOOKUP)
    loaded = 1;
}

int ctls_load(char *error, size_t error_size) {
    pthread_once(&load_once, load_library);
    if (!loaded) {
        format(error, error_size, "%s", load_failure[0] ? load_failure : "OpenSSL could not be loaded");
        return 0;
    }
    return 1;
}

/* The most useful account of the last OpenSSL failure on this thread. */
static void describe_failure(ctls_session *session, const char *during, char *error, size_t error_size) {
    long verify = session ? p_SSL_get_verify_result(session->ssl) : X509_V_OK;
    if (verify != X509_V_OK) {
        format(error, error_size, "SSL certificate problem: %s", p_X509_verify_cert_error_string(verify));
        return;
    }
    unsigned long code = p_ERR_peek_last_error();
    const char *reason = code ? p_ERR_reason_error_string(code) : NULL;
    if (reason != NULL) {
        format(error, error_size, "%s: %s", during, reason);
    } else if (errno != 0) {
        format(error, error_size, "%s: %s", during, strerror(errno));
    } else {
        format(error, error_size, "%s failed", during);
    }
}

/*
 * The chain check with curl's and requests' host-name rules. OpenSSL by default accepts a partial
 * wildcard ("f*.example.com") and falls back to the subject CN whenever no SAN is of the kind
 * being checked (a certificate with only an IP SAN could name a host in its CN). Here a wildcard
 * must be a whole left-most label, and the CN counts only when there is no subjectAltName at all.
 * Run in place of X509_verify_cert, after OpenSSL copied the session's host into `store`.
 */
static int verify_with_name_rules(X509_STORE_CTX *store, void *unused) {
    (void)unused;
    unsigned int flags = X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS;
    X509 *leaf = p_X509_STORE_CTX_get0_cert(store);
    if (leaf != NULL && p_X509_get_ext_by_NID(leaf, NID_subject_alt_name, -1) >= 0) {
        flags |= X509_CHECK_FLAG_NEVER_CHECK_SUBJECT;
    }
    p_X509_VERIFY_PARAM_set_hostflags(p_X509_STORE_CTX_get0_param(store), flags);
    return p_X509_verify_cert(store);
}

ctls_session *ctls_session_new(int fd, const char *host, int verify, const char *ca_file,
                               const char *ca_path, char *error, size_t error_size) {
    if (!ctls_load(error, error_size)) return NULL;
    p_ERR_clear_error();
    ctls_session *session = calloc(1, sizeof *session);
    if (session == NULL) {
        format(error, error_size, "out of memory");
        return NULL;
    }
    session->context = p_SSL_CTX_new(p_TLS_client_method());
    if (session->context == NULL) {
        describe_failure(NULL, "TLS set-up", error, error_size);
        ctls_session_free(session);
        return NULL;
    }
    /* Servers that close without close_notify are common; body framing catches real truncation. */
    p_SSL_CTX_set_options(session->context, SSL_OP_IGNORE_UNEXPECTED_EOF | SSL_OP_NO_COMPRESSION);
    if (verify) {
        p_SSL_CTX_set_verify(session->context, SSL_VERIFY_PEER, NULL);
        p_SSL_CTX_set_cert_verify_callback(session->context, verify_with_name_rules, NULL);
        int trusted = (ca_file || ca_path)
            ? p_SSL_CTX_load_verify_locations(session->context, ca_file, ca_path)
            : p_SSL_CTX_set_default_verify_paths(session->context);
        if (!trusted) {
            format(error, error_size, "SSL certificate problem: the CA certificates could not be loaded from %s",
                   ca_file ? ca_file : (ca_path ? ca_path : "OpenSSL's default locations"));
            ctls_session_free(session);
            return NULL;
        }
    } else {
        p_SSL_CTX_set_verify(session->context, SSL_VERIFY_NONE, NULL);
    }
    session->ssl = p_SSL_new(session->context);
    if (session->ssl == NULL || !p_SSL_set_fd(session->ssl, fd)) {
        describe_failure(NULL, "TLS set-up", error, error_size);
        ctls_session_free(session);
        return NULL;
    }
    /* Swift may hand a different buffer address when a partial write is retried. */
    p_SSL_ctrl(session->ssl, SSL_CTRL_MODE, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER, NULL);

    unsigned char address[16];
    int is_ip = inet_pton(AF_INET, host, address) == 1 || inet_pton(AF_INET6, host, address) == 1;
    int named;
    if (is_ip) {
        /* RFC 6066: no SNI for address literals; the certificate must carry the IP address. */
        named = !verify || p_X509_VERIFY_PARAM_set1_ip_asc(p_SSL_get0_param(session->ssl), host);
    } else {
        named = p_SSL_ctrl(session->ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, (void *)host)
            && (!verify || p_SSL_set1_host(session->ssl, host));
    }
    if (!named) {
        describe_failure(NULL, "TLS set-up for the host name", error, error_size);
        ctls_session_free(session);
        return NULL;
    }
    return session;
}

/* Maps SSL_get_error for `result` to a CTLS_ code, filling `error` on failure. */
static int outcome(ctls_session *session, int result, const char *during, char *error, size_t error_size) {
    int saved_errno = errno;
    switch (p_SSL_get_error(session->ssl, result)) {
    case SSL_ERROR_WANT_READ:
        return CTLS_WANT_READ;
    case SSL_ERROR_WANT_WRITE:
        return CTLS_WANT_WRITE;
    case SSL_ERROR_ZERO_RETURN:
        format(error, error_size, "the server closed the TLS session");
        return CTLS_CLOSED;
    case SSL_ERROR_SYSCALL:
        if (p_ERR_peek_last_error() == 0 && saved_errno == 0) {
            format(error, error_size, "the server closed the connection");
            return CTLS_CLOSED;
        }
        errno = saved_errno;
        describe_failure(session, during, error, error_size);
        return CTLS_ERROR;
    default:
        errno = saved_errno;
        describe_failure(session, during, error, error_size);
        return CTLS_ERROR;
    }
}

int ctls_handshake(ctls_session *session, char *error, size_t error_size) {
    p_ERR_clear_error();
    errno = 0;
    int result = p_SSL_connect(session->ssl);
    return result == 1 ? CTLS_OK : outcome(session, result, "TLS handshake", error, error_size);
}

ssize_t ctls_read(ctls_session *session, void *buffer, size_t size, char *error, size_t error_size) {
    p_ERR_clear_error();
    errno = 0;
    int wanted = size > 1 << 30 ? 1 << 30 : (int)size;
    int result = p_SSL_read(session->ssl, buffer, wanted);
    return result > 0 ? result : outcome(session, result, "TLS read", error, error_size);
}

ssize_t ctls_write(ctls_session *session, const void *buffer, size_t size, char *error, size_t error_size) {
    p_ERR_clear_error();
    errno = 0;
    int wanted = size > 1 << 30 ? 1 << 30 : (int)size;
    int result = p_SSL_write(session->ssl, buffer, wanted);
    return result > 0 ? result : outcome(session, result, "TLS write", error, error_size);
}

int ctls_certificate_problem(ctls_session *session) {
    switch (p_SSL_get_verify_result(session->ssl)) {
    case X509_V_OK:
        return CTLS_CERTIFICATE_OK;
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
    case X509_V_ERR_EMAIL_MISMATCH:
        return CTLS_CERTIFICATE_NAME_MISMATCH;
    default:
        return CTLS_CERTIFICATE_UNTRUSTED;
    }
}

void ctls_session_free(ctls_session *session) {
    if (session == NULL) return;
    if (session->ssl) p_SSL_free(session->ssl);
    if (session->context) p_SSL_CTX_free(session->context);
    free(session);
}
