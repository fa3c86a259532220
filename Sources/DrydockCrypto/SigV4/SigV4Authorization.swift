/// The parsed `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` header.
public struct SigV4Authorization: Sendable, Equatable {
    public let accessKeyID: String
    /// The scope date, `yyyyMMdd`.
    public let date: String
    public let region: String
    public let service: String
    /// The scope terminator; `aws4_request` in every valid header (checked by the verifier).
    public let terminator: String
    /// Lowercase header names, in the order the header lists them.
    public let signedHeaders: [String]
    /// The hex signature as sent.
    public let signature: String

    public init(
        accessKeyID: String, date: String, region: String, service: String, terminator: String = "aws4_request",
        signedHeaders: [String], signature: String
    ) {
        self.accessKeyID = accessKeyID
        self.date = date
        self.region = region
        self.service = service
        self.terminator = terminator
        self.signedHeaders = signedHeaders
        self.signature = signature
    }

    /// `yyyyMMdd/region/service/aws4_request`.
    public var scope: String { "\(date)/\(region)/\(service)/\(terminator)" }

    /// Parses an Authorization header value, failing with AWS's own texts: a component without `=`
    /// is `malformedAuthorization`; a missing Credential/SignedHeaders/Signature (or another
    /// algorithm) is `incompleteSignature`; a Credential that is not five `/`-separated parts is
    /// `malformedAuthorization`. A key given twice keeps its last value (`credentialRegion(in:)` reads
    /// the same one, so routing and the verified scope never disagree).
    public static func parse(_ header: String) throws(SigV4Error) -> SigV4Authorization {
        var text = header
        let found = text.withUTF8 { bytes in
            var found = Found()
            var malformed: String?
            _ = forEachComponent(bytes) { key, value in
                guard let value else {
                    malformed = String(decoding: key, as: UTF8.self)
                    return false
                }
                if key.elementsEqual("Credential".utf8) {
                    found.credential = String(decoding: bytes[value], as: UTF8.self)
                } else if key.elementsEqual("SignedHeaders".utf8) {
                    found.signedHeaders = bytes[value].split(separator: UInt8(ascii: ";")).map { name in
                        // Signers send them lowercase already; only a name with A–Z is copied to lower it.
                        name.contains(where: { (0x41...0x5A).contains($0) })
                            ? String(decoding: name.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
                            : String(decoding: name, as: UTF8.self)
                    }
                } else if key.elementsEqual("Signature".utf8) {
                    found.signature = String(decoding: bytes[value], as: UTF8.self)
                }
                return true
            }
            found.malformed = malformed
            return found
        }
        if let malformed = found.malformed {
            throw SigV4Error(
                code: .malformedAuthorization,
                message: "'\(malformed)' not a valid key=value pair (missing equal-sign) in Authorization header: '\(header)'.")
        }
        guard let credential = found.credential, let signedHeaders = found.signedHeaders, let signature = found.signature
        else {
            let missing = [("Credential", found.credential == nil), ("Signature", found.signature == nil),
                           ("SignedHeaders", found.signedHeaders == nil)].filter(\.1).map(\.0)
            let required = missing.map { "Authorization header requires '\($0)' parameter. " }.joined()
            throw SigV4Error(code: .incompleteSignature, message: required + "Authorization=\(header)")
        }
        let parts = credential.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        guard parts.count == 5, !parts[0].isEmpty else {
            throw SigV4Error(
                code: .malformedAuthorization,
                message: "Credential '\(credential)' is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".")
        }
        return SigV4Authorization(
            accessKeyID: parts[0], date: parts[1], region: parts[2], service: parts[3], terminator: parts[4],
            signedHeaders: signedHeaders, signature: signature)
    }

    /// The three components `parse` needs, as last given, and the first component without `=`.
    private struct Found {
        var credential: String?
        var signedHeaders: [String]?
        var signature: String?
        var malformed: String?
    }

    /// The region of the Credential scope, read exactly as `parse` reads it (last `Credential=` wins),
    /// without requiring the rest of the header; nil when there is none of the
    /// `<AKID>/<date>/<region>/<service>/<terminator>` shape or the region is empty. Routing calls this
    /// on every request, so it allocates only the region it returns.
    public static func credentialRegion(in header: String) -> String? {
        withCredentialScope(header) { parts in parts[2].isEmpty ? nil : String(decoding: parts[2], as: UTF8.self) }
    }

    /// Whether the Credential scope (read as `credentialRegion` reads it) names `service`: how emulators
    /// sharing one port tell their requests apart, on every request, without allocating (Foundation's
    /// `String.contains` cost S3's and CloudFront's routing ~48k instructions a request each).
    ///
    /// A header without `/<service>/` anywhere is answered without walking it: the emulators ahead of
    /// DynamoDB on the port ask this of every DynamoDB request.
    public static func isScoped(_ header: String, toService service: String) -> Bool {
        var service = service
        return service.withUTF8 { wanted in
            guard mentions(header, slashed: wanted) else { return false }
            return withCredentialScope(header) { parts in parts[3].elementsEqual(wanted) ? true : nil } ?? false
        }
    }

    /// Whether `header` contains `/` + `name` + `/` (a Credential scoped to `name` must).
    private static func mentions(_ header: String, slashed name: UnsafeBufferPointer<UInt8>) -> Bool {
        var header = header
        return header.withUTF8 { bytes in
            let slash = UInt8(ascii: "/")
            let span = name.count + 2
            guard bytes.count >= span else { return false }
            var index = 0
            while index <= bytes.count - span {
                if bytes[index] == slash, bytes[index + span - 1] == slash,
                   bytes[(index + 1)..<(index + span - 1)].elementsEqual(name) {
                    return true
                }
                index += 1
            }
            return false
        }
    }

    /// The five `/`-separated parts of the last `Credential=` value, handed to `body` in place; nil when
    /// there is none of that shape.
    private static func withCredentialScope<T>(
        _ header: String, _ body: ([Slice<UnsafeBufferPointer<UInt8>>]) -> T?
    ) -> T? {
        var header = header
        return header.withUTF8 { bytes -> T? in
            var credential: Range<Int>?
            let complete = forEachComponent(bytes) { key, value in
                if key.elementsEqual("Credential".utf8) { credential = value }
                return true
            }
            guard complete, let credential else { return nil }
            let parts = bytes[credential].split(separator: UInt8(ascii: "/"), maxSplits: 5, omittingEmptySubsequences: false)
            guard parts.count == 5 else { return nil }
            return body(parts)
        }
    }

    /// Walks the `key=value` components after the algorithm in place (byte-wise, no allocation: this runs
    /// on every request an emulator routes or verifies), split on commas and whitespace alike (AWS's
    /// reading: `Credential= AKID/…` reports `AKID/…` as the component without `=`, confirmed from real
    /// IncompleteSignatureException texts). `body` gets each component's key and the range of
    /// its value, or the whole component as key and nil when it has no `=`; it returns false to stop.
    /// Returns false when a component had no `=` (the header is malformed); true otherwise, including for
    /// another algorithm (no components).
    private static func forEachComponent(
        _ bytes: UnsafeBufferPointer<UInt8>, _ body: (Slice<UnsafeBufferPointer<UInt8>>, Range<Int>?) -> Bool
    ) -> Bool {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        func isSeparator(_ byte: UInt8) -> Bool { byte == UInt8(ascii: ",") || isSpace(byte) }
        var index = 0
        while index < bytes.count, isSpace(bytes[index]) { index += 1 }
        let prefix = algorithmPrefix
        guard bytes.count - index >= prefix.count, bytes[index..<(index + prefix.count)].elementsEqual(prefix) else {
            return true
        }
        index += prefix.count
        while index < bytes.count {
            while index < bytes.count, isSeparator(bytes[index]) { index += 1 }
            guard index < bytes.count else { break }
            let start = index
            var equals: Int?
            while index < bytes.count, !isSeparator(bytes[index]) {
                if equals == nil, bytes[index] == UInt8(ascii: "=") { equals = index }
                index += 1
            }
            guard let equals else {
                _ = body(bytes[start..<index], nil)
                return false
            }
            guard body(bytes[start..<equals], (equals + 1)..<index) else { return true }
        }
        return true
    }

    private static let algorithmPrefix = Array((SigV4Signer.algorithm + " ").utf8)
}
