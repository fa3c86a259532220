import DrydockCore
import DrydockHTTP
import EmulatorKit
import Foundation
import GmailEmulator
import GoogleOAuthEmulator

/// The default fixture set and the emulators over it, on a manual clock: no sockets, no sleeping.
struct Harness {
    let clock: VirtualClock
    let authority: GoogleTokenAuthority
    let oauth: GoogleOAuthEmulator
    let gmail: GmailEmulator

    static let defaultFixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures/default").path

    init(fixtures: String = Harness.defaultFixtures) throws {
        clock = VirtualClock(base: ManualClock(now: Date(timeIntervalSince1970: 1_800_000_000)))
        authority = try GoogleTokenAuthority(fixturesDirectory: fixtures, clock: clock, tokenGenerator: .seeded(42))
        oauth = GoogleOAuthEmulator(authority: authority)
        gmail = try GmailEmulator(fixturesDirectory: fixtures, authority: authority)
    }

    /// `POST /token` with a form body built from `form`.
    func token(_ form: [(String, String)], headers: HTTPHeaders = [:], path: String = "/token") -> HTTPResponse {
        var all: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded"]
        for field in headers { all.set(field.name, field.value) }
        return oauth.handle(HTTPRequest(method: "POST", target: path, headers: all, body: Array(FormEncoding.encode(form).utf8)))
    }

    /// A refresh with the demo client's credentials.
    func refresh(_ refreshToken: String = Demo.refreshToken, client: (id: String, secret: String) = (Demo.clientID, Demo.clientSecret)) -> HTTPResponse {
        token([("grant_type", "refresh_token"), ("client_id", client.id), ("client_secret", client.secret), ("refresh_token", refreshToken)])
    }

    /// A fresh access token from `refreshToken` (fails the test with a clear message otherwise).
    func accessToken(_ refreshToken: String = Demo.refreshToken, client: (id: String, secret: String) = (Demo.clientID, Demo.clientSecret)) throws -> String {
        let response = refresh(refreshToken, client: client)
        guard response.status == 200, let token = try JSONValue.parse(response.bodyText)["access_token"]?.stringValue else {
            throw HarnessError(message: "refresh failed: \(response.status) \(response.bodyText)")
        }
        return token
    }

    func gmailGet(_ target: String, bearer: String? = nil) -> HTTPResponse {
        var headers: HTTPHeaders = [:]
        if let bearer { headers.set("Authorization", "Bearer " + bearer) }
        return gmail.handle(HTTPRequest(method: "GET", target: target, headers: headers))
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// Values from fixtures/default/oauth/clients.json.
enum Demo {
    static let clientID = "1234567890-drydockdemo.apps.googleusercontent.com"
    static let clientSecret = "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"
    static let refreshToken = "1//0cLYijJK6ltD0xuiOtpLyiVSGFI60oBIWhKD17ZBsP9rZSJ10qqDXqTnarQuaZcvTnEsldQ3jIavsAouvsPcDU5aujOT-kl_2Y2k"
    static let readonlyRefreshToken = "1//0cRURDt4ozTmbn2akQMSjflJ0b0dr8iDt13QDYN_VjG4ZjUIlOPCc70D-ogLur0KTydfoXB5p2r-BPcCpmKbyVcCCn6rgoGKAsai"
    static let sheetsOnlyRefreshToken = "1//0gNcsaPr_9gmq2iyO6GAAUdsxxHk-JZwO9m-0imOGFVRWtlNoupS6BB0MYvr9SyRtNkkEGNZbbdsd7FzLeSMwZDf42XA0xqu48a8"
    static let revokedRefreshToken = "1//0dh8Qzex5uwuqXnxznsnhgbJ6RqnrCsi455ncgOZGNOMhRtau8q3nPogLgMStcEgzHPN9uxjWoclnQcQgAVwl1VfdmqljHb1lpXz"
    static let email = "bookings@harbor-charters.example"
    static let scopes = "https://www.googleapis.com/auth/gmail.readonly https://www.googleapis.com/auth/gmail.send https://www.googleapis.com/auth/spreadsheets.readonly"

    static let testingClientID = "1234567890-drydocktesting.apps.googleusercontent.com"
    static let testingClientSecret = "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"
    static let testingExpiredRefreshToken = "1//0dH4SGL0cA6zGkOVVuL8erTn1bEWuNXPhE85-_GUWq2qTvdp_0HZdha_D5Wh9wv_pqF1-gCo9n17er-saMjTXFl11GLlYZTu-27L"
    static let testingLiveRefreshToken = "1//0d5n8x5LPIwQ8mpXJNo8tFbfvgcBzJzqrQ6jceau8957RoESQQiGAKbTTG1tbaaQEKnt003r5cujFO6kOD4KmVDNcNQYhaojuCVp"

    static let blockedClientID = "1234567890-drydockblocked.apps.googleusercontent.com"
    static let blockedClientSecret = "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"
}

/// Google's OAuth error body, exactly as the token endpoint prints it.
func oauthErrorBody(_ error: String, _ description: String) -> String {
    "{\n  \"error\": \"\(error)\",\n  \"error_description\": \"\(description)\"\n}"
}
