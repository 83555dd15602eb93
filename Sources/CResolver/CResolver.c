/* CResolver: see CResolver.h. One lookup is shared by the caller and its thread; whichever lets
 * go last frees it, so neither depends on the other finishing first. */
#include "CResolver.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct lookup {
    pthread_mutex_t mutex;
    pthread_cond_t finished_signal;
    int references;
    int finished;
    cres_lookup_fn function;
    char *host;
    char *service;
    struct addrinfo hints;
    struct addrinfo *result;
    int status;
};

static void release(struct lookup *lookup) {
    pthread_mutex_lock(&lookup->mutex);
    int left = --lookup->references;
    pthread_mutex_unlock(&lookup->mutex);
    if (left > 0) return;
    if (lookup->result) freeaddrinfo(lookup->result);
    pthread_cond_destroy(&lookup->finished_signal);
    pthread_mutex_destroy(&lookup->mutex);
    free(lookup->host);
    free(lookup->service);
    free(lookup);
}

static void *run(void *context) {
    struct lookup *lookup = context;
    void *result = NULL;
    int status = lookup->function(lookup->host, lookup->service, &lookup->hints, &result);
    pthread_mutex_lock(&lookup->mutex);
    lookup->result = result;
    lookup->status = status;
    lookup->finished = 1;
    pthread_cond_signal(&lookup->finished_signal);
    pthread_mutex_unlock(&lookup->mutex);
    release(lookup);
    return NULL;
}

static int is_address_literal(const char *host) {
    unsigned char address[16];
    return inet_pton(AF_INET, host, address) == 1 || inet_pton(AF_INET6, host, address) == 1;
}

static int system_lookup(const char *host, const char *service, const void *hints, void **result) {
    return getaddrinfo(host, service, hints, (struct addrinfo **)result);
}

int cres_getaddrinfo(const char *host, const char *service, const void *hints, int timeout_ms,
                     void **result, int *status) {
    return cres_getaddrinfo_with(system_lookup, host, service, hints, timeout_ms, result, status);
}

int cres_getaddrinfo_with(cres_lookup_fn function, const char *host, const char *service,
                          const void *hints, int timeout_ms, void **result, int *status) {
    *result = NULL;
    if (timeout_ms < 0 || is_address_literal(host)) {
        *status = function(host, service, hints, result);
        return 0;
    }
    struct lookup *lookup = calloc(1, sizeof *lookup);
    char *host_copy = strdup(host), *service_copy = strdup(service);
    pthread_condattr_t condition_attributes;
    pthread_attr_t thread_attributes;
    pthread_t thread;
    if (lookup == NULL || host_copy == NULL || service_copy == NULL) {
        free(lookup);
        free(host_copy);
        free(service_copy);
        *status = EAI_MEMORY;
        return 0;
    }
    pthread_mutex_init(&lookup->mutex, NULL);
    pthread_condattr_init(&condition_attributes);
    pthread_condattr_setclock(&condition_attributes, CLOCK_MONOTONIC);
    pthread_cond_init(&lookup->finished_signal, &condition_attributes);
    pthread_condattr_destroy(&condition_attributes);
    lookup->references = 2;
    lookup->function = function;
    lookup->host = host_copy;
    lookup->service = service_copy;
    lookup->hints = *(const struct addrinfo *)hints;
    lookup->hints.ai_addr = NULL;
    lookup->hints.ai_canonname = NULL;
    lookup->hints.ai_next = NULL;

    pthread_attr_init(&thread_attributes);
    pthread_attr_setdetachstate(&thread_attributes, PTHREAD_CREATE_DETACHED);
    int started = pthread_create(&thread, &thread_attributes, run, lookup) == 0;
    pthread_attr_destroy(&thread_attributes);
    if (!started) {
        /* No thread to spare: resolve here, unbounded, rather than fail. */
        lookup->references = 1;
        release(lookup);
        *status = function(host, service, hints, result);
        return 0;
    }

    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += timeout_ms / 1000;
    deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec += 1;
        deadline.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&lookup->mutex);
    while (!lookup->finished) {
        if (pthread_cond_timedwait(&lookup->finished_signal, &lookup->mutex, &deadline) == ETIMEDOUT) break;
    }
    int finished = lookup->finished;
    if (finished) {
        *result = lookup->result;
        *status = lookup->status;
        lookup->result = NULL; /* now the caller's to free */
    }
    pthread_mutex_unlock(&lookup->mutex);
    release(lookup);
    return finished ? 0 : 1;
}
