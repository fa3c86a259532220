import DrydockCore
import DrydockCredentials
import DrydockHTTP
import Foundation

/// Sends Google API requests through the authorized pipeline, retrying what Google says to retry:
/// 429, 500, 502, 503, 504, and 403 with reason `rateLimitExceeded` / `userRateLimitExceeded`, plus
/// transient transport failures — with exponential backoff and full jitter, honouring `Retry-After`,
/// all inside one deadline. Anything else comes back as a `GoogleServiceError`.
public struct GoogleAPICaller: Sendable {
    public struct Configuration: Sendable {
        /// One limit per call, covering every attempt and wait.
        public var deadline: Double
        /// The most attempts per call.
        public var maxAttempts: Int
        public var backoff: RetryBackoff

        public init(deadline: Double = 60, maxAttempts: Int = 6, backoff: RetryBackoff = RetryBackoff(initial: 1, maximum: 16, minimum: 0.1)) {
            self.deadline = deadline
            self.maxAttempts = maxAttempts
            self.backoff = backoff
        }
    }

    public let api: String
    public let pipeline: AuthorizedPipeline
    public let configuration: Configuration

    public init(api: String, pipeline: AuthorizedPipeline, configuration: Configuration = .init()) {
        self.api = api
        self.pipeline = pipeline
        self.configuration = configuration
    }

    var clock: any WallClock { pipeline.refresher.clock }

    /// Sends `request` and returns the parsed JSON of a 2xx answer. A 2xx whose body is not JSON (cut off
    /// by a proxy or a dropped connection) is transient: a GET is sent again, within the same attempts
    /// and deadline; anything else is not repeated (a second POST could do twice what the first did).
    /// Still not JSON: a `GoogleServiceError` with reason `malformedResponse` (exit 75).
    public func json(_ request: ClientRequest) throws -> JSONValue {
        let deadline = clock.now().addingTimeInterval(configuration.deadline)
        var attempt = 0
        while true {
            attempt += 1
            let response = try send(request)
            do {
                return try JSONValue.parse(response.body)
            } catch {
                let type = response.headers["Content-Type"] ?? "no content type"
                let failure = GoogleServiceError(
                    api: api, httpStatus: response.status, status: nil, reason: GoogleServiceError.malformedResponse,
                    message: "answered \(response.status) with a body that is not JSON (\(type), \(response.body.count) bytes): \(error)"
                        + (attempt > 1 ? " — gave up after \(attempt) attempts" : ""))
                let wait = configuration.backoff.delay(attempt: attempt - 1)
                guard request.method == "GET", attempt < configuration.maxAttempts, clock.now().addingTimeInterval(wait) < deadline else {
                    throw failure
                }
                clock.sleep(seconds: wait)
            }
        }
    }

    /// Sends `request`, retrying retryable answers; returns the first 2xx response.
    public func send(_ request: ClientRequest) throws -> HTTPResponse {
        let deadline = clock.now().addingTimeInterval(configuration.deadline)
        var attempt = 0
        while true {
            attempt += 1
            var wait = 0.0
            do {
                let response = try pipeline.send(request)
                if (200..<300).contains(response.status) { return response }
                let error = GoogleServiceError(api: api, response: response)
                guard error.isRetryable, attempt < configuration.maxAttempts else { throw error }
                wait = RetryAfter.delay(response.headers["Retry-After"], now: clock.now())
                    ?? configuration.backoff.delay(attempt: attempt - 1)
                guard clock.now().addingTimeInterval(wait) < deadline else { throw error }
            } catch let error as HTTPClientError where error.isTransient {
                wait = configuration.backoff.delay(attempt: attempt - 1)
                guard attempt < configuration.maxAttempts, clock.now().addingTimeInterval(wait) < deadline else {
                    throw GoogleServiceError(
                        api: api, httpStatus: 0, status: nil, reason: error.code.description,
                        message: "\(error.message) — gave up after \(attempt) attempts")
                }
            }
            clock.sleep(seconds: wait)
        }
    }
}
