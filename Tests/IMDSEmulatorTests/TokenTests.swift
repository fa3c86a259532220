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
