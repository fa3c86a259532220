import DrydockCrypto
import DrydockHTTP
import EmulatorKit

/// DynamoDB's compressed responses: a body of at least 4 KB is sent gzip- or deflate-encoded (zlib
/// framing, as HTTP's `deflate` is) when the request's `Accept-Encoding` asks for one, with
/// `Content-Encoding` naming it and `x-amz-crc32` over the bytes as sent. Smaller bodies, and requests
/// that accept neither coding, are answered as they are.
///
/// How `Accept-Encoding` is read follows what DynamoDB was seen to do (ScyllaDB's Alternator tests,
/// checked against DynamoDB, 2025–2026): only the last such header counts; codings compare
/// case-insensitively and must be bare tokens (`"gzip"`, `gzip br`, `gzip:q=1` name nothing); the first
/// `q` parameter of an entry is its weight, above 1 counts as 1, zero or below refuses the coding, and a
/// value that is not a decimal number is ignored (weight 1); a coding listed twice takes its highest
/// weight; `*` stands for a coding not listed; `identity` and other codings are ignored. Of gzip and
/// deflate the higher weight wins; at equal weight a listed coding wins over `*`, then the one listed
/// first, then gzip.
enum ResponseEncoding {
    /// The smallest body DynamoDB compresses.
    static let threshold = 4096

    enum Coding: String, CaseIterable {
        case gzip, deflate
    }

    /// `response` encoded as `request` accepts, or unchanged.
    static func negotiated(_ response: HTTPResponse, for request: HTTPRequest) -> HTTPResponse {
        guard response.delivery == .normal, response.body.count >= threshold,
              let header = request.headers.values(for: "Accept-Encoding").last,
              let coding = preferred(in: header),
              let body = coding == .gzip ? Zlib.gzip(response.body) : Zlib.zlib(response.body) else { return response }
        var encoded = response
        encoded.body = body
        encoded.headers.set("Content-Encoding", coding.rawValue)
        encoded.headers.set("x-amz-crc32", String(CRC32.checksum(body)))
        encoded.headers.remove("Content-Length")
        return encoded
    }

    /// The coding an `Accept-Encoding` value asks for, or nil for none.
    static func preferred(in header: String) -> Coding? {
        var listed: [Coding: (weight: Double, position: Int)] = [:]
        var anyWeight: Double?
        for (position, entry) in header.split(separator: ",").enumerated() {
            let parts = entry.split(separator: ";", omittingEmptySubsequences: false)
            let name = trimmed(parts[0]).lowercased()
            let weight = Self.weight(parameters: parts.dropFirst())
            if name == "*" {
                anyWeight = max(anyWeight ?? weight, weight)
            } else if let coding = Coding(rawValue: name) {
                let earlier = listed[coding]
                listed[coding] = (max(earlier?.weight ?? weight, weight), earlier?.position ?? position)
            }
        }
        // (weight, listed, -position) for each coding; gzip first in `allCases`, so it wins a full tie.
        var best: (coding: Coding, weight: Double, listed: Bool, position: Int)?
        for coding in Coding.allCases {
            let candidate: (coding: Coding, weight: Double, listed: Bool, position: Int)
            if let entry = listed[coding] {
                candidate = (coding, entry.weight, true, entry.position)
            } else if let anyWeight {
                candidate = (coding, anyWeight, false, Int.max)
            } else {
                continue
            }
            guard candidate.weight > 0 else { continue }
            guard let current = best else { best = candidate; continue }
            if candidate.weight != current.weight {
                if candidate.weight > current.weight { best = candidate }
            } else if candidate.listed != current.listed {
                if candidate.listed { best = candidate }
            } else if candidate.position < current.position {
                best = candidate
            }
        }
        return best?.coding
    }

    /// An entry's weight from its parameters: the first `q`, clamped to at most 1; 1 without one or
    /// when its value is not a decimal number.
    static func weight(parameters: ArraySlice<Substring>) -> Double {
        for parameter in parameters {
            guard let equals = parameter.firstIndex(of: "=") else { continue }
            guard trimmed(parameter[..<equals]).lowercased() == "q" else { continue }
            let value = trimmed(parameter[parameter.index(after: equals)...])
            guard isDecimal(value), let number = Double(value) else { return 1 }
            return min(number, 1)
        }
        return 1
    }

    /// `[+-]digits[.digits]` (either side of the point may be empty, not both): what a weight may be.
    static func isDecimal(_ text: Substring) -> Bool {
        var bytes = text.utf8[...]
        if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        let parts = bytes.split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        let digits = parts.reduce(0) { $0 + $1.count }
        return digits > 0 && parts.allSatisfy { $0.allSatisfy { (0x30...0x39).contains($0) } }
    }

    static func trimmed(_ text: Substring) -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = text.firstIndex(where: { !isSpace($0) }) else { return "" }
        let end = text.lastIndex(where: { !isSpace($0) }) ?? start
        return text[start...end]
    }
}
