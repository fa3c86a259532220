import DrydockCore
import DrydockCredentials
import DrydockCrypto
import DrydockHTTP
import Foundation

/// A DynamoDB client speaking the JSON 1.0 protocol: `POST /` with `X-Amz-Target: DynamoDB_20120810.<Op>`
/// and `Content-Type: application/x-amz-json-1.0`, signed with SigV4 for service `dynamodb`, retried in
/// botocore's standard mode (see ``DynamoDBRetryPolicy``).
///
/// Thread-safe: credentials are asked for before every attempt, so a refreshing provider is honoured.
public struct DynamoDBClient: Sendable {
    public static let targetPrefix = AWSJSONService.dynamoDB.targetPrefix
    public static let contentType = AWSJSONService.dynamoDB.contentType

    public let endpoint: DynamoDBEndpoint
    public let credentials: any AWSCredentialProvider
    public var retryPolicy: DynamoDBRetryPolicy
    /// Shared by every copy of this client, as botocore shares one quota per client.
    public let retryQuota = DynamoDBRetryQuota()
    /// Per-request timeout in seconds (botocore's default read timeout is 60 s).
    public var timeout: Double = 60
    /// When set, every call of this value ends by it: attempts' timeouts are cut to the time left and no
    /// retry starts past it (see ``AWSCallDeadline``). Nil: only `timeout` and the retry policy bound a call.
    public var deadline: AWSCallDeadline?
    private let transport: any HTTPTransport
    private let clock: any WallClock

    /// - Parameters:
    ///   - region: the region; nil reads `AWS_REGION` / `AWS_DEFAULT_REGION`.
    ///   - credentials: usually an ``AWSCredentialChain``.
    ///   - service: another JSON-protocol service to call instead of DynamoDB (Secrets Manager).
    /// - Throws: ``DynamoDBConfigurationError`` when there is no region or the endpoint URL is unusable.
    public init(
        region: String? = nil, credentials: any AWSCredentialProvider, transport: any HTTPTransport,
        environment: Environment, clock: any WallClock, retryPolicy: DynamoDBRetryPolicy? = nil,
        service: AWSJSONService = .dynamoDB
    ) throws {
        endpoint = try DynamoDBEndpoint.resolve(region: region, environment: environment, service: service)
        self.credentials = credentials
        self.transport = transport
        self.clock = clock
        self.retryPolicy = retryPolicy
            ?? DynamoDBRetryPolicy(maxAttempts: environment["AWS_MAX_ATTEMPTS"].flatMap(Int.init) ?? 3)
    }

    /// Calls `operation` (e.g. `Query`) with the request `body` and returns the response document.
    /// - Throws: ``DynamoDBError`` for service and transport failures (after retries; ``DynamoDBError/deadlineCode``
    ///   when `deadline` cut the call), ``CredentialError`` when there are no credentials.
    public func call(_ operation: String, _ body: JSONValue) throws -> JSONValue {
        let payload = body.bytes
        var attempt = 0
        var lastRetryCost: Int?
        var lastFailure: DynamoDBError?
        while true {
            // Credentials first (IMDS, itself bounded by the deadline), then the time left for the transfer.
            let credentials = try self.credentials.credentials(within: deadline)
            var attemptTimeout = (seconds: timeout, cut: false)
            if let deadline {
                guard let left = deadline.attemptTimeout(timeout, at: clock.now()) else {
                    throw cut(by: deadline, operation, attempts: attempt, last: lastFailure)
                }
                attemptTimeout = left
            }
            attempt += 1
            do {
                let output = try attemptCall(operation, payload, credentials: credentials, timeout: attemptTimeout.seconds)
                retryQuota.release(lastRetryCost: lastRetryCost)
                return output
            } catch var error as DynamoDBError {
                error.attempts = attempt
                error.service = endpoint.service.name
                let retryable = DynamoDBRetryPolicy.isRetryable(error)
                if let deadline, retryable, (error.isTimeout && attemptTimeout.cut) || clock.now() >= deadline.date {
                    throw cut(by: deadline, operation, attempts: attempt, last: error)
                }
                guard attempt < retryPolicy.maxAttempts, retryable else { throw error }
                let delay = retryPolicy.delay(beforeRetry: attempt)
                if let deadline, deadline.leavesNoTime(afterWaiting: delay, at: clock.now()) {
                    throw cut(by: deadline, operation, attempts: attempt, last: error)
                }
                guard let cost = retryQuota.acquire(afterTimeout: error.isTimeout) else {
                    error.retryQuotaExhausted = true
                    throw error
                }
                lastRetryCost = cost
                lastFailure = error
                clock.sleep(seconds: delay)
            }
        }
    }

    private func cut(by deadline: AWSCallDeadline, _ operation: String, attempts: Int, last: DynamoDBError?) -> DynamoDBError {
        .deadlineReached(deadline, operation: operation, service: endpoint.service.name, attempts: attempts, last: last)
    }

    /// One signed request; any failure becomes a ``DynamoDBError`` the retry loop classifies.
    private func attemptCall(
        _ operation: String, _ payload: [UInt8], credentials: AWSCredentials, timeout: Double
    ) throws -> JSONValue {
        let request = try DynamoDBWireRequest(endpoint: endpoint)
            .signed(operation, payload: payload, credentials: credentials, date: clock.now(), timeout: timeout)
        let response: HTTPResponse
        do {
            response = try transport.send(request)
        } catch let error as HTTPClientError {
            var failure = DynamoDBError(
                code: error.isTransient ? DynamoDBError.transportErrorCode : DynamoDBError.endpointErrorCode,
                message: error.message, status: nil, operation: operation)
            failure.isTimeout = error.code == .timeout
            throw failure
        }
        let view = HTTPHeadersView(
            errorType: response.headers["x-amzn-ErrorType"], requestID: response.headers["x-amzn-RequestId"])
        if let expected = response.headers["x-amz-crc32"], UInt32(expected) != CRC32.checksum(response.body) {
            throw DynamoDBError(
                code: DynamoDBError.crc32MismatchCode,
                message: "the response body does not match its x-amz-crc32 checksum \(expected)",
                status: response.status, requestID: view.requestID, operation: operation)
        }
        guard (200..<300).contains(response.status) else {
            throw DynamoDBError.parse(response.status, headers: view, body: response.body, operation: operation)
        }
        do {
            return try JSONValue.parse(response.body)
        } catch {
            throw DynamoDBError(
                code: "InvalidResponse", message: "the response body is not JSON (\(error))",
                status: response.status, requestID: view.requestID, operation: operation)
        }
    }

    /// Waits the standard backoff before retry `retry` (BatchWriteItem's unprocessed items).
    func sleepBeforeRetry(_ retry: Int) {
        clock.sleep(seconds: retryPolicy.delay(beforeRetry: retry))
    }
}
