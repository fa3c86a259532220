import CZlib

/// gzip and deflate over the system zlib (the CZlib module): `drydock backup`'s gzip JSON lines, request
/// bodies a client compressed (`Content-Encoding: gzip` on DynamoDB) and responses the emulators compress
/// (`Accept-Encoding: gzip` on Google's APIs). One place for both directions, bounded on the way in.
/// The gzip header carries no time or name, so the same input always gives the same bytes.
public enum Zlib {
    /// Why inflating failed.
    public enum InflateFailure: Error, Sendable, Equatable {
        /// The inflated data would be larger than the limit the caller set (a compression bomb stops here).
        case tooLarge
        /// Not a valid stream, truncated, or followed by trailing bytes.
        case corrupt
    }

    /// `input` compressed with gzip framing (RFC 1952), as `Content-Encoding: gzip` carries it; nil
    /// only if zlib fails (out of memory).
    public static func gzip(_ input: [UInt8]) -> [UInt8]? {
        deflate(input, format: 0)
    }

    /// `input` compressed with zlib framing (RFC 1950), which is what HTTP's `Content-Encoding: deflate`
    /// means; nil only if zlib fails (out of memory).
    public static func zlib(_ input: [UInt8]) -> [UInt8]? {
        deflate(input, format: 1)
    }

    /// `input` compressed as `format` 0 (gzip), 1 (zlib) or 2 (raw deflate); nil if zlib fails.
    static func deflate(_ input: [UInt8], format: Int32) -> [UInt8]? {
        // deflateBound's worst case for stored blocks, plus the gzip header and trailer.
        let (scaled, overflow) = input.count.addingReportingOverflow(input.count / 1000 + 64)
        precondition(!overflow, "a response body cannot be near Int.max bytes")
        var output = [UInt8](repeating: 0, count: scaled)
        let written = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                CZlib_deflate(source.baseAddress, source.count, format, target.baseAddress, target.count)
            }
        }
        return written > 0 ? Array(output.prefix(written)) : nil
    }

    /// `input` inflated (gzip or zlib framing detected from the header, or headerless deflate when
    /// `raw`), never growing past `maximumBytes`.
    public static func inflate(_ input: [UInt8], raw: Bool = false, maximumBytes: Int) -> Result<[UInt8], InflateFailure> {
        if input.isEmpty { return .success([]) }
        return growing(input, maximumBytes: maximumBytes) { source, target, written in
            (CZlib_inflate(source.baseAddress, source.count, raw ? 1 : 0, target.baseAddress, target.count, &written), input.count)
        }.map(\.output)
    }

    /// The gzip member at the start of `input` inflated (at most `maximumBytes`), and how many input
    /// bytes it took: a gzip file may hold several members one after another (RFC 1952 section 2.2),
    /// which the caller reads by calling again on the rest. Empty input is `.corrupt`.
    public static func inflateGzipMember(_ input: ArraySlice<UInt8>, maximumBytes: Int) -> Result<(output: [UInt8], consumed: Int), InflateFailure> {
        if input.isEmpty { return .failure(.corrupt) }
        return growing(Array(input), maximumBytes: maximumBytes) { source, target, written in
            var consumed = 0
            let status = CZlib_inflate_member(source.baseAddress, source.count, target.baseAddress, target.count, &written, &consumed)
            return (status, consumed)
        }
    }

    /// Runs `step` into an output buffer grown geometrically up to `maximumBytes` (typical bodies need
    /// one or two passes); `step` answers CZlib's status (0 done, 1 output full, else corrupt) and the
    /// input bytes it took.
    private static func growing(
        _ input: [UInt8], maximumBytes: Int,
        _ step: (UnsafeBufferPointer<UInt8>, UnsafeMutableBufferPointer<UInt8>, inout Int) -> (Int32, Int)
    ) -> Result<(output: [UInt8], consumed: Int), InflateFailure> {
        let limit = max(0, maximumBytes)
        let (eightfold, overflow) = input.count.multipliedReportingOverflow(by: 8)
        var capacity = min(limit, max(4096, overflow ? limit : eightfold))
        while true {
            var output = [UInt8](repeating: 0, count: capacity)
            var written = 0
            let (status, consumed) = input.withUnsafeBufferPointer { source in
                output.withUnsafeMutableBufferPointer { target in step(source, target, &written) }
            }
            switch status {
            case 0: return .success((Array(output.prefix(written)), consumed))
            case 1 where capacity < limit:
                let (grown, overflow) = capacity.multipliedReportingOverflow(by: 4)
                capacity = overflow ? limit : min(limit, grown)
            case 1: return .failure(.tooLarge)
            default: return .failure(.corrupt)
            }
        }
    }
}
