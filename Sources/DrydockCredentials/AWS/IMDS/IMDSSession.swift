import DrydockCore
import DrydockHTTP
import Foundation
import Synchronization

/// The request layer of the IMDS client: an IMDSv2 session token (`PUT /latest/api/token`) reused until
/// near its TTL, IMDSv1 fallback when the token request is refused, bounded attempts with short timeouts.
///
/// Token rules follow botocore's `IMDSFetcher._fetch_metadata_token` (confirmed): 200 → token; 403, 404 or
/// 405 → no token, fall back to IMDSv1; 400 → a bad request, give up; a timeout or connection failure →
/// fall back to IMDSv1 too. Without a token, `AWS_EC2_METADATA_V1_DISABLED=true` is an error.
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
    /// returns a reason the response is unusable (botocore's `_needs_retry_for_*`).
    /// - Throws: ``CredentialError`` naming the URL and what failed last.
    func get(_ path: String, problem: (HTTPResponse) -> String?) throws -> HTTPResponse {
        let url = configuration.url(path)
        var sessionToken = try currentToken()
        var lastFailure = "no attempt was made"
        var lastStatus: Int?
        var attempt = 0
        var renewedToken = false
        while attempt < configuration.attempts {
            attempt += 1
            var headers: HTTPHeaders = ["Accept": "*/*"]
            if let sessionToken { headers.set(Self.tokenHeader, sessionToken) }
            let response: HTTPResponse
            do {
                response = try transport.send(
                    ClientRequest(method: "GET", url: url, headers: headers, timeout: configuration.timeout))
            } catch let error as HTTPClientError {
                lastFailure = error.message
                lastStatus = nil
                continue
            }
            // A 401 means the session token expired or was revoked: fetch a fresh one once and try again.
            if response.status == 401, sessionToken != nil, !renewedToken {
                renewedToken = true
                token.withLock { $0 = nil }
                sessionToken = try currentToken()
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

    /// The cached session token, a fresh one, or nil for IMDSv1.
    private func currentToken() throws -> String? {
        let now = clock.now()
        if let cached = token.withLock({ $0 }), cached.isUsable(at: now) { return cached.value }
        let fallbackReason: String
        switch try requestToken() {
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

    private func requestToken() throws -> TokenOutcome {
        let url = configuration.url(Self.tokenPath)
        var reason = "no attempt was made"
        for _ in 0..<configuration.attempts {
            let response: HTTPResponse
            do {
                response = try transport.send(ClientRequest(
                    method: "PUT", url: url, headers: [Self.tokenTTLHeader: String(configuration.tokenTTL)],
                    timeout: configuration.timeout))
            } catch let error as HTTPClientError {
                if error.code == .invalidURL {
                    throw CredentialError(code: .imdsEndpointInvalid, message: "IMDS endpoint is not usable: \(error.message)")
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
