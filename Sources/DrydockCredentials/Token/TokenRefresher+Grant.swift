import DrydockCore
import DrydockHTTP
import Foundation

/// The OAuth `refresh_token` grant (RFC 6749 §6), with retries of transient failures inside the deadline.
extension TokenRefresher {
    /// Posts the grant until the endpoint answers finally or `deadline` passes. Returns a validated grant;
    /// writes nothing. `redactor` knows every secret the server might echo; `start` is when the refresh
    /// began (before any lock wait), for messages.
    func requestGrant(
        refreshToken: String, client: ClientCredentials, redactor: SecretRedactor, start: Date, deadline: Date
    ) throws -> TokenGrant {
        let url = tokenURI(for: client)
        let shownURL = ParsedURL.redact(url)
        let body = FormEncoding.encode([
            ("grant_type", "refresh_token"), ("refresh_token", refreshToken),
            ("client_id", client.clientID), ("client_secret", client.clientSecret),
        ])
        let headers: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"]
        var attempts = 0
        while true {
            let remaining = deadline.timeIntervalSince(clock.now())
            let request = ClientRequest(
                method: "POST", url: url, headers: headers, body: Array(body.utf8),
                timeout: max(0.001, min(configuration.requestTimeout, remaining)))
            attempts += 1
            let last: String
            var retryAfter: Double?
            do {
                let response = try transport.send(request)
                switch TokenEndpointReply.classify(response, url: shownURL, store: store, redactor: redactor) {
                case .granted(let grant):
                    return grant
                case .failed(let error):
                    throw error
                case .retry(let summary, let header):
                    last = summary
                    retryAfter = RetryAfter.delay(header, now: clock.now())
                }
            } catch let error as HTTPClientError {
                guard error.isTransient else {
                    throw CredentialError.tokenEndpointUnreachable(url: shownURL, error: error, redactor: redactor)
                }
                last = "\(error.code): \(redactor.scrub(error.message))"
            }
            let wait = max(configuration.backoff.minimum, retryAfter ?? configuration.backoff.delay(attempt: attempts - 1))
            let now = clock.now()
            if now.addingTimeInterval(wait) >= deadline {
                let reason = retryAfter.map { "the server asked to retry after \(CredentialError.seconds($0)), past the deadline" }
                throw CredentialError.tokenEndpointUnavailable(
                    url: shownURL, attempts: attempts, elapsed: now.timeIntervalSince(start),
                    deadline: deadline.timeIntervalSince(start), last: last, reason: reason)
            }
            clock.sleep(seconds: wait)
        }
    }
}
