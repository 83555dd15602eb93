/*
 * CTLSShim: a TLS client session over a connected, non-blocking socket, with OpenSSL loaded
 * on first use.
 *
 * OpenSSL is opened with dlopen when the first https request needs it, not linked: loading
 * libssl and libcrypto costs about 0.7 ms per process, which a plain-http command should not pay,
 * and a binary that never talks https then runs where no libssl is installed. Only fixed-
 * signature functions are looked up; OpenSSL's macros (SNI, for one) are spelled out as the
 * SSL_ctrl calls they expand to.
 */
#ifndef CTLSSHIM_H
#define CTLSSHIM_H

#include <stddef.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Outcomes of the stepwise calls below. */
enum {
    /** The call completed (for read/write: the return value is a byte count instead). */
    CTLS_OK = 0,
    /** Wait until the socket is readable, then call again. */
    CTLS_WANT_READ = -1,
    /** Wait until the socket is writable, then call again. */
    CTLS_WANT_WRITE = -2,
    /** The session failed; the error text says why. */
    CTLS_ERROR = -3,
    /** The peer closed the connection (cleanly or not) before the call could complete. */
    CTLS_CLOSED = -4,
};

/** What ctls_certificate_problem finds. */
enum {
    /** The certificate was verified (or not checked, or the handshake failed before it). */
    CTLS_CERTIFICATE_OK = 0,
    /** The chain is not trusted: self-signed, unknown issuer, expired and the like. */
    CTLS_CERTIFICATE_UNTRUSTED = 1,
    /** The chain is trusted but the certificate names another host (or address). */
    CTLS_CERTIFICATE_NAME_MISMATCH = 2,
};

/** An open TLS client session. */
typedef struct ctls_session ctls_session;

/**
 * Loads OpenSSL once per process (thread-safe). Returns 1 when it is usable, 0 otherwise with
 * the reason in `error`.
 */
int ctls_load(char *error, size_t error_size);

/**
 * Starts a client session on `fd` for `host` (a DNS name or an IP literal without brackets).
 * With `verify` set, the chain is checked against `ca_file`/`ca_path` (or OpenSSL's defaults
 * when both are NULL) and the certificate must name `host` as curl and requests require: a
 * wildcard only as a whole left-most label, the subject CN only when there is no subjectAltName. Returns NULL with the reason in
 * `error` when the session cannot be created. Nothing is sent until ctls_handshake.
 */
ctls_session *ctls_session_new(int fd, const char *host, int verify, const char *ca_file,
                               const char *ca_path, char *error, size_t error_size);

/** One step of the handshake: CTLS_OK, CTLS_WANT_READ/WRITE, or CTLS_ERROR/CTLS_CLOSED with `error` set. */
int ctls_handshake(ctls_session *session, char *error, size_t error_size);

/** Reads up to `size` bytes: a count > 0, CTLS_CLOSED at the end of the stream, or a CTLS_ code. */
ssize_t ctls_read(ctls_session *session, void *buffer, size_t size, char *error, size_t error_size);

/** Writes up to `size` bytes: a count > 0, or a CTLS_ code. */
ssize_t ctls_write(ctls_session *session, const void *buffer, size_t size, char *error, size_t error_size);

/** After a failed handshake: whether, and how, the server's certificate failed verification. */
int ctls_certificate_problem(ctls_session *session);

/** Frees the session (the socket stays open; its owner closes it). */
void ctls_session_free(ctls_session *session);

#ifdef __cplusplus
}
#endif

#endif
