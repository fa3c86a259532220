import DrydockHTTP

extension IMDSEmulator {
    /// The `reason`s a `status` fault rule may give the IMDS emulator (documented in
    /// fixtures/default/imds/README.md).
    public static let faultReasons = ["malformed-credentials", "expired-credentials"]

    /// EC2's XHTML error page for `status`; status 200 answers the request normally.
    public func errorResponse(status: Int, for request: HTTPRequest) -> HTTPResponse {
        status == 200 ? handle(request) : IMDSResponse.errorPage(status)
    }

    /// With status 200 on the credentials path: `malformed-credentials` sends the credential JSON cut
    /// off mid-document, `expired-credentials` sends a complete document for a key whose `Expiration`
    /// has passed (a key the authority remembers, so DynamoDB rejects it as expired). Like every status
    /// fault, the injected answer replaces the real one whatever session token the request carries (the
    /// router forces the rule's status). Any other combination is `errorResponse(status:for:)`.
    public func errorResponse(status: Int, reason: String?, for request: HTTPRequest) -> HTTPResponse {
        guard status == 200, let reason, Self.faultReasons.contains(reason),
              case .credentials(let role)? = tree.route(for: request.path), role == instance.role
        else { return errorResponse(status: status, for: request) }
        if reason == "expired-credentials" {
            return IMDSResponse.text(credentialsDocument(authority.issueExpiredKey(now: clock.now())))
        }
        let document = credentialsDocument(authority.currentKey())
        // Cut inside the secret: valid-looking up to there, then no closing quote or brace.
        let cut = document.range(of: "\"SecretAccessKey\" : \"").map { document.distance(from: document.startIndex, to: $0.upperBound) + 12 }
        return IMDSResponse.text(String(document.prefix(cut ?? document.count / 2)))
    }
}
