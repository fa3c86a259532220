import DrydockHTTP
import Testing
@testable import IMDSEmulator

@Suite("IMDSv2 session tokens")
struct TokenTests {
    @Test("TTLs from 1 to 21600 seconds are accepted and echoed", arguments: ["1", "300", "21600"])
    func acceptedTTL(ttl: String) throws {
        let harness = try IMDSHarness()
        let response = harness.put(headers: ["X-aws-ec2-metadata-token-ttl-seconds": ttl])
        #expect(response.status == 200)
        #expect(response.headers["X-aws-ec2-metadata-token-ttl-seconds"] == ttl)
        #expect(response.headers["Content-Type"] == "text/plain")
        #expect(response.bodyText.count == 56)
        #expect(response.bodyText.hasPrefix("AQAE"))
    }

    @Test("a missing or invalid TTL is 400", arguments: [nil, "", "0", "21601", "-5", "abc", "1.5", "٣"])
    func rejectedTTL(ttl: String?) throws {
        let harness = try IMDSHarness()
        var headers: HTTPHeaders = [:]
        if let ttl { headers.set("X-aws-ec2-metadata-token-ttl-seconds", ttl) }
        let response = harness.put(headers: headers)
        #expect(response.status == 400)
        #expect(response.bodyText.contains("<title>400 - Bad Request</title>"))
        #expect(response.headers["Content-Type"] == "text/html")
    }

    @Test("a token PUT carrying X-Forwarded-For is refused with 403")
    func forwardedForRefused() throws {
        let harness = try IMDSHarness()
        let response = harness.put(headers: ["X-aws-ec2-metadata-token-ttl-seconds": "60", "X-Forwarded-For": "203.0.113.9"])
        #expect(response.status == 403)
        #expect(response.bodyText.contains("403 - Forbidden"))
    }

    @Test("GET on the token path is 405")
    func getOnTokenPath() throws {
        let harness = try IMDSHarness()
        let response = harness.get("/latest/api/token", token: nil)
        #expect(response.status == 405)
        #expect(response.headers["Allow"] == "PUT")
    }

    @Test("IMDSv2 required: no token or an unknown token is 401")
    func v2Required() throws {
        let harness = try IMDSHarness()
        #expect(harness.get("/latest/meta-data/instance-id", token: nil).status == 401)
        let unknown = harness.get("/latest/meta-data/instance-id", token: "AQAEAnotatoken")
        #expect(unknown.status == 401)
        #expect(unknown.bodyText.contains("<h1>401 - Unauthorized</h1>"))
        // Unauthorized wins over not-found, as on EC2.
        #expect(harness.get("/latest/meta-data/nope", token: nil).status == 401)
    }

    @Test("a token expires on the virtual clock at its TTL")
    func tokenExpiry() throws {
        let harness = try IMDSHarness()
        let token = try harness.token(ttl: 60)
        #expect(harness.get("/latest/meta-data/instance-id", token: token).status == 200)
        harness.clock.advance(seconds: 59)
        #expect(harness.get("/latest/meta-data/instance-id", token: token).status == 200)
        harness.clock.advance(seconds: 1)
        #expect(harness.get("/latest/meta-data/instance-id", token: token).status == 401)
    }

    @Test("IMDSv1 allowed: GETs without a token work, a bad token is still 401")
    func v1Allowed() throws {
        var instance = IMDSInstance.defaults
        instance.imdsV1Allowed = true
        let harness = try IMDSHarness(instance: instance)
        let response = harness.get("/latest/meta-data/instance-id", token: nil)
        #expect(response.status == 200)
        #expect(response.bodyText == instance.instanceID)
        #expect(harness.get("/latest/meta-data/instance-id", token: "bogus").status == 401)
    }

    @Test("expireIssuedTokens expires session tokens; reset forgets them")
    func expireAndReset() throws {
        let harness = try IMDSHarness()
        let token = try harness.token()
        harness.imds.expireIssuedTokens()
        #expect(harness.get("/latest/meta-data/instance-id", token: token).status == 401)
        let fresh = try harness.token()
        #expect(harness.get("/latest/meta-data/instance-id", token: fresh).status == 200)
        harness.imds.reset()
        #expect(harness.get("/latest/meta-data/instance-id", token: fresh).status == 401)
    }
}

/// TTL headers and token floods a hostile client sends (issue 8): a 400 or a bounded store, never a trap.
@Suite("IMDS hostile token requests")
struct IMDSHostileTokenTests {
    @Test("TTLs outside Int's range or oddly written are 400", arguments: [
        "99999999999999999999999999", "9223372036854775808", "-9223372036854775809", "9223372036854775807",
        String(repeating: "9", count: 100_000), "1e3", "0x10", "21600\u{0}", "6O",
    ])
    func outOfRangeTTL(ttl: String) throws {
        let harness = try IMDSHarness()
        let response = harness.put(headers: ["X-aws-ec2-metadata-token-ttl-seconds": ttl])
        #expect(response.status == 400)
        #expect(response.bodyText.contains("<title>400 - Bad Request</title>"))
    }

    @Test("a flood of token PUTs keeps at most 10,000 tokens", .timeLimit(.minutes(1)))
    func tokenFloodIsBounded() throws {
        let harness = try IMDSHarness()
        var first: String?
        for index in 0..<(IMDSSessionTokens.capacity + 50) {
            let token = try harness.token(ttl: index == 0 ? 1 : 21_600)
            if index == 0 { first = token }
        }
        #expect(harness.imds.sessionTokens.count == IMDSSessionTokens.capacity)
        // The token closest to expiry made room; a recent one still works.
        #expect(harness.get("/latest/meta-data/instance-id", token: first).status == 401)
        #expect(try harness.get("/latest/meta-data/instance-id").status == 200)
    }
}
