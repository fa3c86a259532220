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
        let limit = max(0, maximumBytes)
        // Grow the buffer geometrically up to the bound, so typical bodies need one or two passes.
        let (eightfold, overflow) = input.count.multipliedReportingOverflow(by: 8)
        var capacity = min(limit, max(4096, overflow ? limit : eightfold))
        while true {
            var output = [UInt8](repeating: 0, count: capacity)
            var written = 0
            let status = input.withUnsafeBufferPointer { source in
                output.withUnsafeMutableBufferPointer { target in
                    CZlib_inflate(source.baseAddress, source.count, raw ? 1 : 0, target.baseAddress, target.count, &written)
                }
            }
            switch status {
            case 0: return .success(Array(output.prefix(written)))
            case 1 where capacity < limit:
                let (grown, overflow) = capacity.multipliedReportingOverflow(by: 4)
                capacity = overflow ? limit : min(limit, grown)
            case 1: return .failure(.tooLarge)
            default: return .failure(.corrupt)
            }
        }
    }
}
