import DrydockCore
import DrydockHTTP
import Foundation
import Synchronization

/// The request layer of the IMDS client: an IMDSv2 session token (`PUT /latest/api/token`) reused until
/// near its TTL, IMDSv1 fallback when the token request is refused, bounded attempts with short timeouts.
///
/// Token rules follow botocore's `IMDSFetcher._fetch_metadata_token` (confirmed): 200 → token; 403, 404 or
/// 405 → no token, fall back to IMDSv1; 400 → a bad request, give up; a timeout or connection failure →
/// fall back to IMDSv1 too. Without a token, `AWS_EC2_METADATA_V1_DISABLED=true` is an error. Under a
/// caller's deadline (``AWSCallDeadline``) every request's timeout is cut to the time left.
final class IMDSSession: Sendable {
    static let tokenPath = "latest/api/token"
    static let tokenTTLHeader = "x-aws-ec2-metadata-token-ttl-seconds"
    static let tokenHeader = "x-aws-ec2-metadata-token"

    let configuration: IMDSConfiguration
    private let transport: any HTTPTransport
    private let clock: any WallClock
    private let token = Mutex<IMDSToken?>(nil)

    init(configuration: IMDSConfiguration, transport: any HTTPTransport, clock: any WallClock) {
        self.configuration = configuration
        self.transport = transport
        self.clock = clock
    }

    /// GETs `path` (relative to the endpoint), retrying up to the configured attempts while `problem`
    /// returns a reason the response is unusable (botocore's `_needs_retry_for_*`). With a `deadline`, each
    /// attempt's timeout is the shorter of the configured one and the time left, and none starts past it.
    /// - Throws: ``CredentialError`` naming the URL and what failed last
    ///   (``CredentialError/Code/awsCredentialsDeadlineReached`` when the deadline cut the request).
    func get(_ path: String, within deadline: AWSCallDeadline? = nil, problem: (HTTPResponse) -> String?) throws -> HTTPResponse {
        let url = configuration.url(path)
        var sessionToken = try currentToken(within: deadline)
        var lastFailure = "no attempt was made"
        var lastStatus: Int?
        var attempt = 0
        var sent = 0
        var renewedToken = false
        while attempt < configuration.attempts {
            let timeout = try attemptTimeout("GET", url, within: deadline, sent: sent, lastFailure: lastFailure)
            attempt += 1
            sent += 1
            var headers: HTTPHeaders = ["Accept": "*/*"]
            if let sessionToken { headers.set(Self.tokenHeader, sessionToken) }
            let response: HTTPResponse
            do {
                response = try transport.send(
                    ClientRequest(method: "GET", url: url, headers: headers, timeout: timeout.seconds))
            } catch let error as HTTPClientError {
                if let deadline, timeout.cut, error.code == .timeout {
                    throw Self.cut("GET", url, by: deadline, sent: sent, lastFailure: error.message)
                }
                lastFailure = error.message
                lastStatus = nil
                continue
            }
            // A 401 means the session token expired or was revoked: fetch a fresh one once and try again.
            if response.status == 401, sessionToken != nil, !renewedToken {
                renewedToken = true
                token.withLock { $0 = nil }
                sessionToken = try currentToken(within: deadline)
                attempt -= 1
                continue
            }
            guard let reason = problem(response) else { return response }
            lastFailure = reason
            lastStatus = response.status
        }
        if lastStatus == 404 {
            throw CredentialError(
                code: .imdsNoRole,
                message: "IMDS at \(configuration.endpoint) has no IAM role credentials for this instance "
                    + "(GET \(url) answered 404 Not Found); attach an instance profile with a role")
        }
        let attempts = configuration.attempts == 1 ? "" : " after \(configuration.attempts) attempts"
        let code: CredentialError.Code = lastStatus == 200 ? .imdsInvalidResponse : .imdsUnavailable
        throw CredentialError(code: code, message: "IMDS GET \(url) failed\(attempts): \(lastFailure)")
    }

    /// The transfer timeout of the next attempt of `method url`: the configured one, or the time left to
    /// `deadline` when that is shorter (`cut`). Throws the cut error when no time is left.
    private func attemptTimeout(
        _ method: String, _ url: String, within deadline: AWSCallDeadline?, sent: Int, lastFailure: String
    ) throws -> (seconds: Double, cut: Bool) {
        guard let deadline else { return (configuration.timeout, false) }
        guard let timeout = deadline.attemptTimeout(configuration.timeout, at: clock.now()) else {
            throw Self.cut(method, url, by: deadline, sent: sent, lastFailure: sent == 0 ? nil : lastFailure)
        }
        return timeout
    }

    /// `IMDS GET <url> was cut: the refresh deadline (2 s) was reached; the last attempt failed: …`.
    static func cut(_ method: String, _ url: String, by deadline: AWSCallDeadline, sent: Int, lastFailure: String?) -> CredentialError {
        CredentialError(
            code: .awsCredentialsDeadlineReached,
            message: "IMDS \(method) \(url) was cut: \(deadline.reached(attempts: sent, lastFailure: lastFailure))")
    }

    /// The cached session token, a fresh one, or nil for IMDSv1.
    private func currentToken(within deadline: AWSCallDeadline?) throws -> String? {
        let now = clock.now()
        if let cached = token.withLock({ $0 }), cached.isUsable(at: now) { return cached.value }
        let fallbackReason: String
        switch try requestToken(within: deadline) {
        case .token(let value):
            token.withLock { $0 = IMDSToken(value: value, expires: now.addingTimeInterval(Double(configuration.tokenTTL))) }
            return value
        case .fallBack(let reason):
            fallbackReason = reason
        }
        guard !configuration.v1Disabled else {
            throw CredentialError(
                code: .imdsDisabled,
                message: "IMDSv2 token request PUT \(configuration.url(Self.tokenPath)) failed (\(fallbackReason)) "
                    + "and AWS_EC2_METADATA_V1_DISABLED=true forbids falling back to IMDSv1")
        }
        return nil
    }

    private enum TokenOutcome {
        case token(String)
        case fallBack(reason: String)
    }

    /// The PUT for a session token; a timeout the deadline shortened is the deadline's cut, not a fallback.
    private func requestToken(within deadline: AWSCallDeadline?) throws -> TokenOutcome {
        let url = configuration.url(Self.tokenPath)
        var reason = "no attempt was made"
        for sent in 0..<configuration.attempts {
            let timeout = try attemptTimeout("PUT", url, within: deadline, sent: sent, lastFailure: reason)
            let response: HTTPResponse
            do {
                response = try transport.send(ClientRequest(
                    method: "PUT", url: url, headers: [Self.tokenTTLHeader: String(configuration.tokenTTL)],
                    timeout: timeout.seconds))
            } catch let error as HTTPClientError {
                if error.code == .invalidURL {
                    throw CredentialError(code: .imdsEndpointInvalid, message: "IMDS endpoint is not usable: \(error.message)")
                }
                if let deadline, timeout.cut, error.code == .timeout {
                    throw Self.cut("PUT", url, by: deadline, sent: sent + 1, lastFailure: error.message)
                }
                // botocore returns no token at once on a read timeout; it retries connection errors.
                if error.code == .timeout { return .fallBack(reason: error.message) }
                reason = error.message
                continue
            }
            switch response.status {
            case 200:
                let value = response.bodyText.trimmingCharacters(in: .whitespacesAndNewlines)
                if !value.isEmpty { return .token(value) }
                reason = "answered 200 with an empty token"
            case 403, 404, 405:
                return .fallBack(reason: "answered \(response.status)")
            case 400:
                throw CredentialError(
                    code: .imdsUnavailable,
                    message: "IMDS rejected the token request PUT \(url) with 400 Bad Request")
            default:
                reason = "answered \(response.status)"
            }
        }
        return .fallBack(reason: reason)
    }
}
