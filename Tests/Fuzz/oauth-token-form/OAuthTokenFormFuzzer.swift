import DrydockCrypto
import DrydockHTTP
import EmulatorKit
import FuzzSupport
import GoogleOAuthEmulator

/// Google's OAuth endpoints' parameter handling: form bodies and query strings (percent-decoding,
/// `+`, repeated and empty parameters), HTTP Basic client credentials, grant types, client and
/// refresh-token checks, scopes. The first line of the input is the form body of `POST /token`; it is
/// also sent as `POST /revoke`'s body and as `GET /tokeninfo`'s query string. A second line, when
/// present, is the `Authorization` header of all three.
///
/// So that inputs reach past client authentication without any secret in the corpus or the logs,
/// the placeholders `{client_id}`, `{client_secret}` and `{refresh_token}` are replaced by the default
/// fixtures' sandbox values (a production client and a live refresh token) before sending, and
/// `{basic}` by base64 of `client_id:client_secret` (for `Authorization: Basic {basic}`).
enum OAuthTokenFormFuzzer {
    static let clock = FuzzFixtures.frozenClock()
    static let oauth: GoogleOAuthEmulator = {
        do {
            return try GoogleOAuthEmulator(fixturesDirectory: FuzzFixtures.defaultDirectory, clock: clock)
        } catch {
            fatalError("fuzz setup: cannot load the default OAuth fixtures: \(error)")
        }
    }()
    static let substitutions: [(placeholder: [UInt8], value: [UInt8])] = {
        guard let secrets = try? OAuthFixtures.sandboxSecrets(fixturesDirectory: FuzzFixtures.defaultDirectory, baseURL: "http://fuzz.drydock.test") else {
            fatalError("fuzz setup: the default fixtures have no sandbox client")
        }
        return [
            (Array("{client_id}".utf8), Array(secrets.clientID.utf8)),
            (Array("{client_secret}".utf8), Array(secrets.clientSecret.utf8)),
            (Array("{refresh_token}".utf8), Array(secrets.refreshToken.utf8)),
            (Array("{basic}".utf8), Array(Base64.encode(Array("\(secrets.clientID):\(secrets.clientSecret)".utf8)).utf8)),
        ]
    }()

    static func run(_ input: [UInt8]) {
        let lines = FuzzText.lines(substituted(input))
        let form = Array(lines[0])
        var headers: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded", "Host": "oauth2.googleapis.com"]
        if lines.count > 1 { headers.set("Authorization", FuzzText.text(lines[1])) }
        var issued = false
        for (method, target, body) in [("POST", "/token", form), ("POST", "/revoke", form), ("GET", "/tokeninfo?" + FuzzText.text(form), [])] {
            var sent = headers
            sent.set("Content-Length", String(body.count))
            let response = oauth.handle(HTTPRequest(method: method, target: target, headers: sent, body: body))
            ResponseOracle.check(response, "\(method) \(target.prefix(10))")
            issued = issued || response.status == 200
        }
        if issued { oauth.reset() }
    }

    /// `input` with each placeholder replaced by its fixture value.
    static func substituted(_ input: [UInt8]) -> [UInt8] {
        guard input.contains(UInt8(ascii: "{")) else { return input }
        var out: [UInt8] = []
        var index = 0
        outer: while index < input.count {
            if input[index] == UInt8(ascii: "{") {
                for (placeholder, value) in substitutions where input[index...].starts(with: placeholder) {
                    out += value
                    index += placeholder.count
                    continue outer
                }
            }
            out.append(input[index])
            index += 1
        }
        return out
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    OAuthTokenFormFuzzer.run(FuzzDriver.bytes(data, size))
    return 0
}

/// The entry point SwiftPM links as `main` (see `FuzzDriver`).
@_cdecl("fuzz_oauth_token_form_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    _ = OAuthTokenFormFuzzer.substitutions
    _ = OAuthTokenFormFuzzer.oauth
    return FuzzDriver.run(argc: argc, argv: argv, testOneInput)
}
