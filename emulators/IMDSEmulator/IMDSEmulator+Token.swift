import DrydockHTTP
import Foundation

extension IMDSEmulator {
    /// The header a token PUT carries, echoed on the response.
    static let ttlHeader = "X-aws-ec2-metadata-token-ttl-seconds"
    /// The header GETs carry the session token in.
    static let tokenHeader = "X-aws-ec2-metadata-token"
    /// The longest session token EC2 issues: six hours.
    static let maximumTTL = 21_600

    /// `PUT /latest/api/token`: a session token for 1–21600 seconds.
    ///
    /// The TTL is read without arithmetic: `Int(_:)` answers nil for anything outside Int's range (a
    /// hundred-digit TTL is a 400 like any other bad one), and the range check comes before use.
    ///
    /// Confirmed (AWS docs): a PUT with `X-Forwarded-For` is refused (EC2 keeps tokens from being fetched
    /// through a proxy) with 403; a missing or out-of-range TTL is 400; the response is the token as
    /// `text/plain` with the TTL header echoed. Assumed: other methods get the 405 page.
    func handleToken(_ request: HTTPRequest) -> HTTPResponse {
        guard request.method == "PUT" else {
            var response = IMDSResponse.errorPage(405)
            response.headers.set("Allow", "PUT")
            return response
        }
        if request.headers.contains("X-Forwarded-For") { return IMDSResponse.errorPage(403) }
        guard let text = request.headers[Self.ttlHeader]?.trimmingCharacters(in: .whitespaces),
              text.allSatisfy(\.isASCII), let ttl = Int(text), (1...Self.maximumTTL).contains(ttl)
        else { return IMDSResponse.errorPage(400) }
        let token = sessionTokens.issue(ttl: ttl, now: clock.now())
        return IMDSResponse.text(token, headers: [Self.ttlHeader: String(ttl)])
    }

    /// nil when a GET may proceed; otherwise EC2's 401 page. A token, when sent, must be valid even if
    /// IMDSv1 is allowed (confirmed: EC2 answers an invalid or expired token with 401 in both modes).
    func authorize(_ request: HTTPRequest) -> HTTPResponse? {
        if let token = request.headers[Self.tokenHeader] {
            return sessionTokens.isValid(token, now: clock.now()) ? nil : IMDSResponse.errorPage(401)
        }
        return instance.imdsV1Allowed ? nil : IMDSResponse.errorPage(401)
    }
}
