#include "sso_zlib.h"
#include <zlib.h>
#include <stdlib.h>
#include <string.h>

int sso_deflate_raw(const unsigned char *input, size_t length, unsigned char **out, size_t *out_length) {
    *out = NULL;
    *out_length = 0;
    z_stream stream;
    memset(&stream, 0, sizeof(stream));
    if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) return -1;
    uLong bound = deflateBound(&stream, (uLong)length);
    unsigned char *buffer = malloc(bound ? bound : 1);
    if (!buffer) { deflateEnd(&stream); return -1; }
    stream.next_in = (Bytef *)input;
    stream.avail_in = (uInt)length;
    stream.next_out = buffer;
    stream.avail_out = (uInt)bound;
    int rc = deflate(&stream, Z_FINISH);
    if (rc != Z_STREAM_END) { free(buffer); deflateEnd(&stream); return -1; }
    *out_length = stream.total_out;
    *out = buffer;
    deflateEnd(&stream);
    return 0;
}

int sso_inflate_raw(const unsigned char *input, size_t length, size_t max_output,
                    unsigned char **out, size_t *out_length) {
    *out = NULL;
    *out_length = 0;
    z_stream stream;
    memset(&stream, 0, sizeof(stream));
    if (inflateInit2(&stream, -15) != Z_OK) return -1;
    size_t capacity = length * 4 + 64;
    if (capacity > max_output + 1) capacity = max_output + 1;
    unsigned char *buffer = malloc(capacity);
    if (!buffer) { inflateEnd(&stream); return -1; }
    stream.next_in = (Bytef *)input;
    stream.avail_in = (uInt)length;
    int rc;
    for (;;) {
        stream.next_out = buffer + stream.total_out;
        stream.avail_out = (uInt)(capacity - stream.total_out);
        rc = inflate(&stream, Z_NO_FLUSH);
        if (rc == Z_STREAM_END) break;
        if (rc != Z_OK && rc != Z_BUF_ERROR) { free(buffer); inflateEnd(&stream); return -1; }
        if (stream.avail_out == 0) {
            if (capacity > max_output) { free(buffer); inflateEnd(&stream); return 1; }
            size_t next = capacity * 2;
            if (next > max_output + 1) next = max_output + 1;
            unsigned char *grown = realloc(buffer, next);
            if (!grown) { free(buffer); inflateEnd(&stream); return -1; }
            buffer = grown;
            capacity = next;
        } else if (stream.avail_in == 0) {
            free(buffer); inflateEnd(&stream); return -1; /* truncated stream */
        }
    }
    if (stream.total_out > max_output) { free(buffer); inflateEnd(&stream); return 1; }
    *out_length = stream.total_out;
    *out = buffer;
    inflateEnd(&stream);
    return 0;
}
