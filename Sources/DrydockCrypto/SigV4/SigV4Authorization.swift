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
        let fields = try components(header)
        let missing = ["Credential", "Signature", "SignedHeaders"].filter { fields[$0] == nil }
        guard missing.isEmpty, let credential = fields["Credential"], let signedHeaders = fields["SignedHeaders"],
              let signature = fields["Signature"]
        else {
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
            signedHeaders: signedHeaders.utf8.split(separator: UInt8(ascii: ";")).map { name in
                String(decoding: name.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
            },
            signature: signature)
    }

    /// The region of the Credential scope, read exactly as `parse` reads it (last `Credential=` wins),
    /// without requiring the rest of the header; nil when there is none of the
    /// `<AKID>/<date>/<region>/<service>/<terminator>` shape or the region is empty.
    public static func credentialRegion(in header: String) -> String? {
        guard let credential = try? components(header)["Credential"] else { return nil }
        let parts = credential.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        guard parts.count == 5, !parts[2].isEmpty else { return nil }
        return String(decoding: parts[2], as: UTF8.self)
    }

    /// The `key=value` components after the algorithm, split on commas and whitespace alike (AWS's
    /// reading: `Credential= AKID/…` reports `AKID/…` as the component without `=`, confirmed from real
    /// IncompleteSignatureException texts). Empty for another algorithm. Byte-wise: this runs on every
    /// request an emulator routes or verifies, and String's Character view is slow.
    static func components(_ header: String) throws(SigV4Error) -> [String: String] {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        let bytes = Array(header.utf8)
        let start = bytes.firstIndex { !isSpace($0) } ?? bytes.count
        let end = (bytes.lastIndex { !isSpace($0) } ?? -1) + 1
        let trimmed = start < end ? bytes[start..<end] : []
        var fields: [String: String] = [:]
        let prefix = Array((SigV4Signer.algorithm + " ").utf8)
        guard trimmed.starts(with: prefix) else { return fields }
        for component in trimmed.dropFirst(prefix.count).split(whereSeparator: { $0 == UInt8(ascii: ",") || isSpace($0) }) {
            guard let equals = component.firstIndex(of: UInt8(ascii: "=")) else {
                throw SigV4Error(
                    code: .malformedAuthorization,
                    message: "'\(String(decoding: component, as: UTF8.self))' not a valid key=value pair (missing equal-sign) in Authorization header: '\(header)'.")
            }
            fields[String(decoding: component[..<equals], as: UTF8.self)] = String(decoding: component[(equals + 1)...], as: UTF8.self)
        }
        return fields
    }
}
