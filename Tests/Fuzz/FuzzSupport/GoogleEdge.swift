import DrydockCore
import DrydockHTTP
import EmulatorKit
import Emulators
import GoogleOAuthEmulator

/// Every emulator over the default fixtures behind one edge router (as `drydock emulators serve` runs
/// them, without a socket), plus an access token for the default sandbox account
/// (bookings@harbor-charters.example: gmail.readonly, gmail.send, spreadsheets.readonly), obtained
/// once through `POST /token` like a client would.
public final class GoogleEdge: Sendable {
    public let router: EdgeRouter
    /// `Bearer ya29.…`; never printed.
    let authorization: String

    /// Builds the edge; a fixture or token problem stops the fuzzer before it starts (`fatalError`),
    /// since nothing could be fuzzed without them.
    public init() {
        do {
            let fixtures = FuzzFixtures.defaultDirectory
            router = try EmulatorSuite.makeRouter(fixturesDirectory: fixtures, clock: FuzzFixtures.frozenClock())
            let secrets = try OAuthFixtures.sandboxSecrets(fixturesDirectory: fixtures, baseURL: "http://fuzz.drydock.test")
            let form = FormEncoding.encode([
                ("grant_type", "refresh_token"), ("client_id", secrets.clientID),
                ("client_secret", secrets.clientSecret), ("refresh_token", secrets.refreshToken),
            ])
            let response = router.respond(to: HTTPRequest(
                method: "POST", target: "/token", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                body: Array(form.utf8)))
            guard response.status == 200, let token = (try? JSONValue.parse(response.body))?["access_token"]?.stringValue else {
                fatalError("fuzz setup: the token endpoint answered \(response.status) to the sandbox refresh token")
            }
            authorization = "Bearer " + token
        } catch {
            fatalError("fuzz setup: cannot load the default fixtures: \(error)")
        }
    }

    /// Sends an authorized request (Host and Authorization added) through the router.
    public func send(_ method: String, _ target: String, headers: HTTPHeaders = [:], body: [UInt8] = []) -> HTTPResponse {
        var all = headers
        all.set("Host", "fuzz.drydock.test")
        all.set("Authorization", authorization)
        if !body.isEmpty || method == "POST" { all.set("Content-Length", String(body.count)) }
        return router.respond(to: HTTPRequest(method: method, target: target, headers: all, body: body, remoteAddress: "127.0.0.1"))
    }

    /// The emulator serving `service` ("gmail", "sheets", …).
    public func emulator(_ service: String) -> any ServiceEmulator {
        guard let emulator = router.emulators.first(where: { $0.service == service }) else {
            fatalError("fuzz setup: no \(service) emulator")
        }
        return emulator
    }
}
