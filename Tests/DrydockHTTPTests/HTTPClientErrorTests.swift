import DrydockHTTP
import Testing

/// Transport failures come back as `HTTPClientError`s with the right code, and their messages name the
/// URL without its query, user-info, headers or body.
@Suite struct HTTPClientErrorTests {
    private func error(_ url: String, client: HTTPClient = HTTPClient(), timeout: Double? = 5) async -> HTTPClientError? {
        do {
            _ = try await client.send(ClientRequest(
                method: "POST", url: url, headers: ["Authorization": "Bearer TOPSECRET"],
                body: Array("password=BODYSECRET".utf8), timeout: timeout))
            return nil
        } catch {
            return error as? HTTPClientError
        }
    }

    private func expectRedacted(_ error: HTTPClientError?) {
        for secret in ["QUERYSECRET", "TOPSECRET", "BODYSECRET", "userpass"] {
            #expect(error?.message.contains(secret) == false, "\(error?.message ?? "") leaks \(secret)")
        }
    }

    /// A port that was just listening and is now closed.
    private func closedPort() throws -> Int {
        let server = HTTPServer(responder: ClosureResponder { _ in HTTPResponse(status: 200) })
        try server.start()
        defer { server.stop() }
        return server.port
    }

    @Test func connectionRefusedOnAClosedPort() async throws {
        let port = try closedPort()
        let error = await error("http://127.0.0.1:\(port)/path?key=QUERYSECRET")
        #expect(error?.code == .connectionRefused)
        #expect(error?.isTransient == true)
        #expect(error?.message.contains("http://127.0.0.1:\(port)/path") == true)
        expectRedacted(error)
    }

    @Test func dnsFailure() async {
        // The lookup goes to this host's resolver: a generous timeout, so a slow resolver is not a `.timeout`.
        let error = await error("http://drydock-test.invalid/path?key=QUERYSECRET", timeout: 30)
        #expect(error?.code == .dnsFailure)
        #expect(error?.isTransient == false)
        expectRedacted(error)
    }

    @Test func tlsFailureAgainstAPlainHTTPPort() async throws {
        try await withServer(.init(), echo) { server, _ in
            let error = await error("https://127.0.0.1:\(server.port)/x?key=QUERYSECRET")
            #expect(error?.code == .tlsFailure)
            expectRedacted(error)
        }
    }

    @Test(arguments: [
        "not a url?key=QUERYSECRET", "ftp://example.com/file?key=QUERYSECRET", "http:///nohost?key=QUERYSECRET",
        "http://host:99999/?key=QUERYSECRET",
    ])
    func invalidURL(url: String) async {
        let error = await error(url)
        #expect(error?.code == .invalidURL)
        expectRedacted(error)
    }

    @Test func userInfoIsRedactedToo() async throws {
        let port = try closedPort()
        let error = await error("http://user:userpass@127.0.0.1:\(port)/p?key=QUERYSECRET")
        #expect(error?.code == .connectionRefused)
        expectRedacted(error)
    }

    @Test func headerValuesWithLineBreaksAreRejected() async throws {
        try await withServer(.init(), echo) { server, base in
            await #expect(throws: HTTPClientError.self) {
                try await HTTPClient().send(ClientRequest(method: "GET", url: base, headers: ["X-Bad": "a\r\nInjected: TOPSECRET"]))
            }
            #expect(server.statistics.requestsHandled == 0)
        }
    }

    /// The request sets no timeout, so only the configuration's 0.2 s can end it with `.timeout`. Were it
    /// ignored, the server's hang cap (20 s, well under the default 30 s total timeout) would cut the
    /// connection first and the code would be `.connectionReset`.
    @Test func totalTimeoutFromConfiguration() async throws {
        try await withServer(.init(maxHangSeconds: 20), { _ in HTTPResponse(status: 200, delivery: .hang) }) { _, base in
            let error = await error(base, client: HTTPClient(configuration: .init(totalTimeout: 0.2)), timeout: nil)
            #expect(error?.code == .timeout)
        }
    }
}

/// `ParsedURL` names URLs the same way the client's errors do, parsed or not.
@Suite struct ParsedURLRedactionTests {
    @Test func redactedDropsQueryFragmentAndUserInfo() throws {
        let url = try ParsedURL("https://user:userpass@example.com:8443/v1/x?key=QUERYSECRET#frag")
        #expect(url.redacted == "https://…@example.com:8443/v1/x")
        #expect(ParsedURL.redact("not a url?token=QUERYSECRET") == "not a url")
    }

    @Test func invalidURLMessageDoesNotEchoSecrets() {
        #expect(throws: HTTPClientError.self) { try ParsedURL("ftp://user:userpass@h/?k=QUERYSECRET") }
        do {
            _ = try ParsedURL("user:userpass@host/x?k=QUERYSECRET")
            Issue.record("parsed a URL without a scheme")
        } catch let error as HTTPClientError {
            #expect(!error.message.contains("QUERYSECRET") && !error.message.contains("userpass"), "\(error.message)")
            #expect(error.message.contains("expected http:// or https://"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
