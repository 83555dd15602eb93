#include "CCurlShim.h"

#include <pthread.h>
#include <signal.h>

static pthread_once_t global_init_once = PTHREAD_ONCE_INIT;
static CURLcode global_init_result = CURLE_FAILED_INIT;

static void run_global_init(void) {
    /* CURLOPT_NOSIGNAL (needed for thread-safe timeouts) also stops libcurl from ignoring SIGPIPE
       around its socket writes, and a TLS write to a peer that has gone away would then kill the
       process. A handler someone else installed is left alone. */
    struct sigaction current;
    if (sigaction(SIGPIPE, NULL, &current) == 0 && current.sa_handler == SIG_DFL) {
        signal(SIGPIPE, SIG_IGN);
    }
    global_init_result = curl_global_init(CURL_GLOBAL_DEFAULT);
}

CURLcode ccurl_global_init_once(void) {
    /* pthread_once gives the happens-before edge that makes global_init_result safe to read. */
    if (pthread_once(&global_init_once, run_global_init) != 0) {
        return CURLE_FAILED_INIT;
    }
    return global_init_result;
}

CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode ccurl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode ccurl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode ccurl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode ccurl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode ccurl_set_write_callback(CURL *handle, ccurl_data_callback callback, void *context) {
    CURLcode code = curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
    if (code != CURLE_OK) {
        return code;
    }
    return curl_easy_setopt(handle, CURLOPT_WRITEDATA, context);
}

CURLcode ccurl_set_header_callback(CURL *handle, ccurl_data_callback callback, void *context) {
    CURLcode code = curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, callback);
    if (code != CURLE_OK) {
        return code;
    }
    return curl_easy_setopt(handle, CURLOPT_HEADERDATA, context);
}

static size_t read_nothing(char *buffer, size_t size, size_t count, void *context) {
    (void)buffer;
    (void)size;
    (void)count;
    (void)context;
    return 0;
}

CURLcode ccurl_set_empty_read_callback(CURL *handle) {
    /* libcurl's default read callback is fread(stdin): the process's stdin carries the command
       envelope, and a POST without CURLOPT_POSTFIELDS would otherwise swallow it. */
    return curl_easy_setopt(handle, CURLOPT_READFUNCTION, read_nothing);
}

CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    *value = 0;
    return curl_easy_getinfo(handle, info, value);
}

CURLcode ccurl_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) {
    *value = 0;
    return curl_easy_getinfo(handle, info, value);
}

CURLcode ccurl_getinfo_string(CURL *handle, CURLINFO info, const char **value) {
    *value = NULL;
    return curl_easy_getinfo(handle, info, value);
}
