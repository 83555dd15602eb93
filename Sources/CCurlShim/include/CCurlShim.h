/*
 * CCurlShim: the parts of libcurl Swift cannot call directly.
 *
 * curl_easy_setopt and curl_easy_getinfo are variadic, and Swift cannot call C variadic
 * functions, so each argument type gets a fixed-signature wrapper here. curl_global_init is not
 * thread-safe, so it is wrapped in pthread_once and run on the first request rather than at
 * process start (most commands never touch the network).
 */
#ifndef CCURLSHIM_H
#define CCURLSHIM_H

#include <stddef.h>
#include <curl/curl.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Signature shared by CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION. */
typedef size_t (*ccurl_data_callback)(char *data, size_t size, size_t count, void *context);

/** Runs curl_global_init(CURL_GLOBAL_DEFAULT) exactly once per process; returns its result. */
CURLcode ccurl_global_init_once(void);

/** curl_easy_setopt for options that take a long. */
CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value);

/** curl_easy_setopt for options that take a curl_off_t. */
CURLcode ccurl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);

/** curl_easy_setopt for options that take a string (libcurl copies it, except CURLOPT_POSTFIELDS). */
CURLcode ccurl_setopt_string(CURL *handle, CURLoption option, const char *value);

/** curl_easy_setopt for options that take a caller-owned pointer (buffers, callback contexts). */
CURLcode ccurl_setopt_pointer(CURL *handle, CURLoption option, void *value);

/** curl_easy_setopt for options that take a header list. */
CURLcode ccurl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);

/** Installs the body callback and its context. */
CURLcode ccurl_set_write_callback(CURL *handle, ccurl_data_callback callback, void *context);

/** Installs the response-header callback and its context. */
CURLcode ccurl_set_header_callback(CURL *handle, ccurl_data_callback callback, void *context);

/** Installs a read callback that supplies no data, so libcurl can never fall back to reading stdin. */
CURLcode ccurl_set_empty_read_callback(CURL *handle);

/** curl_easy_getinfo for CURLINFO_LONG items; *value is 0 when the item is unavailable. */
CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *value);

/** curl_easy_getinfo for CURLINFO_OFF_T items; *value is 0 when the item is unavailable. */
CURLcode ccurl_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value);

/** curl_easy_getinfo for CURLINFO_STRING items; *value is NULL when the item is unavailable. */
CURLcode ccurl_getinfo_string(CURL *handle, CURLINFO info, const char **value);

#ifdef __cplusplus
}
#endif

#endif /* CCURLSHIM_H */
