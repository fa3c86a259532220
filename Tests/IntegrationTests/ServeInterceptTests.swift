import DrydockCore
import DrydockHTTP
import DrydockTesting
import Foundation
import Testing

/// `drydock emulators serve --intercept`: the exported proxy and trust-store variables alone carry an
/// unmodified client (curl, reading HTTPS_PROXY and CURL_CA_BUNDLE itself) to the emulators.
@Suite("drydock emulators serve --intercept", .timeLimit(.minutes(1)))
struct ServeInterceptTests {
    @Test func theExportsAloneCarryCurlToTheEmulators() throws {
        let scratch = try TemporaryDirectory("serve-intercept")
        defer { scratch.remove() }
        let sandbox = URL(fileURLWithPath: scratch.appending("sandbox")).standardizedFileURL.path
        let server = try StreamingProcess(
            Drydock.path, ["emulators", "serve", "--port", "0", "--intercept", "--sandbox", sandbox],
            environment: ["PATH": ServeCommandTests.path, "HOME": scratch.path])
        defer { server.terminate() }
        try #require(server.waitForOutput(1, timeout: 20) { $0.contains("# drydock emulators on ") }, "stderr: \(server.output(2))")
        let exports = ServeCommandTests.exports(server.output(1))

        let proxy = try #require(exports["HTTPS_PROXY"])
        #expect(proxy.hasPrefix("http://127.0.0.1:"))
        for name in ["HTTP_PROXY", "https_proxy", "http_proxy"] { #expect(exports[name] == proxy) }
        #expect(exports["NO_PROXY"] == "127.0.0.1,localhost,::1")
        for name in ["SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "AWS_CA_BUNDLE", "HTTPLIB2_CA_CERTS", "NODE_EXTRA_CA_CERTS", "GIT_SSL_CAINFO"] {
            #expect(exports[name] == sandbox + "/ca-bundle.pem", "\(name)")
        }
        #expect(ServeCommandTests.mode(sandbox + "/ca.key") == 0o600)
        #expect(server.output(1).contains("# drydock interception proxy on \(proxy) (CA: \(sandbox)/ca.pem)"))

        // A token from https://oauth2.googleapis.com/token, then Gmail, by curl with only the exported
        // proxy and bundle variables (no endpoint variables, no --proxy or --cacert).
        var environment = ["PATH": ServeCommandTests.path, "HOME": scratch.path]
        for name in ["HTTPS_PROXY", "NO_PROXY", "CURL_CA_BUNDLE"] { environment[name] = exports[name] }
        let credentials = try JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: sandbox + "/gmail_credentials.json"))))
        let refresh = try JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: sandbox + "/refresh_token.json"))))
        let form = FormEncoding.encode([
            ("grant_type", "refresh_token"),
            ("client_id", credentials["installed"]?["client_id"]?.stringValue ?? ""),
            ("client_secret", credentials["installed"]?["client_secret"]?.stringValue ?? ""),
            ("refresh_token", refresh["refresh_token"]?.stringValue ?? ""),
        ])
        let formFile = scratch.appending("token.form")
        _ = FileManager.default.createFile(atPath: formFile, contents: Data(form.utf8), attributes: [.posixPermissions: 0o600])
        // The answer goes to a file, not stdout: the test log records a child's stdout, and it holds a token.
        let answerFile = scratch.appending("token.json")
        let token = try ChildProcess.run(
            "/usr/bin/env", ["curl", "-sS", "--fail", "-d", "@" + formFile, "-o", answerFile, "https://oauth2.googleapis.com/token"],
            environment: environment)
        #expect(token.status == 0, "\(token.stderr)")
        let answer = try JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: answerFile))))
        let accessToken = try #require(answer["access_token"]?.stringValue)
        let headerFile = scratch.appending("authorization.header")
        _ = FileManager.default.createFile(atPath: headerFile, contents: Data("Authorization: Bearer \(accessToken)\n".utf8), attributes: [.posixPermissions: 0o600])
        let profile = try ChildProcess.run(
            "/usr/bin/env", ["curl", "-sS", "--fail", "-H", "@" + headerFile, "https://gmail.googleapis.com/gmail/v1/users/me/profile"],
            environment: environment)
        #expect(profile.status == 0, "\(profile.stderr)")
        #expect(profile.stdout.contains("\"emailAddress\": \"bookings@harbor-charters.example\""))

        server.signal(SIGTERM)
        let result = try #require(server.wait(timeout: 10), "still running 10 s after SIGTERM")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("oauth token POST /token 200"))
        #expect(result.stderr.contains("gmail users.getProfile GET /gmail/v1/users/me/profile 200"))
        var secrets = KnownSecrets(DefaultFixtures.allSecrets)
        secrets.add("access token", accessToken)
        secrets.expectAbsent(from: result.stdout + result.stderr, "serve output")
    }

    @Test func withoutASandboxTheCALivesInATemporaryDirectoryRemovedAtExit() throws {
        let scratch = try TemporaryDirectory("serve-intercept")
        defer { scratch.remove() }
        let server = try StreamingProcess(
            Drydock.path, ["emulators", "serve", "--port", "0", "--intercept", "--quiet"],
            environment: ["PATH": ServeCommandTests.path, "HOME": scratch.path])
        defer { server.terminate() }
        try #require(server.waitForOutput(1, timeout: 20) { $0.contains("# drydock emulators on ") }, "stderr: \(server.output(2))")
        let bundle = try #require(ServeCommandTests.exports(server.output(1))["SSL_CERT_FILE"])
        let directory = (bundle as NSString).deletingLastPathComponent
        #expect(FileManager.default.fileExists(atPath: directory + "/ca.key"))
        #expect(ServeCommandTests.mode(directory) == 0o700)
        server.signal(SIGTERM)
        let result = try #require(server.wait(timeout: 10))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory))
    }

    @Test func proxyPortNeedsIntercept() throws {
        let result = try ChildProcess.run(Drydock.path, ["emulators", "serve", "--proxy-port", "9999"], environment: ["PATH": ServeCommandTests.path])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--proxy-port needs --intercept"))
    }
}
