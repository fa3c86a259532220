import DrydockCore

/// A DynamoDB request that failed: the service's exception name and message, or a transport failure.
///
/// Parsed as botocore parses the JSON 1.0 protocol: the code is `__type` after its last `#`
/// (`com.amazonaws.dynamodb.v20120810#ResourceNotFoundException` → `ResourceNotFoundException`), else the
/// `x-amzn-ErrorType` header before any `:`; the message is `message` or `Message`. A body that is not JSON
/// gives the HTTP status as the code, as botocore does.
public struct DynamoDBError: UserFacingError, Sendable, Equatable {
    /// The exception name, e.g. `ValidationException`, or `TransportError` when no response arrived.
    public let code: String
    public let message: String
    /// The HTTP status, or nil for transport failures.
    public let status: Int?
    /// `x-amzn-RequestId`, for support cases.
    public let requestID: String?
    /// The operation that failed, e.g. `Query`.
    public let operation: String
    /// How many attempts were made before giving up.
    public var attempts: Int = 1
    /// True when retries stopped because the client's retry quota ran out.
    public var retryQuotaExhausted = false
    /// The item a failed condition was tested on, when the request asked for it
    /// (`ReturnValuesOnConditionCheckFailure: ALL_OLD`; DynamoDB JSON).
    public var item: JSONValue?
    /// The service that answered (the client's ``AWSJSONService`` name), for the description.
    public var service = "DynamoDB"
    /// True for a transport timeout (a retry after one costs the quota more).
    var isTimeout = false

    public init(code: String, message: String, status: Int?, requestID: String? = nil, operation: String) {
        self.code = code
        self.message = message
        self.status = status
        self.requestID = requestID
        self.operation = operation
    }

    /// Client errors that mean the credentials, region or table setup is wrong.
    static let configurationCodes: Set<String> = [
        "UnrecognizedClientException", "InvalidSignatureException", "AccessDeniedException",
        "MissingAuthenticationTokenException", "ResourceNotFoundException", "ExpiredTokenException",
        "IncompleteSignatureException", "InvalidClientTokenId", "ExpiredToken",
    ]

    /// The code of a transport failure worth retrying (timeout, reset, refused, truncated).
    public static let transportErrorCode = "TransportError"
    /// The code of a transport failure that is a configuration problem (DNS, TLS, bad URL).
    public static let endpointErrorCode = "EndpointError"
    /// The code when `x-amz-crc32` does not match the body (botocore retries these for DynamoDB).
    public static let crc32MismatchCode = "CRC32Mismatch"

    public var exitStatus: ExitStatus {
        if code == Self.endpointErrorCode { return .configuration }
        if code == Self.transportErrorCode || code == Self.crc32MismatchCode || code == Self.deadlineCode { return .transient }
        if DynamoDBRetryPolicy.isThrottling(code) || DynamoDBRetryPolicy.isTransient(code: code, status: status) {
            return .transient
        }
        if Self.configurationCodes.contains(code) { return .configuration }
        return .software
    }

    public var description: String {
        var text = "\(service) \(operation) failed: \(code)"
        if let status { text += " (HTTP \(status))" }
        if !message.isEmpty { text += ": \(message)" }
        if attempts > 1 { text += " [after \(attempts) attempts]" }
        if retryQuotaExhausted { text += " [not retried: retry quota exhausted]" }
        if let requestID { text += " [request id \(requestID)]" }
        return text
    }

    /// Parses an error response.
    static func parse(_ status: Int, headers: HTTPHeadersView, body: [UInt8], operation: String) -> DynamoDBError {
        let document = try? JSONValue.parse(body)
        var code: String?
        if let type = document?["__type"]?.stringValue, !type.isEmpty {
            code = type.split(separator: "#").last.map(String.init)
        }
        if code == nil, let header = headers.errorType, !header.isEmpty {
            code = header.split(separator: ":", maxSplits: 1).first.map(String.init)
        }
        let message = document?["message"]?.stringValue ?? document?["Message"]?.stringValue
            ?? (document == nil ? HTTPStatusText.reason(status) : "")
        var error = DynamoDBError(
            code: code ?? String(status), message: message, status: status, requestID: headers.requestID,
            operation: operation)
        error.item = document?["Item"]
        return error
    }
}

/// The two response headers error parsing reads, decoupled from the header type.
struct HTTPHeadersView {
    var errorType: String?
    var requestID: String?
}

enum HTTPStatusText {
    static func reason(_ status: Int) -> String {
        switch status {
        case 400: "Bad Request"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 413: "Payload Too Large"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "HTTP \(status)"
        }
    }
}
