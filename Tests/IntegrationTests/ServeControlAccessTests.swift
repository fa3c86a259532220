import DrydockCore
import DrydockHTTP
import DrydockTesting
import Foundation
import Testing

/// `drydock emulators serve` and its control API's access rules, as a user meets them.
@Suite("drydock emulators serve: control API access")
struct ServeControlAccessTests {
    static let path = ServeCommandTests.path

    /// Starts `serve` with `arguments`; returns the process and its exports once it is ready.
    static func start(_ arguments: [String], home: String) throws -> (StreamingProcess, [String: String]) {
        let server = try StreamingProcess(
            Drydock.path, ["emulators", "serve", "--port", "0", "--quiet"] + arguments,
            environment: ["PATH": Self.path, "HOME": home])
        let ready = server.waitForOutput(1, timeout: 20) { $0.contains("# drydock emulators on ") }
        guard ready else {
            server.terminate()
            throw HarnessError("no export lines; stderr: \(server.output(2))")
        }
        return (server, ServeCommandTests.exports(server.output(1)))
    }

    static func send(_ method: String, _ url: String, _ headers: HTTPHeaders = [:]) throws -> HTTPResponse {
        try HTTPClient().send(ClientRequest(method: method, url: url, headers: headers))
    }

    @Test("a non-loopback --host without a token is refused with exit 64 and the fix",
          arguments: ["0.0.0.0", "::", "192.0.2.10"])
    func nonLoopbackWithoutTokenIsRefused(host: String) throws {
        let result = try ChildProcess.run(
            Drydock.path, ["emulators", "serve", "--port", "0", "--host", host], environment: ["PATH": Self.path])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("--host \(host) is not a loopback address"))
        #expect(result.stderr.contains("Give --control-token TOKEN"))
        #expect(result.stderr.contains("--sandbox DIR to have one generated into DIR/control_token"))
        #expect(result.stdout.isEmpty)
    }

    @Test("a short or unsendable --control-token is refused with exit 64", arguments: ["short", "has a space in it ok", "ünïcode-token-value-1234"])
    func badTokensAreRefused(token: String) throws {
        let result = try ChildProcess.run(
            Drydock.path, ["emulators", "serve", "--port", "0", "--control-token", token], environment: ["PATH": Self.path])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("--control-token must be at least 16 characters of A-Z a-z 0-9 - . _ ~ + / ="))
    }

    @Test("--host 0.0.0.0 --sandbox: a generated token in the sandbox (0600) and the exports; required on the control API",
          .timeLimit(.minutes(1)))
    func generatedTokenOnAWildcardHost() throws {
        let scratch = try TemporaryDirectory("serve-token")
        defer { scratch.remove() }
        let sandbox = URL(fileURLWithPath: scratch.appending("sandbox")).standardizedFileURL.path
        let (server, exports) = try Self.start(["--host", "0.0.0.0", "--sandbox", sandbox], home: scratch.path)
        defer { server.terminate() }

        let token = try #require(exports["DRYDOCK_CONTROL_TOKEN"])
        #expect(token.count == 43, "32 random bytes in base64url")
        let file = try #require(FileManager.default.contents(atPath: sandbox + "/control_token"))
        #expect(String(decoding: file, as: UTF8.self) == token + "\n")
        #expect(ServeCommandTests.mode(sandbox + "/control_token") == 0o600)

        let port = try #require(exports["GMAIL_API_ENDPOINT"]?.split(separator: ":").last.map(String.init))
        let base = "http://127.0.0.1:\(port)/_drydock"
        let json: HTTPHeaders = ["Content-Type": "application/json"]
        #expect(try Self.send("GET", base + "/health").status == 200, "a readiness probe needs no token")
        let refused = try Self.send("POST", base + "/reset", json)
        #expect(refused.status == 401)
        #expect(refused.headers["WWW-Authenticate"] == #"Bearer realm="drydock-control""#)
        var authorized = json
        authorized.set("Authorization", "Bearer " + token)
        #expect(try Self.send("POST", base + "/reset", authorized).status == 200)
        #expect(try Self.send("POST", base + "/reset", ["Authorization": "Bearer " + token]).status == 415)
        #expect(try Self.send("GET", base + "/journal", ["Authorization": "Bearer " + token, "Host": "rebound.example:\(port)"]).status == 403)
        // The emulators themselves are not behind the token.
        #expect(try Self.send("GET", "http://127.0.0.1:\(port)/latest/meta-data/").status == 401)

        server.signal(SIGTERM)
        let result = try #require(server.wait(timeout: 5))
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test("--control-token on loopback: exported and required", .timeLimit(.minutes(1)))
    func givenTokenOnLoopback() throws {
        let scratch = try TemporaryDirectory("serve-given-token")
        defer { scratch.remove() }
        let token = "given-control-token-0123456789"
        let (server, exports) = try Self.start(["--control-token", token], home: scratch.path)
        defer { server.terminate() }
        #expect(exports["DRYDOCK_CONTROL_TOKEN"] == token)
        let base = try #require(exports["GMAIL_API_ENDPOINT"]) + "/_drydock"
        #expect(try Self.send("GET", base + "/faults").status == 401)
        #expect(try Self.send("GET", base + "/faults", ["Authorization": "Bearer " + token]).status == 200)
        #expect(try Self.send("GET", base + "/faults", ["Authorization": "Bearer " + token, "Origin": "https://evil.example"]).status == 403)
    }

    @Test("without a token on loopback, POSTs still need Content-Type: application/json", .timeLimit(.minutes(1)))
    func loopbackWithoutToken() throws {
        let scratch = try TemporaryDirectory("serve-no-token")
        defer { scratch.remove() }
        let (server, exports) = try Self.start([], home: scratch.path)
        defer { server.terminate() }
        #expect(exports["DRYDOCK_CONTROL_TOKEN"] == nil)
        let base = try #require(exports["GMAIL_API_ENDPOINT"]) + "/_drydock"
        let simple = try Self.send("POST", base + "/reset", ["Content-Type": "text/plain"])
        #expect(simple.status == 415)
        #expect(try JSONValue.parse(simple.body)["error"]?.stringValue?.contains("needs Content-Type: application/json") == true)
        #expect(try Self.send("POST", base + "/reset", ["Content-Type": "application/json"]).status == 200)
    }
}
