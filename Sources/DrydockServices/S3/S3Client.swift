import DrydockCore
import DrydockCredentials
import DrydockCrypto
import DrydockHTTP
import Foundation

/// An S3 client for one region over the libcurl transport: REST requests signed with SigV4 for service
/// `s3` (the shared ``SigV4Signer``: no path normalisation, `x-amz-content-sha256` signed), retried in
/// botocore's standard mode with the same policy and quota as ``DynamoDBClient`` (throttling such as
/// `SlowDown`, 5xx, resets and timeouts), S3's XML errors turned into ``S3Error``.
///
/// Credentials are asked for before every attempt, so a refreshing provider (IMDS) is honoured.
public struct S3Client: Sendable {
    public let endpoint: S3Endpoint
    public let credentials: any AWSCredentialProvider
    public var retryPolicy: DynamoDBRetryPolicy
    /// Shared by every copy of this client.
    public let retryQuota = DynamoDBRetryQuota()
    /// Per-request timeout in seconds.
    public var timeout: Double = 120
    private let transport: any HTTPTransport
    private let clock: any WallClock

    /// - Throws: ``S3ConfigurationError`` for a bad region or endpoint URL.
    public init(
        region: String, credentials: any AWSCredentialProvider, transport: any HTTPTransport, environment: Environment,
        clock: any WallClock, retryPolicy: DynamoDBRetryPolicy? = nil
    ) throws {
        endpoint = try S3Endpoint.resolve(region: region, environment: environment)
        self.credentials = credentials
        self.transport = transport
        self.clock = clock
        self.retryPolicy = retryPolicy
            ?? DynamoDBRetryPolicy(maxAttempts: environment["AWS_MAX_ATTEMPTS"].flatMap(Int.init) ?? 3)
    }

    /// One S3 request.
    struct Call {
        var operation: String
        var method: String
        var bucket: String
        var key: String?
        /// Decoded name/value pairs; a nil value is a bare name (`?uploads`).
        var query: [(String, String?)] = []
        var headers: [(String, String)] = []
        var body: [UInt8] = []
    }

    /// Sends `call`, retrying retryable failures; returns a 2xx answer.
    /// - Throws: ``S3Error`` (after retries), ``CredentialError`` when there are no credentials.
    func send(_ call: Call) throws -> HTTPResponse {
        var attempt = 0
        var lastRetryCost: Int?
        while true {
            attempt += 1
            do {
                let response = try sendOnce(call)
                retryQuota.release(lastRetryCost: lastRetryCost)
                return response
            } catch var error as S3Error {
                error.attempts = attempt
                guard attempt < retryPolicy.maxAttempts, error.isRetryable else { throw error }
                guard let cost = retryQuota.acquire(afterTimeout: error.isTimeout) else {
                    error.retryQuotaExhausted = true
                    throw error
                }
                lastRetryCost = cost
                clock.sleep(seconds: retryPolicy.delay(beforeRetry: attempt))
            }
        }
    }

    private func sendOnce(_ call: Call) throws -> HTTPResponse {
        let query = call.query.map { name, value in
            S3Endpoint.encodeQueryValue(name) + (value.map { "=" + S3Endpoint.encodeQueryValue($0) } ?? "")
        }.joined(separator: "&")
        let location = endpoint.location(bucket: call.bucket, key: call.key, query: query)
        let unsigned = SigV4Request(
            method: call.method, path: location.path, query: query,
            headers: [("Host", location.host)] + call.headers.map { (name: $0.0, value: $0.1) }, body: call.body)
        let signed = SigV4Signer(credentials: try credentials.credentials(), region: endpoint.region, service: "s3")
            .sign(unsigned, date: clock.now())
        let request = ClientRequest(
            method: call.method, url: location.url, headers: HTTPHeaders(signed.headers.map { ($0.name, $0.value) }),
            body: call.body, timeout: timeout)
        let response: HTTPResponse
        do {
            response = try transport.send(request)
        } catch let error as HTTPClientError {
            var failure = S3Error(
                code: error.isTransient ? S3Error.transportErrorCode : S3Error.endpointErrorCode, message: error.message,
                status: nil, operation: call.operation, bucket: call.bucket, key: call.key, region: endpoint.region)
            failure.isTimeout = error.code == .timeout
            throw failure
        }
        guard (200..<300).contains(response.status) else {
            var headers: [String: String] = [:]
            for name in ["x-amz-request-id", "x-amz-bucket-region"] { headers[name] = response.headers[name] }
            throw S3Error.parse(
                status: response.status, headers: headers, body: call.method == "HEAD" ? [] : response.body,
                operation: call.operation, bucket: call.bucket, key: call.key, region: endpoint.region)
        }
        return response
    }

    /// An S3 answer's XML through the shared parser, with room for a 1,000-key listing page's size.
    public static func readXML(_ body: [UInt8]) throws(XML.Parser.Malformed) -> XML.Element {
        try XML.Parser.parse(body, byteLimit: 16 << 20, elementLimit: 200_000)
    }

    /// The XML document of a 2xx answer.
    func document(_ response: HTTPResponse, _ call: Call) throws -> XML.Element {
        do {
            return try Self.readXML(response.body)
        } catch {
            throw S3Error(
                code: "InvalidResponse", message: "the answer is not readable XML (\(error.reason))", status: response.status,
                operation: call.operation, bucket: call.bucket, key: call.key, region: endpoint.region,
                requestID: response.headers["x-amz-request-id"])
        }
    }
}
