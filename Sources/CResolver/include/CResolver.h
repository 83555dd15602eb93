/*
 * CResolver: getaddrinfo bounded by a timeout.
 *
 * getaddrinfo has no timeout of its own: a resolver that does not answer holds the caller for
 * resolv.conf's retries (tens of seconds), past the instance's connect timeout. The lookup runs on
 * a detached thread instead and the caller waits for it at most `timeout_ms`; a lookup abandoned
 * that way finishes (or not) on its own and frees what it allocated.
 */
#ifndef CRESOLVER_H
#define CRESOLVER_H

/* The addrinfo arguments are untyped here: including <netdb.h> in this module would give Swift
 * a second copy of the socket constants (SOCK_STREAM, ...) and make them ambiguous. They are
 * `struct addrinfo *` and `struct addrinfo **` exactly as for getaddrinfo. */

#ifdef __cplusplus
extern "C" {
#endif

/** The resolver to run: getaddrinfo itself, or a stand-in in tests. */
typedef int (*cres_lookup_fn)(const char *host, const char *service, const void *hints, void **result);

/**
 * Resolves like getaddrinfo, waiting at most `timeout_ms` (negative: no limit, resolved on this
 * thread). Returns 0 when the lookup finished: `*status` is getaddrinfo's result and, when 0,
 * `*result` must be freed with freeaddrinfo. Returns 1 when the time ran out (nothing to free).
 * Address literals are resolved at once on this thread, as no resolver is asked.
 */
int cres_getaddrinfo(const char *host, const char *service, const void *hints, int timeout_ms,
                     void **result, int *status);

/** The same with another lookup function (tests stand in a slow resolver). */
int cres_getaddrinfo_with(cres_lookup_fn lookup, const char *host, const char *service,
                          const void *hints, int timeout_ms, void **result, int *status);

#ifdef __cplusplus
}
#endif

#endif
