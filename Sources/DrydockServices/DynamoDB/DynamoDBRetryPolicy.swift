import Foundation

/// botocore's "standard" retry mode (`botocore/retries/standard.py`, confirmed): 3 attempts in total;
/// before retry `n` (1-based) wait `min(rand() × 2^(n−1), 20)` seconds, i.e. full jitter with a 1 s base;
/// retry throttling codes, transient codes, HTTP 500/502/503/504, transport failures, and (DynamoDB only)
/// a response whose `x-amz-crc32` does not match its body.
public struct DynamoDBRetryPolicy: Sendable {
    /// Total attempts, the first included (botocore standard default 3; `AWS_MAX_ATTEMPTS` overrides).
    public var maxAttempts: Int
    /// The largest wait, seconds.
    public var maxBackoff: Double
    /// Uniform in [0, 1); injected so tests are exact.
    public var random: @Sendable () -> Double

    public init(maxAttempts: Int = 3, maxBackoff: Double = 20, random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.maxAttempts = max(1, maxAttempts)
        self.maxBackoff = maxBackoff
        self.random = random
    }

    /// The wait before retry `retry` (1 for the first retry).
    public func delay(beforeRetry retry: Int) -> Double {
        min(random() * pow(2, Double(max(0, retry - 1))), maxBackoff)
    }

    /// Codes botocore's standard mode treats as throttling.
    static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
        "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    ]
    /// Codes botocore's standard mode treats as transient.
    static let transientCodes: Set<String> = ["RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete"]
    static let transientStatuses: Set<Int> = [500, 502, 503, 504]

    static func isThrottling(_ code: String) -> Bool { throttlingCodes.contains(code) }

    static func isTransient(code: String, status: Int?) -> Bool {
        transientCodes.contains(code) || status.map(transientStatuses.contains) == true
    }

    static func isRetryable(_ error: DynamoDBError) -> Bool {
        isThrottling(error.code) || isTransient(code: error.code, status: error.status)
            || error.code == DynamoDBError.crc32MismatchCode || error.code == DynamoDBError.transportErrorCode
    }
}
