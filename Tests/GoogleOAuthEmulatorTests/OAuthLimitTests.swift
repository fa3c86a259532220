import DrydockCore
import DrydockHTTP
import EmulatorKit
import Foundation
@testable import GoogleOAuthEmulator
import Testing

/// Numbers in clients.json that made later arithmetic trap, form bodies with absurd field counts, and
/// the JSON locator over text it never expected (issue 8 §1).
@Suite(.timeLimit(.minutes(1))) struct OAuthLimitTests {
    static func parse(_ json: String) throws -> OAuthFixtureSet {
        try OAuthFixtureSet.parse(try JSONValue.parse(json), loadTime: Date(timeIntervalSince1970: 1_800_000_000))
    }

    static func client(_ extra: String, token: String = "") -> String {
        #"{"clients": [{"client_id": "a", "client_secret": "s", \#(extra) "refresh_tokens": [{"refresh_token": "1//0a", "email": "e@x.example", "scopes": "https://mail.google.com/" \#(token)}]}]}"#
    }

    // MARK: Fixture numbers

    /// A lifetime of Int.max loaded, and tokeninfo then trapped converting the expiry to an integer.
    @Test(arguments: ["9223372036854775807", "315360001", "1e300"])
    func lifetimesPastTenYearsAreRefused(_ lifetime: String) {
        #expect(throws: OAuthFixtureParseError(
            path: [.member("clients"), .index(0), .member("access_token_lifetime_seconds")],
            reason: "expected a positive whole number of seconds up to 315360000 (10 years), found \(lifetime)")) {
            try Self.parse(Self.client(#""access_token_lifetime_seconds": \#(lifetime),"#))
        }
    }

    /// An offset of 1e300 loaded, and a testing client's refresh then trapped computing
    /// `refresh_token_expires_in`.
    @Test(arguments: ["1e300", "-1e300", "3155760001", "1e999"])
    func offsetsPastAHundredYearsAreRefused(_ offset: String) {
        #expect(throws: OAuthFixtureParseError(
            path: [.member("clients"), .index(0), .member("refresh_tokens"), .index(0), .member("issued_at_offset_seconds")],
            reason: "expected at most 3155760000 seconds (100 years) either way, found \(offset)")) {
            try Self.parse(Self.client(#""publishing_status": "testing","#, token: #", "issued_at_offset_seconds": \#(offset)"#))
        }
    }

    /// At the limits, refresh and tokeninfo answer.
    @Test func theLimitsThemselvesWork() throws {
        let set = try Self.parse(Self.client(#""publishing_status": "testing", "access_token_lifetime_seconds": 315360000,"#,
                                             token: #", "issued_at_offset_seconds": 3155760000"#))
        let clock = VirtualClock(base: ManualClock(now: Date(timeIntervalSince1970: 1_800_000_000)))
        let oauth = GoogleOAuthEmulator(authority: GoogleTokenAuthority(fixtures: set, clock: clock, tokenGenerator: .seeded(1)))
        let form = Array("grant_type=refresh_token&client_id=a&client_secret=s&refresh_token=1%2F%2F0a".utf8)
        let token = oauth.handle(HTTPRequest(method: "POST", target: "/token", headers: [:], body: form))
        #expect(token.status == 200)
        let json = try JSONValue.parse(token.body)
        #expect(json["expires_in"] == 315_360_000)
        let access = try #require(json["access_token"]?.stringValue)
        let info = oauth.handle(HTTPRequest(method: "GET", target: "/tokeninfo?access_token=" + access, headers: [:]))
        #expect(info.status == 200)
        #expect(try JSONValue.parse(info.body)["expires_in"] == "315360000")
    }

    // MARK: Form bodies

    static let refresh = "grant_type=refresh_token&client_id=a&client_secret=s&refresh_token=1%2F%2F0a"

    @Test func aFormOfMoreThanAThousandFieldsIs400() throws {
        let set = try Self.parse(Self.client(""))
        let clock = VirtualClock(base: ManualClock(now: Date(timeIntervalSince1970: 1_800_000_000)))
        let oauth = GoogleOAuthEmulator(authority: GoogleTokenAuthority(fixtures: set, clock: clock))
        func post(_ body: String) -> HTTPResponse {
            oauth.handle(HTTPRequest(method: "POST", target: "/token", headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Array(body.utf8)))
        }
        // 4 fields + 996 fillers = 1,000: served.
        #expect(post(Self.refresh + String(repeating: "&x=1", count: 996)).status == 200)
        let refused = post(Self.refresh + String(repeating: "&x=1", count: 997))
        #expect(refused.status == 400)
        #expect(try JSONValue.parse(refused.body) == ["error": "invalid_request", "error_description": "Bad Request"])
        // A million separators: refused after one scan.
        #expect(post(String(repeating: "&", count: 1_000_000)).status == 400)
        #expect(oauth.handle(HTTPRequest(method: "POST", target: "/revoke", headers: [:], body: Array(String(repeating: "a&", count: 2_000).utf8))).status == 400)
    }

    /// Bad escapes, repeated keys and invalid UTF-8 after decoding are read the way Google reads forms:
    /// escapes kept as written, the first non-empty value wins.
    @Test func oddFormsAreReadNotTrapped() throws {
        let set = try Self.parse(Self.client(""))
        let clock = VirtualClock(base: ManualClock(now: Date(timeIntervalSince1970: 1_800_000_000)))
        let oauth = GoogleOAuthEmulator(authority: GoogleTokenAuthority(fixtures: set, clock: clock))
        for body in ["grant_type=%ZZ&client_id=%", "grant_type=&grant_type=refresh_token&client_id=a&client_id=b&client_secret=s&refresh_token=1%2F%2F0a",
                     "grant_type=refresh_token%FF%FE&client_id=a", "%%%%=%%%%&=&&&", "grant_type=refresh_token&client_id=a%"] {
            let response = oauth.handle(HTTPRequest(method: "POST", target: "/token", headers: [:], body: Array(body.utf8)))
            #expect((200..<500).contains(response.status), "\(body)")
        }
        let repeated = oauth.handle(HTTPRequest(
            method: "POST", target: "/token", headers: [:],
            body: Array("grant_type=&grant_type=refresh_token&client_id=a&client_id=b&client_secret=s&refresh_token=1%2F%2F0a".utf8)))
        #expect(repeated.status == 200)
    }

    // MARK: The JSON locator

    /// Whatever the text and path, the locator answers (it is only ever given valid JSON, but scans
    /// forgivingly).
    @Test func theLocatorSurvivesAnyText() {
        var state: UInt64 = 0x1234_5678
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            return z ^ (z >> 27)
        }
        let alphabet = Array(#"{}[]":,\ "a1e-"#.utf8) + [0x0A, 0xFF]
        let paths: [[JSONPathComponent]] = [[], [.member("clients")], [.member("clients"), .index(0), .member("a")], [.index(3), .index(0)]]
        for _ in 0..<2_000 {
            let length = Int(next() % 64)
            let bytes = (0..<length).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] }
            for path in paths { _ = JSONLocator(bytes: bytes).position(of: path) }
        }
        let deep = Array(String(repeating: "[", count: 100_000).utf8)
        #expect(JSONLocator(bytes: deep).position(of: [.index(0), .index(0)]) != nil)
        #expect(JSONLocator(bytes: Array(#"{"a": "\"#.utf8)).position(of: [.member("a")]) != nil)
    }
}
