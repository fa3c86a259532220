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
    /// `malformedAuthorization`.
    public static func parse(_ header: String) throws(SigV4Error) -> SigV4Authorization {
        let trimmed = header.trimmingSpaces
        var fields: [String: String] = [:]
        let prefix = SigV4Signer.algorithm + " "
        if trimmed.hasPrefix(prefix) {
            // AWS splits on commas and whitespace alike: `Credential= AKID/…` reports `AKID/…` as the
            // component without `=` (confirmed from real IncompleteSignatureException texts).
            for component in trimmed.dropFirst(prefix.count).split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }) {
                let part = String(component)
                guard let equals = part.firstIndex(of: "=") else {
                    throw SigV4Error(
                        code: .malformedAuthorization,
                        message: "'\(part)' not a valid key=value pair (missing equal-sign) in Authorization header: '\(header)'.")
                }
                fields[String(part[..<equals])] = String(part[part.index(after: equals)...])
            }
        }
        let missing = ["Credential", "Signature", "SignedHeaders"].filter { fields[$0] == nil }
        guard missing.isEmpty, let credential = fields["Credential"], let signedHeaders = fields["SignedHeaders"],
              let signature = fields["Signature"]
        else {
            let required = missing.map { "Authorization header requires '\($0)' parameter. " }.joined()
            throw SigV4Error(code: .incompleteSignature, message: required + "Authorization=\(header)")
        }
        let parts = credential.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 5, !parts[0].isEmpty else {
            throw SigV4Error(
                code: .malformedAuthorization,
                message: "Credential '\(credential)' is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".")
        }
        return SigV4Authorization(
            accessKeyID: parts[0], date: parts[1], region: parts[2], service: parts[3], terminator: parts[4],
            signedHeaders: signedHeaders.split(separator: ";").map { $0.lowercased() },
            signature: signature)
    }
}

fileprivate extension String {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}
