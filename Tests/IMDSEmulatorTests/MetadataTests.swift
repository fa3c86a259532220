import DrydockCore
import DrydockHTTP
import Testing
@testable import IMDSEmulator

@Suite("metadata paths")
struct MetadataTests {
    @Test("listings as EC2 prints them", arguments: [
        ("/latest/meta-data/", "ami-id\nami-launch-index\nhostname\niam/\ninstance-id\ninstance-life-cycle\ninstance-type\nlocal-hostname\nlocal-ipv4\nplacement/\nservices/"),
        ("/latest/meta-data", "ami-id\nami-launch-index\nhostname\niam/\ninstance-id\ninstance-life-cycle\ninstance-type\nlocal-hostname\nlocal-ipv4\nplacement/\nservices/"),
        ("/latest/", "dynamic\nmeta-data"),
        ("/latest/meta-data/placement/", "availability-zone\nregion"),
        ("/latest/meta-data/iam/", "info\nsecurity-credentials/"),
        ("/latest/meta-data/iam/security-credentials/", "drydock-ops-host"),
        ("/latest/dynamic/", "instance-identity/"),
        ("/latest/dynamic/instance-identity/", "document"),
    ])
    func listings(path: String, expected: String) throws {
        let response = try IMDSHarness().get(path)
        #expect(response.status == 200)
        #expect(response.bodyText == expected)
        #expect(response.headers["Content-Type"] == "text/plain")
        #expect(response.headers["Server"] == "EC2ws")
    }

    @Test("values from instance.json", arguments: [
        ("/latest/meta-data/instance-id", "i-0a1b2c3d4e5f67890"),
        ("/latest/meta-data/instance-type", "t3.small"),
        ("/latest/meta-data/ami-id", "ami-0c02fb55956c7d316"),
        ("/latest/meta-data/local-ipv4", "10.0.1.25"),
        ("/latest/meta-data/hostname", "ip-10-0-1-25.ec2.internal"),
        ("/latest/meta-data/placement/region", "us-east-1"),
        ("/latest/meta-data/placement/availability-zone", "us-east-1a"),
        ("//latest/meta-data/placement/region", "us-east-1"),
    ])
    func values(path: String, expected: String) throws {
        let response = try IMDSHarness().get(path)
        #expect(response.status == 200)
        #expect(response.bodyText == expected)
    }

    @Test("unknown paths are 404 with EC2's page", arguments: [
        "/latest/meta-data/nope", "/latest/meta-data/iam/security-credentials/other-role", "/latest/dynamic/nope",
        "/latest/meta-data/iam/security-credentials/drydock-ops-host/extra",
    ])
    func notFound(path: String) throws {
        let response = try IMDSHarness().get(path)
        #expect(response.status == 404)
        #expect(response.bodyText == notFoundPage)
        #expect(response.headers["Content-Type"] == "text/html")
    }

    @Test("claims only /latest paths and names operations")
    func claimsAndOperations() throws {
        let imds = try IMDSHarness().imds
        func request(_ path: String) -> HTTPRequest { HTTPRequest(method: "GET", target: path) }
        #expect(imds.claims(request("/latest/meta-data/")))
        #expect(imds.claims(request("/latest")))
        #expect(!imds.claims(request("/latestx")))
        #expect(!imds.claims(request("/token")))
        #expect(!imds.claims(request("/gmail/v1/users/me/profile")))
        #expect(imds.operation(for: request("/latest/api/token")) == "token")
        #expect(imds.operation(for: request("/latest/meta-data/")) == "listing")
        #expect(imds.operation(for: request("/latest/meta-data/instance-id")) == "meta-data")
        #expect(imds.operation(for: request("/latest/meta-data/iam/info")) == "meta-data")
        #expect(imds.operation(for: request("/latest/meta-data/iam/security-credentials/drydock-ops-host")) == "credentials")
        #expect(imds.operation(for: request("/latest/dynamic/instance-identity/document")) == "identity-document")
        #expect(imds.operation(for: request("/latest/nope")) == "unknown")
        #expect(Set(imds.knownOperations) == ["token", "listing", "meta-data", "credentials", "identity-document"])
    }

    @Test("iam/info names the instance profile")
    func iamInfo() throws {
        let harness = try IMDSHarness()
        let text = try harness.get("/latest/meta-data/iam/info").bodyText
        #expect(text.hasPrefix("{\n  \"Code\" : \"Success\",\n  \"LastUpdated\" : \""))
        let json = try JSONValue.parse(text)
        #expect(json.objectValue?.map(\.0) == ["Code", "LastUpdated", "InstanceProfileArn", "InstanceProfileId"])
        #expect(json["InstanceProfileArn"]?.stringValue == "arn:aws:iam::123456789012:instance-profile/drydock-ops-host")
        #expect(json["InstanceProfileId"]?.stringValue?.hasPrefix("AIPA") == true)
        #expect(json["InstanceProfileId"]?.stringValue?.count == 21)
    }

    @Test("the instance identity document")
    func identityDocument() throws {
        let harness = try IMDSHarness()
        let response = try harness.get("/latest/dynamic/instance-identity/document")
        #expect(response.status == 200)
        let json = try JSONValue.parse(response.bodyText)
        #expect(json["accountId"]?.stringValue == "123456789012")
        #expect(json["architecture"]?.stringValue == "x86_64")
        #expect(json["availabilityZone"]?.stringValue == "us-east-1a")
        #expect(json["imageId"]?.stringValue == "ami-0c02fb55956c7d316")
        #expect(json["instanceId"]?.stringValue == "i-0a1b2c3d4e5f67890")
        #expect(json["instanceType"]?.stringValue == "t3.small")
        #expect(json["pendingTime"]?.stringValue == "2027-01-15T08:00:00Z")
        #expect(json["privateIp"]?.stringValue == "10.0.1.25")
        #expect(json["region"]?.stringValue == "us-east-1")
        #expect(json["version"]?.stringValue == "2017-09-30")
        #expect(json["kernelId"] == .null)
        #expect(response.bodyText.contains("\n  \"billingProducts\" : null,\n"))
    }

    @Test("an instance without a role has no iam/")
    func noRole() throws {
        var instance = IMDSInstance.defaults
        instance.role = nil
        let harness = try IMDSHarness(instance: instance)
        #expect(try !harness.get("/latest/meta-data/").bodyText.contains("iam/"))
        #expect(try harness.get("/latest/meta-data/iam/info").status == 404)
        #expect(try harness.get("/latest/meta-data/iam/security-credentials/drydock-ops-host").status == 404)
    }

    @Test("other methods on metadata paths are 405")
    func methodNotAllowed() throws {
        let harness = try IMDSHarness()
        let response = harness.imds.handle(HTTPRequest(method: "POST", target: "/latest/meta-data/"))
        #expect(response.status == 405)
    }
}
