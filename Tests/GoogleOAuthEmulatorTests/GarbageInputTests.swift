import DrydockHTTP
import GmailEmulator
import GoogleOAuthEmulator
import Testing

/// Hostile or broken input never crashes an emulator and always gets an HTTP answer.
@Suite struct GarbageInputTests {
    static let bodies: [[UInt8]] = [
        [], [0xFF, 0xFE, 0x00, 0x80], Array("%%%===&&&".utf8), Array("grant_type=%ZZ&client_id=%".utf8),
        Array(String(repeating: "a=b&", count: 5000).utf8), Array("{\"grant_type\":".utf8),
        Array("grant_type=refresh_token&refresh_token=\u{0}\u{1}".utf8), Array("=&=&=".utf8),
    ]

    static let headerSets: [HTTPHeaders] = [
        [:], ["Content-Type": "application/x-www-form-urlencoded"], ["Content-Type": "text/plain"],
        ["Authorization": "Basic !!!"], ["Authorization": "Basic " + "Og=="], ["Authorization": "Bearer"],
        ["Authorization": "Bearer    "], ["Content-Type": ";;;"],
    ]

    @Test func oauthEndpointsSurviveGarbage() throws {
        let harness = try Harness()
        for path in ["/token", "/tokeninfo", "/oauth2/v3/tokeninfo", "/revoke", "/o/oauth2/revoke", "/token?%", "/token?a=%E0%A4%A"] {
            for body in Self.bodies {
                for headers in Self.headerSets {
                    for method in ["POST", "GET", "HEAD", "BREW"] {
                        let response = harness.oauth.handle(HTTPRequest(method: method, target: path, headers: headers, body: body))
                        #expect((200..<600).contains(response.status))
                        #expect(!response.body.isEmpty)
                    }
                }
            }
        }
        #expect(harness.authority.issuedTokens.isEmpty)
    }

    @Test func gmailSurvivesGarbage() throws {
        let harness = try Harness()
        let targets = ["/gmail/v1/users/%/profile", "/gmail/v1/users//profile", "/gmail/v1/users/me%2Fx/profile",
                       "/gmail/v1/users/\u{1F6A2}/profile", "/gmail/v1", "/gmail/v1/users/me/profile?prettyPrint=%%"]
        for target in targets {
            for headers in Self.headerSets {
                let response = harness.gmail.handle(HTTPRequest(method: "GET", target: target, headers: headers, body: [0xFF]))
                #expect([401, 403, 404].contains(response.status), "\(target) → \(response.status)")
            }
        }
    }
}
