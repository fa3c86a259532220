/// Why a SigV4-signed request was refused. `message` is the text AWS returns, so an emulator can send
/// it verbatim; `exceptionName` is the error type a JSON-protocol service (DynamoDB) puts in `__type`.
///
/// Texts confirmed against real AWS responses quoted in public issues: signature mismatch, "Signature
/// expired", "Credential should be scoped to correct service", "not a valid key=value pair", the
/// "Authorization header requires …" list. Assumed (same wording family, not seen verbatim): "Signature
/// not yet current", the credential-format, terminator, scope-date, X-Amz-Date-format and host texts.
public struct SigV4Error: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// No Authorization header at all.
        public static let missingAuthenticationToken = Code("missingAuthenticationToken")
        /// A component of the Authorization header is not `key=value`, or a value is badly formed.
        public static let malformedAuthorization = Code("malformedAuthorization")
        /// Credential, SignedHeaders or Signature is missing (or the algorithm is not SigV4).
        public static let incompleteSignature = Code("incompleteSignature")
        /// Neither X-Amz-Date nor a usable date header.
        public static let missingDate = Code("missingDate")
        /// The credential scope names another service, terminator or date.
        public static let invalidScope = Code("invalidScope")
        /// The access key ID is not known.
        public static let unknownAccessKey = Code("unknownAccessKey")
        /// The recomputed signature differs.
        public static let signatureMismatch = Code("signatureMismatch")
        /// The request time is outside the allowed skew (either direction).
        public static let expired = Code("expired")
    }

    public let code: Code
    public let message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The `__type` AWS JSON services return for this error.
    public var exceptionName: String {
        switch code {
        case .missingAuthenticationToken: "MissingAuthenticationTokenException"
        case .malformedAuthorization, .incompleteSignature, .missingDate: "IncompleteSignatureException"
        case .unknownAccessKey: "UnrecognizedClientException"
        default: "InvalidSignatureException"
        }
    }

    /// The HTTP status AWS JSON services use: 400 for all of these (DynamoDB); 403 on REST services.
    public var httpStatus: Int { 400 }

    public var description: String { "\(exceptionName) (\(code)): \(message)" }
}

extension SigV4Error {
    static let mismatchMessage = "The request signature we calculated does not match the signature you provided. "
        + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
}
