/* zlib for gzip/deflate response bodies; linked (not loaded lazily): libz costs no measurable start-up. */
#include <zlib.h>
