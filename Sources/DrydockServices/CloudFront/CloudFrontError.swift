import DrydockCore

/// A CloudFront request that failed: the service's error code and message from its
/// `<ErrorResponse><Error><Code>…`, or a transport failure.
public struct CloudFrontError: UserFacingError, Sendable, Equatable {
    /// The error code, e.g. `NoSuchDistribution`, or `TransportError` / `EndpointError` when no response arrived.
    public let code: String
    public let message: String
    /// The HTTP status, or nil for transport failures.
    public let status: Int?
    /// `x-amz-request-id`, for support cases.
    public let requestID: String?
    /// The operation that failed, e.g. `CreateInvalidation`.
    public let operation: String
    public var attempts: Int = 1

    public init(code: String, message: String, status: Int?, requestID: String? = nil, operation: String) {
        self.code = code
        self.message = message
        self.status = status
        self.requestID = requestID
        self.operation = operation
    }

    public static let transportErrorCode = "TransportError"
    public static let endpointErrorCode = "EndpointError"
    /// `drydock invalidate --wait` gave up: the invalidation was still in progress at the deadline.
    public static let waitTimeoutCode = "WaitTimeout"

    /// Codes that mean the credentials, the role's policy or the distribution id are wrong.
    static let configurationCodes: Set<String> = [
        "AccessDenied", "InvalidClientTokenId", "SignatureDoesNotMatch", "MissingAuthenticationToken", "IncompleteSignature",
        "ExpiredToken", "NoSuchDistribution",
    ]

    var isRetryable: Bool {
        code == Self.transportErrorCode || DynamoDBRetryPolicy.isThrottling(code) || DynamoDBRetryPolicy.isTransient(code: code, status: status)
    }

    public var exitStatus: ExitStatus {
        if code == Self.endpointErrorCode || Self.configurationCodes.contains(code) { return .configuration }
        if isRetryable || code == Self.waitTimeoutCode || code == "TooManyInvalidationsInProgress" { return .transient }
        return .software
    }

    public var description: String {
        var text = "CloudFront \(operation) failed: \(code)"
        if let status { text += " (HTTP \(status))" }
        text += ": \(message)"
        if attempts > 1 { text += " after \(attempts) attempts" }
        if let requestID { text += " [request id \(requestID)]" }
        return text
    }
}
