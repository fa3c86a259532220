import DrydockCore
import DrydockHTTP
import DrydockTesting
import EmulatorKit
import Foundation
import Interception

/// Every emulator in-process, a sandbox CA and an interception proxy on 127.0.0.1 port 0, for one test.
final class InterceptionHarness: @unchecked Sendable {
    let emulators: EmulatorHarness
    let authority: SandboxCertificateAuthority
    let proxy: InterceptingProxy
    var router: EdgeRouter { emulators.router }
    var scratch: TemporaryDirectory { emulators.scratch }

    init(configuration: InterceptingProxy.Configuration = .init()) throws {
        emulators = try EmulatorHarness(.inProcess)
        do {
            authority = try SandboxCertificateAuthority(directory: emulators.scratch.appending("ca"))
            proxy = InterceptingProxy(router: emulators.router, authority: authority, configuration: configuration)
            try proxy.start()
        } catch {
            emulators.stop()
            throw error
        }
    }

    func stop() {
        proxy.stop()
        emulators.stop()
    }

    /// A fresh access token for the sandbox's refresh token, from the OAuth emulator in-process.
    func accessToken() throws -> String {
        let credentials = try JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: emulators.secretsDirectory + "/gmail_credentials.json"))))
        let refresh = try JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: emulators.secretsDirectory + "/refresh_token.json"))))
        guard let client = credentials["installed"], let id = client["client_id"]?.stringValue, let secret = client["client_secret"]?.stringValue,
              let token = refresh["refresh_token"]?.stringValue else { throw HarnessError("sandbox secrets unreadable") }
        let form = FormEncoding.encode([("grant_type", "refresh_token"), ("client_id", id), ("client_secret", secret), ("refresh_token", token)])
        let response = router.respond(to: HTTPRequest(
            method: "POST", target: "/token", headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Array(form.utf8)))
        guard response.status == 200, let access = (try? JSONValue.parse(response.body))?["access_token"]?.stringValue else {
            throw HarnessError("token request failed: \(response.status)")
        }
        return access
    }

    /// A file holding `Authorization: Bearer <token>` for `curl -H @file`, so the token never appears in a
    /// command line (which the test log records).
    func authorizationHeaderFile() throws -> String {
        let path = scratch.appending("authorization.header")
        FileManager.default.createFile(atPath: path, contents: Data("Authorization: Bearer \(try accessToken())\n".utf8), attributes: [.posixPermissions: 0o600])
        return path
    }

    /// curl through the proxy trusting the sandbox bundle (TLS verification on), plus `arguments`.
    func curl(_ arguments: [String]) throws -> ProcessResult {
        try Tools.run("curl", ["--silent", "--show-error", "--max-time", "20", "--proxy", proxy.proxyURL, "--cacert", authority.bundlePath] + arguments)
    }

    /// Journal entries for `service` (and `operation`), oldest first.
    func journal(_ service: String, _ operation: String? = nil) -> [JournalEntry] {
        router.journal.entries(Journal.Filter(service: service, operation: operation))
    }
}
