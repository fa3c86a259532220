import DrydockCore

/// An S3 request that failed: S3's error code and message (from its XML `<Error>` body, or the status of a
/// HEAD, which has no body), or a transport failure — always with the operation, bucket, key and region,
/// and what to do about it.
public struct S3Error: UserFacingError, Sendable, Equatable {
    /// S3's code (`NoSuchBucket`, `SlowDown`, …), `NotFound` for a 404 HEAD, or `TransportError` /
    /// `EndpointError` when no answer arrived.
    public let code: String
    public let message: String
    /// The HTTP status, nil for transport failures.
    public let status: Int?
    /// The operation, e.g. `PutObject`.
    public let operation: String
    public let bucket: String
    public let key: String?
    /// The region the request was signed for.
    public let region: String
    /// `x-amz-request-id`, for support cases.
    public var requestID: String?
    /// The region S3 says the bucket is in (`x-amz-bucket-region` or `<Region>`), when it differs.
    public var bucketRegion: String?
    /// How many attempts were made.
    public var attempts = 1
    /// True when retries stopped because the client's retry quota ran out.
    public var retryQuotaExhausted = false
    var isTimeout = false

    public init(
        code: String, message: String, status: Int?, operation: String, bucket: String, key: String?, region: String,
        requestID: String? = nil
    ) {
        self.code = code
        self.message = message
        self.status = status
        self.operation = operation
        self.bucket = bucket
        self.key = key
        self.region = region
        self.requestID = requestID
    }

    public static let transportErrorCode = "TransportError"
    public static let endpointErrorCode = "EndpointError"

    /// Codes that mean the credentials, the bucket's name or region, or its policy are wrong.
    static let configurationCodes: Set<String> = [
        "NoSuchBucket", "AccessDenied", "AllAccessDisabled", "InvalidAccessKeyId", "SignatureDoesNotMatch",
        "AuthorizationHeaderMalformed", "PermanentRedirect", "IllegalLocationConstraintException", "InvalidBucketName",
        "ExpiredToken", "InvalidToken", "TokenRefreshRequired", "RequestTimeTooSkewed", "AccountProblem",
        Self.endpointErrorCode,
    ]

    /// Whether the standard retry mode retries this failure (throttling, 5xx, transport).
    var isRetryable: Bool {
        code == Self.transportErrorCode || DynamoDBRetryPolicy.isThrottling(code)
            || DynamoDBRetryPolicy.isTransient(code: code, status: status) || code == "InternalError"
    }

    public var exitStatus: ExitStatus {
        if isRetryable { return .transient }
        if Self.configurationCodes.contains(code) { return .configuration }
        return .software
    }

    /// What the person running the job can do.
    public var fix: String {
        switch code {
        case "NoSuchBucket":
            "create bucket '\(bucket)' in \(region), or name the right one with --bucket or backup.bucket in the host configuration"
        case "AccessDenied", "AllAccessDisabled":
            "the instance role needs s3:GetObject, s3:PutObject and s3:ListBucket on arn:aws:s3:::\(bucket) and arn:aws:s3:::\(bucket)/*"
        case "AuthorizationHeaderMalformed", "PermanentRedirect", "IllegalLocationConstraintException":
            "the bucket is in \(bucketRegion ?? "another region"), not \(region): set backup.region (or --region) to it"
        case "InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken", "InvalidToken", "TokenRefreshRequired":
            "check the AWS credentials: keys in the environment override the instance profile (IMDS)"
        case "RequestTimeTooSkewed":
            "the host clock is more than 15 minutes off: fix NTP (drydock preflight checks the skew)"
        case "NoSuchKey", "NotFound":
            "the object is missing: rerun `drydock backup --month` to write it again"
        case "BadDigest", "XAmzContentSHA256Mismatch", "InvalidDigest":
            "the bytes changed on the way: rerun; if it persists, a proxy is altering request bodies"
        case Self.endpointErrorCode:
            "check AWS_ENDPOINT_URL_S3 / DNS / TLS on this host"
        default:
            isRetryable ? "S3 stayed unavailable through every retry: rerun later (the job is idempotent)" : "see the S3 error above"
        }
    }

    public var description: String {
        var target = "s3://\(bucket)"
        if let key { target += "/\(key)" }
        var text = "S3 \(operation) \(target) (\(region)) failed: \(code)"
        if let status { text += " (HTTP \(status))" }
        if !message.isEmpty { text += ": \(message)" }
        if attempts > 1 { text += " [after \(attempts) attempts]" }
        if retryQuotaExhausted { text += " [not retried: retry quota exhausted]" }
        if let requestID { text += " [request id \(requestID)]" }
        return text + " — \(fix)"
    }

    /// The error an answer with status ≥ 300 carries.
    static func parse(
        status: Int, headers: [String: String], body: [UInt8], operation: String, bucket: String, key: String?, region: String
    ) -> S3Error {
        let document = body.isEmpty ? nil : try? S3Client.readXML(body)
        var code = document?.name == "Error" ? document?.childText("Code") : nil
        if code == nil {
            code = switch status {
            case 404: key == nil ? "NoSuchBucket" : "NotFound"
            case 403: "AccessDenied"
            case 301: "PermanentRedirect"
            case 503: "SlowDown"
            case 500: "InternalError"
            default: String(status)
            }
        }
        var error = S3Error(
            code: code ?? String(status), message: document?.childText("Message") ?? HTTPStatusText.reason(status), status: status,
            operation: operation, bucket: bucket, key: key, region: region,
            requestID: headers["x-amz-request-id"] ?? document?.childText("RequestId"))
        let named = headers["x-amz-bucket-region"] ?? document?.childText("Region")
        if let named, named != region { error.bucketRegion = named }
        return error
    }
}
