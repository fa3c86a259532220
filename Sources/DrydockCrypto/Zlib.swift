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
        /// More gzip members one after another than the caller allows (each may be 20 bytes that
        /// inflate to nothing, so their number is bounded apart from the inflated size).
        case tooManyMembers
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
        return input.withUnsafeBufferPointer { source in
            growing(inputCount: source.count, maximumBytes: maximumBytes) { target, written in
                (CZlib_inflate(source.baseAddress, source.count, raw ? 1 : 0, target.baseAddress, target.count, &written), ())
            }
        }.map(\.output)
    }

    /// The gzip member at the start of `input` inflated (at most `maximumBytes`), and how many input
    /// bytes it took: a gzip file may hold several members one after another (RFC 1952 section 2.2),
    /// which the caller reads by calling again on the rest. Empty input is `.corrupt`.
    public static func inflateGzipMember(_ input: ArraySlice<UInt8>, maximumBytes: Int) -> Result<(output: [UInt8], consumed: Int), InflateFailure> {
        gzipMembers(input, maximumBytes: maximumBytes, maximumMembers: 1).map { ($0.output, $0.consumed) }
    }

    /// Every gzip member at the start of `input` inflated and joined (at most `maximumBytes` in all),
    /// and how many input bytes they took: members are read while the bytes after one start with gzip's
    /// magic (1f 8b), so what follows the last one (trailing bytes) is the caller's. More than
    /// `maximumMembers` members is `.tooManyMembers`; empty input is `.corrupt`. Linear in the input and
    /// output however many members there are (one zlib stream, reset between members, reads the slice
    /// in place).
    public static func inflateGzipMembers(_ input: ArraySlice<UInt8>, maximumBytes: Int, maximumMembers: Int) -> Result<(output: [UInt8], consumed: Int), InflateFailure> {
        let result = gzipMembers(input, maximumBytes: maximumBytes, maximumMembers: maximumMembers)
        guard case .success(let members) = result else { return result.map { ($0.output, $0.consumed) } }
        if members.count >= maximumMembers && input.dropFirst(members.consumed).starts(with: [0x1f, 0x8b]) {
            return .failure(.tooManyMembers)
        }
        return .success((members.output, members.consumed))
    }

    /// At most `maximumMembers` gzip members from the start of `input`: their output, the input bytes
    /// they took and how many there were.
    private static func gzipMembers(_ input: ArraySlice<UInt8>, maximumBytes: Int, maximumMembers: Int) -> Result<(output: [UInt8], consumed: Int, count: Int), InflateFailure> {
        if input.isEmpty || maximumMembers < 1 { return .failure(.corrupt) }
        return input.withUnsafeBufferPointer { source in
            growing(inputCount: source.count, maximumBytes: maximumBytes) { target, written in
                var consumed = 0, count = 0
                let status = CZlib_inflate_members(
                    source.baseAddress, source.count, maximumMembers, target.baseAddress, target.count, &written, &consumed, &count)
                return (status, (consumed, count))
            }
        }.map { ($0.output, $0.info.0, $0.info.1) }
    }

    /// Runs `step` into an output buffer grown geometrically up to `maximumBytes` (typical bodies need
    /// one or two passes; each pass starts over, so the passes together cost a small multiple of the
    /// last); `step` answers CZlib's status (0 done, 1 output full, else corrupt) and what else it
    /// learned (`info`).
    private static func growing<Info>(
        inputCount: Int, maximumBytes: Int,
        _ step: (UnsafeMutableBufferPointer<UInt8>, inout Int) -> (Int32, Info)
    ) -> Result<(output: [UInt8], info: Info), InflateFailure> {
        let limit = max(0, maximumBytes)
        let (eightfold, overflow) = inputCount.multipliedReportingOverflow(by: 8)
        var capacity = min(limit, max(4096, overflow ? limit : eightfold))
        while true {
            var output = [UInt8](repeating: 0, count: capacity)
            var written = 0
            let (status, info) = output.withUnsafeMutableBufferPointer { target in step(target, &written) }
            switch status {
            case 0: return .success((Array(output.prefix(written)), info))
            case 1 where capacity < limit:
                let (grown, overflow) = capacity.multipliedReportingOverflow(by: 4)
                capacity = overflow ? limit : min(limit, grown)
            case 1: return .failure(.tooLarge)
            default: return .failure(.corrupt)
            }
        }
    }
}
