import DrydockHTTP
import Testing

@Suite struct HTTPClientErrorTests {
    private func error(_ url: String, timeout: Double = 5) -> HTTPClientError? {
        do {
            _ = try HTTPClient().send(ClientRequest(method: "POST", url: url, headers: ["Authorization": "Bearer TOPSECRET"],
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

    @Test func connectionRefusedOnAClosedPort() throws {
        let server = HTTPServer(responder: ClosureResponder { _ in HTTPResponse(status: 200) })
        try server.start()
        let port = server.port
        server.stop()
        let error = error("http://127.0.0.1:\(port)/path?key=QUERYSECRET")
        #expect(error?.code == .connectionRefused)
        #expect(error?.message.contains("http://127.0.0.1:\(port)/path") == true)
        expectRedacted(error)
    }

    @Test func dnsFailure() {
        let error = error("http://drydock-test.invalid/path?key=QUERYSECRET")
        #expect(error?.code == .dnsFailure)
        #expect(error?.isTransient == false)
        expectRedacted(error)
    }

    @Test func tlsFailureAgainstAPlainHTTPPort() async throws {
        try await withServer(.init(), echo) { _, base in
            let error = error(base.replacingOccurrences(of: "http://", with: "https://") + "/x?key=QUERYSECRET")
            #expect(error?.code == .tlsFailure)
            expectRedacted(error)
        }
    }

    @Test(arguments: ["not a url?key=QUERYSECRET", "ftp://example.com/file?key=QUERYSECRET", "http:///nohost?key=QUERYSECRET",
                      "http://host:99999/?key=QUERYSECRET"])
    func invalidURL(url: String) {
        let error = error(url)
        #expect(error?.code == .invalidURL)
        expectRedacted(error)
    }

    @Test func userInfoIsRedactedToo() throws {
        let server = HTTPServer(responder: ClosureResponder { _ in HTTPResponse(status: 200) })
        try server.start()
        let port = server.port
        server.stop()
        let error = error("http://user:userpass@127.0.0.1:\(port)/p?key=QUERYSECRET")
        #expect(error?.code == .connectionRefused)
        expectRedacted(error)
    }

    @Test func headerValuesWithLineBreaksAreRejected() async throws {
        try await withServer(.init(), echo) { _, base in
            #expect(throws: HTTPClientError.self) {
                try HTTPClient().send(ClientRequest(method: "GET", url: base, headers: ["X-Bad": "a\r\nInjected: TOPSECRET"]))
            }
        }
    }

    @Test func timeoutFromConfiguration() async throws {
        try await withServer(.init(), { _ in HTTPResponse(status: 200, delivery: .hang) }) { _, base in
            let client = HTTPClient(configuration: .init(totalTimeout: 0.2))
            let start = ContinuousClock.now
            let error = #expect(throws: HTTPClientError.self) { try client.send(ClientRequest(method: "GET", url: base)) }
            #expect(error?.code == .timeout)
            #expect(elapsed(since: start) < 1)
        }
    }
}
