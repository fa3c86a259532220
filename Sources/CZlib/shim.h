#ifndef DRYDOCK_CZLIB_SHIM_H
#define DRYDOCK_CZLIB_SHIM_H
// zlib's inflate behind one bounded, non-macro call (inflateInit2 is a macro Swift cannot see).
#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include <zlib.h>

/// What an `inflate` that did not reach Z_STREAM_END means for these calls: 1 when the output is full
/// (a bomb stops there), 2 when the input ran out (truncated), -1 when the data is not a valid stream.
static inline int CZlib_unfinished(int status, const z_stream *stream) {
    if (status == Z_BUF_ERROR) return stream->avail_out == 0 ? 1 : 2;
    return -1;
}

/// Inflates `input` (gzip or zlib framing detected from the header when `raw` is 0; headerless deflate
/// when `raw` is 1) into `output`, writing at most `capacity` bytes. Returns 0 with `*written` set when the
/// whole stream fit and ended, 1 when the output would exceed `capacity` (a bomb stops there), 2 when the
/// stream is truncated or has trailing bytes, -1 when the data is not a valid stream.
static inline int CZlib_inflate(const uint8_t *input, size_t input_length, int raw,
    uint8_t *output, size_t capacity, size_t *written) {
    z_stream stream;
    memset(&stream, 0, sizeof(stream));
    if (inflateInit2(&stream, raw ? -MAX_WBITS : MAX_WBITS + 32) != Z_OK) return -1;
    stream.next_in = (Bytef *)input;
    stream.avail_in = (uInt)(input_length > UINT32_MAX ? UINT32_MAX : input_length);
    stream.next_out = output;
    stream.avail_out = (uInt)(capacity > UINT32_MAX ? UINT32_MAX : capacity);
    int status = inflate(&stream, Z_FINISH);
    *written = (size_t)stream.total_out;
    int result;
    if (status == Z_STREAM_END) {
        result = (stream.avail_in == 0 && input_length <= UINT32_MAX) ? 0 : 2;
    } else {
        result = CZlib_unfinished(status, &stream);
    }
    inflateEnd(&stream);
    return result;
}

/// Inflates the gzip members at the start of `input` (RFC 1952 lets a gzip file be several members one
/// after another) into `output`, at most `capacity` bytes in all. It goes on to the next member while the
/// bytes after one start with gzip's magic (1f 8b) and fewer than `max_members` were read, and stops
/// there: whatever follows is the caller's. One z_stream reads every member (inflateReset between them)
/// straight from `input`, so the work is linear in the input and output, however many members there are.
/// Sets `*written`, `*consumed` (the input bytes the members took) and `*members` (how many ended).
/// Returns as CZlib_inflate does, except that trailing bytes are not an error.
static inline int CZlib_inflate_members(const uint8_t *input, size_t input_length, size_t max_members,
    uint8_t *output, size_t capacity, size_t *written, size_t *consumed, size_t *members) {
    z_stream stream;
    memset(&stream, 0, sizeof(stream));
    *written = 0;
    *consumed = 0;
    *members = 0;
    if (input_length > UINT32_MAX || inflateInit2(&stream, MAX_WBITS + 16) != Z_OK) return -1;
    stream.next_in = (Bytef *)input;
    stream.avail_in = (uInt)input_length;
    stream.next_out = output;
    stream.avail_out = (uInt)(capacity > UINT32_MAX ? UINT32_MAX : capacity);
    int result;
    for (;;) {
        int status = inflate(&stream, Z_FINISH);
        if (status == Z_STREAM_END) {
            *members += 1;
            int another = stream.avail_in >= 2 && stream.next_in[0] == 0x1f && stream.next_in[1] == 0x8b;
            if (!another || *members >= max_members) {
                result = 0;
            } else if (inflateReset(&stream) == Z_OK) {
                continue;
            } else {
                result = -1;
            }
        } else {
            result = CZlib_unfinished(status, &stream);
        }
        break;
    }
    *written = (size_t)(stream.next_out - output);
    *consumed = (size_t)(stream.next_in - input);
    inflateEnd(&stream);
    return result;
}

/// Deflates `input` into `output` with gzip framing (`format` 0), zlib framing (1) or none (2); returns
/// the compressed length, or 0 when `capacity` is too small. For tests and benchmarks that need
/// compressed request bodies.
static inline size_t CZlib_deflate(const uint8_t *input, size_t input_length, int format,
    uint8_t *output, size_t capacity) {
    z_stream stream;
    memset(&stream, 0, sizeof(stream));
    int bits = format == 0 ? MAX_WBITS + 16 : (format == 1 ? MAX_WBITS : -MAX_WBITS);
    if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, bits, 8, Z_DEFAULT_STRATEGY) != Z_OK) return 0;
    stream.next_in = (Bytef *)input;
    stream.avail_in = (uInt)input_length;
    stream.next_out = output;
    stream.avail_out = (uInt)capacity;
    int status = deflate(&stream, Z_FINISH);
    size_t written = (size_t)stream.total_out;
    deflateEnd(&stream);
    return status == Z_STREAM_END ? written : 0;
}
#endif
