import DrydockCore
import DrydockHTTP
import DrydockTesting
import Foundation
import Testing

/// `drydock emulators serve` as a user runs it: export lines on stdout, a ready sandbox, the control
/// API, a working `drydock reauth` against it, a request log on stderr, and a clean stop on SIGTERM.
@Suite("drydock emulators serve")
struct ServeCommandTests {
    static let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"

    /// `NAME -> value` from `export NAME='value'` lines.
    static func exports(_ stdout: String) -> [String: String] {
        var values: [String: String] = [:]
        for line in stdout.split(separator: "\n") where line.hasPrefix("export ") {
            let assignment = line.dropFirst("export ".count)
            guard let equals = assignment.firstIndex(of: "=") else { continue }
            var value = assignment[assignment.index(after: equals)...]
            if value.hasPrefix("'") && value.hasSuffix("'") && value.count >= 2 { value = value.dropFirst().dropLast() }
            values[String(assignment[..<equals])] = String(value)
        }
        return values
    }

    static func mode(_ path: String) -> mode_t {
        var info = stat()
        guard lstat(path, &info) == 0 else { return 0 }
        return info.st_mode & 0o7777
    }

    @Test("serve --port 0 --sandbox: exports, 0700/0600 sandbox, health, reauth, one log line per request, SIGTERM")
    func serve() throws {
        let scratch = try TemporaryDirectory("serve")
        defer { scratch.remove() }
        let sandbox = URL(fileURLWithPath: scratch.appending("sandbox")).standardizedFileURL.path
        let server = try StreamingProcess(
            Drydock.path, ["emulators", "serve", "--port", "0", "--sandbox", sandbox],
            environment: ["PATH": Self.path, "HOME": scratch.path])
        defer { server.terminate() }

        let ready = server.waitForOutput(1, timeout: 20) { $0.contains("# drydock emulators on ") }
        try #require(ready, "no export lines; stderr: \(server.output(2))")
        let exports = Self.exports(server.output(1))
        let tokenURI = try #require(exports["GOOGLE_OAUTH_TOKEN_URI"])
        let base = String(tokenURI.dropLast("/token".count))
        #expect(tokenURI.hasPrefix("http://127.0.0.1:") && tokenURI.hasSuffix("/token"))
        #expect(!base.hasSuffix(":0") && !base.hasSuffix(":8580"), "a port picked by the system")
        #expect(exports["GMAIL_API_ENDPOINT"].map { $0.hasPrefix(base) } == true)
        #expect(exports["DRYDOCK_SECRETS_DIR"] == sandbox)

        #expect(Self.mode(sandbox) == 0o700)
        let files = try FileManager.default.contentsOfDirectory(atPath: sandbox).sorted()
        #expect(files == ["gmail_credentials.json", "refresh_token.json"])
        for file in files { #expect(Self.mode(sandbox + "/" + file) == 0o600, "\(file)") }

        let health = try HTTPClient().send(ClientRequest(method: "GET", url: base + "/_drydock/health"))
        #expect(health.status == 200)
        #expect(try JSONValue.parse(health.body)["status"]?.stringValue == "ok")

        var environment = exports
        environment["PATH"] = Self.path
        environment["HOME"] = scratch.path
        let reauth = try ChildProcess.run(Drydock.path, ["reauth"], environment: environment)
        #expect(reauth.status == 0, "\(reauth.stderr)")
        #expect(reauth.stdout.hasPrefix("token refreshed; expires at "))
        #expect(Self.mode(sandbox + "/google_token.json") == 0o600)

        let stopping = Date()
        server.signal(SIGTERM)
        let result = try #require(server.wait(timeout: 5), "still running 5 s after SIGTERM")
        #expect(Date().timeIntervalSince(stopping) < 2)
        #expect(result.status == 0, "\(result.stderr)")

        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.last == "drydock emulators: stopped on signal \(SIGTERM)")
        let requests = lines.dropLast()
        #expect(requests.count == 2, "one line per request: \(requests)")
        #expect(requests.first.map { $0.contains("_drydock") && $0.contains("GET /_drydock/health 200") } == true)
        #expect(requests.last.map { $0.contains("oauth token POST /token 200") } == true)

        var secrets = KnownSecrets(DefaultFixtures.allSecrets)
        let cache = FileManager.default.contents(atPath: sandbox + "/google_token.json").flatMap { try? JSONValue.parse(Array($0)) }
        secrets.add("cached access token", cache?["access_token"]?.stringValue)
        #expect(secrets.all.count == DefaultFixtures.allSecrets.count + 1)
        secrets.expectAbsent(from: result.stdout + result.stderr, "serve output")
        secrets.expectAbsent(from: reauth.stdout + reauth.stderr, "reauth output")
    }

    @Test("serve --fixtures with a missing directory exits 78 naming the path")
    func missingFixtures() throws {
        let missing = "/nonexistent/drydock-integration-fixtures"
        let result = try ChildProcess.run(
            Drydock.path, ["emulators", "serve", "--port", "0", "--fixtures", missing], environment: ["PATH": Self.path])
        #expect(result.status == 78, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("drydock: "))
        #expect(result.stderr.contains(missing))
        #expect(result.stdout.isEmpty)
    }
}
