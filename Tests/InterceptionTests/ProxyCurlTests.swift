import DrydockCore
import DrydockCrypto
import DrydockTesting
import Foundation
import Interception
import Testing

/// The proxy as a user's program meets it: the system curl with `--proxy` and a CA bundle, TLS
/// verification on.
@Suite("Interception proxy with curl", .timeLimit(.minutes(1)))
struct ProxyCurlTests {
    static let profile = "https://gmail.googleapis.com/gmail/v1/users/me/profile"

    @Test func gmailThroughTheProxyIsServedByTheEmulator() throws {
        let harness = try InterceptionHarness()
        defer { harness.stop() }
        let result = try harness.curl(["--fail-with-body", "-H", "@" + (try harness.authorizationHeaderFile()), Self.profile])
        #expect(result.status == 0, "\(result.stderr)")
        let body = try JSONValue.parse(Array(result.stdout.utf8))
        #expect(body["emailAddress"]?.stringValue == "bookings@harbor-charters.example")
        let entries = harness.journal("gmail")
        #expect(entries.map(\.operation) == ["users.getProfile"])
        #expect(entries.first?.status == 200)
        #expect(entries.first?.path == "/gmail/v1/users/me/profile")
        #expect(harness.journal("egress").isEmpty)
    }

    @Test func anUnknownHostIsRefusedJournalledAndNeverConnectedTo() throws {
        let harness = try InterceptionHarness()
        defer { harness.stop() }
        // A real listener on loopback stands in for the outside world: the proxy must not connect to it.
        let bystander = try Bystander()
        defer { bystander.close() }

        let result = try harness.curl(["-v", "https://example.org/"])
        #expect(result.status == 56, "\(result.stderr)")
        #expect(result.stderr.contains("CONNECT tunnel failed, response 403"))

        let direct = try harness.curl(["-v", "https://127.0.0.1:\(bystander.port)/"])
        #expect(direct.status == 56)
        let plain = try harness.curl(["--include", "http://127.0.0.1:\(bystander.port)/secret"])
        #expect(plain.stdout.hasPrefix("HTTP/1.1 403 Forbidden\r\n"))
        #expect(plain.stdout.contains("Drydock refused 127.0.0.1:\(bystander.port): 127.0.0.1 is not a host Drydock emulates."))
        #expect(bystander.connections == 0)

        let blocked = harness.journal("egress", "blocked")
        #expect(blocked.map(\.path) == ["example.org", "127.0.0.1", "127.0.0.1"])
        #expect(blocked.map(\.method) == ["CONNECT", "CONNECT", "GET"])
        #expect(blocked.allSatisfy { $0.status == 403 })
    }

    @Test func theRefusalNamesTheHostAndWhy() throws {
        let harness = try InterceptionHarness()
        defer { harness.stop() }
        let raw = try RawClient(port: harness.proxy.port)
        defer { raw.close() }
        raw.send("CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n")
        let reply = raw.readAll()
        #expect(reply.hasPrefix("HTTP/1.1 403 Forbidden\r\n"))
        #expect(reply.contains("\r\nProxy-Status: drydock; error=http_request_denied\r\n"))
        #expect(reply.hasSuffix("\r\n\r\nDrydock refused example.org:443: example.org is not a host Drydock emulates. Nothing was sent there; the attempt is journalled as egress.blocked.\n"))
    }

    @Test func aBundleWithoutTheSandboxCAFailsVerification() throws {
        let harness = try InterceptionHarness()
        defer { harness.stop() }
        let result = try Tools.run("curl", [
            "--silent", "--show-error", "--max-time", "20", "--proxy", harness.proxy.proxyURL,
            "--cacert", "/etc/ssl/certs/ca-certificates.crt", Self.profile,
        ])
        #expect(result.status == 60, "\(result.stderr)")
        #expect(result.stderr.contains("SSL certificate problem: unable to get local issuer certificate"))
        #expect(harness.journal("gmail").isEmpty)
    }

    @Test(arguments: [(["--tlsv1.2", "--tls-max", "1.2"], "TLSv1.2"), (["--tlsv1.3"], "TLSv1.3")])
    func bothTLSVersionsWorkAndALPNIsHTTP11(_ flags: [String], _ version: String) throws {
        let harness = try InterceptionHarness()
        defer { harness.stop() }
        // No token: -v prints the request headers, and the test log must stay free of secrets. Gmail's 401
        // shows the request went through the tunnel to the emulator.
        let result = try harness.curl(["-v", "-o", "/dev/null", "-w", "%{http_code}"] + flags + [Self.profile])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "401")
        #expect(result.stderr.contains("SSL connection using \(version) / "))
        #expect(result.stderr.contains("ALPN: offers h2,http/1.1"))
        #expect(result.stderr.contains("ALPN: server accepted http/1.1"))
    }

    @Test func tls11IsRefused() throws {
        let harness = try InterceptionHarness()
        defer { harness.stop() }
        let result = try harness.curl(["--tlsv1.1", "--tls-max", "1.1", "--ciphers", "DEFAULT@SECLEVEL=0", Self.profile])
        #expect(result.status == 35, "\(result.stderr)")
    }

    @Test func manyRequestsShareOneKeepAliveTunnel() throws {
        let harness = try InterceptionHarness()
        defer { harness.stop() }
        let urls = (0..<25).map { _ in "https://gmail.googleapis.com/gmail/v1/users/me/messages?maxResults=2" }
        let result = try harness.curl(["--fail", "-H", "@" + (try harness.authorizationHeaderFile()), "-o", "/dev/null", "-w", "%{http_code} %{num_connects}\n"] + urls.flatMap { [$0, "-o", "/dev/null"] })
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 25)
        #expect(lines.first == "200 1")
        #expect(lines.dropFirst().allSatisfy { $0 == "200 0" })
        #expect(harness.journal("gmail", "users.messages.list").count == 25)
    }

    @Test func metadataIsServedAsAnAbsoluteFormRequest() throws {
        let harness = try InterceptionHarness()
        defer { harness.stop() }
        let token = try harness.curl(["--fail", "-X", "PUT", "-H", "X-aws-ec2-metadata-token-ttl-seconds: 60", "http://169.254.169.254/latest/api/token"])
        #expect(token.status == 0, "\(token.stderr)")
        let tokenFile = writeFile("X-aws-ec2-metadata-token: \(token.stdout)\n", named: "imds.header", in: harness.scratch)
        let identity = try harness.curl(["--fail", "-H", "@" + tokenFile, "http://169.254.169.254/latest/meta-data/instance-id"])
        #expect(identity.status == 0, "\(identity.stderr)")
        #expect(identity.stdout.hasPrefix("i-"))
        #expect(harness.journal("imds").map(\.operation).count == 2)
        // IMDS is plain HTTP only, as on EC2.
        let tls = try harness.curl(["https://169.254.169.254/latest/meta-data/"])
        #expect(tls.status == 56)
        #expect(harness.journal("egress", "blocked").map(\.path) == ["169.254.169.254"])
    }

    @Test func googleOverPlainHTTPGetsSSLRequired() throws {
        let harness = try InterceptionHarness()
        defer { harness.stop() }
        let result = try harness.curl(["--include", "http://gmail.googleapis.com/gmail/v1/users/me/profile"])
        #expect(result.stdout.hasPrefix("HTTP/1.1 403 "))
        #expect(result.stdout.contains("\"message\": \"SSL is required to perform this operation.\""))
        #expect(result.stdout.contains("\"reason\": \"sslRequired\""))
        #expect(harness.journal("gmail").map(\.status) == [403])
    }

    @Test func aPathTheHostDoesNotServeIsGoogles404() throws {
        let harness = try InterceptionHarness()
        defer { harness.stop() }
        // The OAuth emulator answers /token, but accounts.google.com only serves /o/oauth2/token.
        let result = try harness.curl(["-w", "\n%{http_code}", "-d", "grant_type=refresh_token", "https://accounts.google.com/token"])
        #expect(result.stdout.hasSuffix("\n404"))
        #expect(result.stdout.contains("The requested URL <code>/token</code> was not found on this server."))
        #expect(harness.journal("oauth").map(\.operation) == ["unknown"])
    }

    @Test func aLargeUploadAndItsDownloadCrossTheTunnelIntact() throws {
        let harness = try InterceptionHarness()
        defer { harness.stop() }
        // 1.5 MB: many TLS records and several relay buffers each way.
        var message = "From: bookings@harbor-charters.example\r\nTo: crew@harbor-charters.example\r\nSubject: manifest\r\n\r\n"
        for line in 0..<20_000 { message += "line \(line) " + String(repeating: "abcdefghij", count: 7) + "\r\n" }
        let file = writeFile(message, named: "message.eml", in: harness.scratch)
        let header = "@" + (try harness.authorizationHeaderFile())
        let sent = try harness.curl([
            "--fail", "-H", header, "-H", "Content-Type: message/rfc822", "--data-binary", "@" + file,
            "https://gmail.googleapis.com/upload/gmail/v1/users/me/messages/send?uploadType=media",
        ])
        #expect(sent.status == 0, "\(sent.stderr)")
        let id = try #require(try JSONValue.parse(Array(sent.stdout.utf8))["id"]?.stringValue)
        let fetched = try harness.curl(["--fail", "-H", header, "https://gmail.googleapis.com/gmail/v1/users/me/messages/\(id)?format=raw"])
        #expect(fetched.status == 0, "\(fetched.stderr)")
        let raw = try #require(try JSONValue.parse(Array(fetched.stdout.utf8))["raw"]?.stringValue)
        // Gmail adds its own headers (Date, Message-Id) on send; the body comes back byte for byte.
        let stored = try #require(Base64URL.decode(raw).map { String(decoding: $0, as: UTF8.self) })
        let body = try #require(message.range(of: "\r\n\r\n")).upperBound
        #expect(stored.hasSuffix("\r\n\r\n" + message[body...]))
        #expect(stored.utf8.count > 1_500_000)
    }

    @Test func faultDeliveriesReachTheClientThroughTheTunnel() throws {
        let harness = try InterceptionHarness()
        defer { harness.stop() }
        let header = "@" + (try harness.authorizationHeaderFile())
        try harness.emulators.addFault(#"{"service": "gmail", "times": 1, "action": {"type": "status", "status": 503}}"#)
        let unavailable = try harness.curl(["-H", header, "-o", "/dev/null", "-w", "%{http_code}", Self.profile])
        #expect(unavailable.stdout == "503")
        try harness.emulators.addFault(#"{"service": "gmail", "times": 1, "action": {"type": "reset"}}"#)
        let reset = try harness.curl(["-H", header, Self.profile])
        #expect(reset.status == 56, "\(reset.stderr)")
        try harness.emulators.addFault(#"{"service": "gmail", "times": 1, "action": {"type": "close-mid-body", "bytes": 10}}"#)
        let cut = try harness.curl(["-H", header, Self.profile])
        #expect(cut.status == 18, "\(cut.stderr)")
        #expect(cut.stdout.utf8.count == 10)
        let fine = try harness.curl(["--fail", "-H", header, Self.profile])
        #expect(fine.status == 0, "\(fine.stderr)")
    }

    @Test func legacyTokenInfoOnWwwGoogleapisCom() throws {
        let harness = try InterceptionHarness()
        defer { harness.stop() }
        let form = writeFile("access_token=\(try harness.accessToken())", named: "tokeninfo.form", in: harness.scratch)
        let v1 = try harness.curl(["--fail", "-d", "@" + form, "https://www.googleapis.com/oauth2/v1/tokeninfo"])
        #expect(v1.status == 0, "\(v1.stderr)")
        let info = try JSONValue.parse(Array(v1.stdout.utf8))
        #expect(info["issued_to"]?.stringValue == "1234567890-drydockdemo.apps.googleusercontent.com")
        #expect(info["audience"]?.stringValue == "1234567890-drydockdemo.apps.googleusercontent.com")
        #expect(info["expires_in"]?.intValue.map { (3000...3599).contains($0) } == true)
        #expect(info["access_type"]?.stringValue == "offline")
        #expect(info["scope"]?.stringValue?.contains("https://www.googleapis.com/auth/gmail.readonly") == true)
        let v3 = try harness.curl(["--fail", "-d", "@" + form, "https://www.googleapis.com/oauth2/v3/tokeninfo"])
        #expect(v3.status == 0, "\(v3.stderr)")
        #expect(try JSONValue.parse(Array(v3.stdout.utf8))["azp"]?.stringValue == "1234567890-drydockdemo.apps.googleusercontent.com")
        let invalid = try harness.curl(["-d", "access_token=nope", "https://www.googleapis.com/oauth2/v1/tokeninfo"])
        #expect(try JSONValue.parse(Array(invalid.stdout.utf8)) == ["error": "invalid_token", "error_description": "Invalid Value"])
        #expect(harness.journal("oauth", "tokeninfo").count == 3)
    }

    @Test func theTLSListenerChoosesTheCertificateBySNI() throws {
        let harness = try InterceptionHarness()
        defer { harness.stop() }
        let port = try harness.proxy.startTLSListener(host: "127.0.0.1", port: 0)
        let served = try Tools.run("curl", [
            "--silent", "--show-error", "--max-time", "20", "--fail", "--cacert", harness.authority.bundlePath,
            "--resolve", "gmail.googleapis.com:\(port):127.0.0.1", "-H", "Host: gmail.googleapis.com",
            "-H", "@" + (try harness.authorizationHeaderFile()), "https://gmail.googleapis.com:\(port)/gmail/v1/users/me/profile",
        ])
        #expect(served.status == 0, "\(served.stderr)")
        #expect(served.stdout.contains("bookings@harbor-charters.example"))

        let refused = try Tools.run("curl", [
            "--silent", "--show-error", "--max-time", "20", "--cacert", harness.authority.bundlePath,
            "--resolve", "example.org:\(port):127.0.0.1", "https://example.org:\(port)/",
        ])
        #expect(refused.status == 35, "\(refused.stderr)")
        #expect(refused.stderr.contains("unrecognized name"))
        let blocked = harness.journal("egress", "blocked")
        #expect(blocked.map(\.path) == ["example.org"])
        #expect(blocked.map(\.method) == ["TLS"])
        #expect(blocked.first?.status == nil)
        #expect(blocked.first?.delivery == "refused")
    }
}
