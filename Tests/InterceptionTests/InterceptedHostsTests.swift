import DrydockCore
import DrydockHTTP
import DrydockTesting
import EmulatorKit
import Foundation
@testable import Interception
import Testing

@Suite("Intercepted hosts", .timeLimit(.minutes(1)))
struct InterceptedHostsTests {
    @Test(arguments: [
        ("oauth2.googleapis.com", 443), ("accounts.google.com", 443), ("www.googleapis.com", 443), ("gmail.googleapis.com", 443),
        ("sheets.googleapis.com", 443), ("Gmail.GoogleAPIs.com.", 443), ("gmail.googleapis.com", 80),
        ("dynamodb.us-east-1.amazonaws.com", 443), ("dynamodb.us-west-2.amazonaws.com", 80), ("dynamodb.ap-southeast-7.amazonaws.com", 443),
        ("dynamodb.us-gov-west-1.amazonaws.com", 443), ("dynamodb-fips.us-east-1.amazonaws.com", 443),
        ("dynamodb.cn-north-1.amazonaws.com.cn", 443), ("dynamodb.eusc-de-east-1.amazonaws.eu", 443),
        ("streams.dynamodb.us-east-1.amazonaws.com", 443), ("streams.dynamodb.cn-north-1.amazonaws.com.cn", 443),
        ("169.254.169.254", 80), ("[fd00:ec2::254]", 80),
        ("s3.amazonaws.com", 443), ("s3.us-east-1.amazonaws.com", 443), ("drydock-charter-backups.s3.us-east-1.amazonaws.com", 443),
        ("my.dotted.bucket.s3.eu-west-1.amazonaws.com", 443), ("bucket.s3.amazonaws.com", 80), ("s3-us-west-2.amazonaws.com", 443),
        ("s3.dualstack.us-west-2.amazonaws.com", 443), ("s3.cn-north-1.amazonaws.com.cn", 443),
    ])
    func emulatedHosts(_ host: String, _ port: Int) {
        #expect(InterceptedHosts.route(host: host, port: port) == .emulate)
        #expect(InterceptedHosts.isEmulated(host: host))
    }

    @Test(arguments: [
        ("example.org", 443, "example.org is not a host Drydock emulates"),
        ("googleapis.com", 443, "googleapis.com is not a host Drydock emulates"),
        ("drive.googleapis.com", 443, "drive.googleapis.com is not a host Drydock emulates"),
        ("sqs.us-east-1.amazonaws.com", 443, "sqs.us-east-1.amazonaws.com is not a host Drydock emulates"),
        ("bucket.s3.us-esat-1.amazonaws.com", 443, "bucket.s3.us-esat-1.amazonaws.com is not an S3 endpoint: AWS has no region \"us-esat-1\""),
        ("s3.amazonaws.com.cn", 443, "s3.amazonaws.com.cn is not a host Drydock emulates"),
        ("dynamodb.us-esat-1.amazonaws.com", 443, "dynamodb.us-esat-1.amazonaws.com is not a DynamoDB endpoint: AWS has no region \"us-esat-1\""),
        ("streams.dynamodb.us-esat-1.amazonaws.com", 443, "streams.dynamodb.us-esat-1.amazonaws.com is not a DynamoDB endpoint: AWS has no region \"us-esat-1\""),
        ("dynamodb-fips.eu-west-1.amazonaws.com", 443, "dynamodb-fips.eu-west-1.amazonaws.com is not a DynamoDB endpoint: AWS has no region \"eu-west-1\""),
        ("169.254.169.254", 443, "Drydock emulates 169.254.169.254 on port 80 only, not 443"),
        ("gmail.googleapis.com", 8443, "Drydock emulates gmail.googleapis.com on port 80 and 443 only, not 8443"),
        ("127.0.0.1", 443, "127.0.0.1 is not a host Drydock emulates"),
        ("bad host", 443, "\"bad host\" is not a valid host name"),
    ])
    func refusedHostsSayWhy(_ host: String, _ port: Int, _ reason: String) {
        #expect(InterceptedHosts.route(host: host, port: port) == .refuse(reason: reason))
    }

    @Test func theHostsFileListsEveryNamedHost() {
        let names = InterceptedHosts.hostsFileNames
        for name in ["oauth2.googleapis.com", "accounts.google.com", "www.googleapis.com", "gmail.googleapis.com", "sheets.googleapis.com",
                     "dynamodb.us-east-1.amazonaws.com", "dynamodb.eu-west-1.amazonaws.com", "dynamodb-fips.us-west-2.amazonaws.com",
                     "s3.amazonaws.com", "s3.eu-west-1.amazonaws.com"] {
            #expect(names.contains(name), "\(name)")
        }
        #expect(!names.contains("169.254.169.254"))
        #expect(Set(names).count == names.count)
        #expect(names.allSatisfy(InterceptedHosts.isEmulated(host:)))
    }

    @Test func theEnvironmentPointsEveryClientAtTheProxyAndTheBundle() {
        let variables = InterceptionEnvironment.variables(proxyURL: "http://127.0.0.1:9", bundlePath: "/sandbox/ca-bundle.pem")
        let byName = Dictionary(uniqueKeysWithValues: variables.map { ($0.name, $0.value) })
        for name in ["HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy"] { #expect(byName[name] == "http://127.0.0.1:9") }
        #expect(byName["NO_PROXY"] == "127.0.0.1,localhost,::1")
        #expect(byName["no_proxy"] == "127.0.0.1,localhost,::1")
        for name in ["SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "AWS_CA_BUNDLE", "HTTPLIB2_CA_CERTS", "NODE_EXTRA_CA_CERTS", "GIT_SSL_CAINFO"] {
            #expect(byName[name] == "/sandbox/ca-bundle.pem")
        }
        #expect(variables.count == 13)
        #expect(InterceptionEnvironment.exportLines([("A", "it's")]) == ["export A='it'\\''s'"])
    }
}

/// The host table applied to requests, in-process (no sockets): the same responder the proxy's edge
/// servers use.
@Suite("Intercepted host routing", .timeLimit(.minutes(1)))
struct InterceptedHostRoutingTests {
    static let scope = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/%@/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=00"

    func listTables(host: String, scopeRegion: String) -> HTTPRequest {
        HTTPRequest(method: "POST", target: "/", headers: [
            "Host": host, "X-Amz-Target": "DynamoDB_20120810.ListTables", "Content-Type": "application/x-amz-json-1.0",
            "Authorization": String(format: Self.scope, scopeRegion), "X-Amz-Date": "20260101T000000Z",
        ], body: Array("{}".utf8))
    }

    @Test func aSignatureScopedToAnotherRegionGetsDynamoDBsAnswer() throws {
        try withEmulators(.inProcess) { harness in
            let responder = InterceptedHostResponder(router: harness.router, scheme: .https)
            let response = responder.respond(to: listTables(host: "dynamodb.us-west-2.amazonaws.com", scopeRegion: "us-east-1"))
            #expect(response.status == 400)
            #expect(response.headers["Content-Type"] == "application/x-amz-json-1.0")
            #expect(response.headers["x-amzn-RequestId"]?.count == 52)
            #expect(response.bodyText == #"{"__type":"com.amazon.coral.service#InvalidSignatureException","message":"Credential should be scoped to a valid region, not 'us-east-1'. "}"#)
            let entries = harness.router.journal.entries(Journal.Filter(service: "dynamodb"))
            #expect(entries.map(\.operation) == ["ListTables"])
            #expect(entries.map(\.status) == [400])
        }
    }

    @Test func aSignatureScopedToTheHostsRegionReachesTheEmulator() throws {
        try withEmulators(.inProcess) { harness in
            let responder = InterceptedHostResponder(router: harness.router, scheme: .https)
            let response = responder.respond(to: listTables(host: "dynamodb.us-west-2.amazonaws.com:443", scopeRegion: "us-west-2"))
            // The emulator checks the (made-up) signature itself.
            #expect(!response.bodyText.contains("scoped to a valid region"))
            #expect(response.bodyText.contains("__type"))
        }
    }

    @Test func theControlAPIIsNotReachableThroughAHost() throws {
        try withEmulators(.inProcess) { harness in
            let responder = InterceptedHostResponder(router: harness.router, scheme: .http)
            let response = responder.respond(to: HTTPRequest(method: "GET", target: "http://169.254.169.254/_drydock/journal"))
            // IMDS's own answer (no session token), not the control API's journal.
            #expect(response.status == 401)
            #expect(!response.bodyText.contains("requests"))
            #expect(harness.router.journal.entries(Journal.Filter(service: "imds")).count == 1)
        }
    }

    @Test func absoluteFormAndHostHeaderBothAddressTheRequest() throws {
        try withEmulators(.inProcess) { harness in
            let responder = InterceptedHostResponder(router: harness.router, scheme: .http)
            let absolute = responder.respond(to: HTTPRequest(method: "GET", target: "http://169.254.169.254/latest/meta-data/?x=1#frag", headers: ["Host": "example.org"]))
            #expect(absolute.status != 403)
            let byHeader = responder.respond(to: HTTPRequest(method: "GET", target: "/latest/meta-data/", headers: ["Host": "169.254.169.254:80"]))
            #expect(byHeader.status == absolute.status)
            let refused = responder.respond(to: HTTPRequest(method: "GET", target: "/", headers: ["Host": "example.org"]))
            #expect(refused.status == 403)
            #expect(refused.bodyText.contains("example.org is not a host Drydock emulates"))
            let missing = responder.respond(to: HTTPRequest(method: "GET", target: "/"))
            #expect(missing.status == 400)
            #expect(missing.bodyText == "Drydock proxy: bad request: the request has no Host header\n")
            let paths = harness.router.journal.entries(Journal.Filter(service: "imds")).map(\.path)
            #expect(paths == ["/latest/meta-data/?x=1", "/latest/meta-data/"])
        }
    }

    @Test func hostilePathsAndHostsAreJournalledSafely() throws {
        try withEmulators(.inProcess) { harness in
            let responder = InterceptedHostResponder(router: harness.router, scheme: .https)
            _ = responder.respond(to: HTTPRequest(method: "GET", target: "/", headers: ["Host": "ex\u{1}ample.org"]))
            _ = responder.respond(to: HTTPRequest(method: "GET", target: "/", headers: ["Host": String(repeating: "a.", count: 300)]))
            // Neither is a host name: 400, and nothing recorded as if it were one.
            #expect(harness.router.journal.entries(Journal.Filter(service: "egress")).isEmpty)
        }
    }
}

/// Interception and the S3 emulator share one parser (`S3HostName`): whatever interception sends to S3 the
/// emulator reads the same bucket from, a bucket with an `s3` label in it included.
@Suite struct S3EndpointsAgreementTests {
    @Test(arguments: [
        "logs.s3.example.s3.eu-west-1.amazonaws.com", "logs.s3.example.s3.amazonaws.com", "bucket.s3-us-west-2.amazonaws.com",
        "bucket.s3.dualstack.us-west-2.amazonaws.com", "s3.amazonaws.com", "s3.cn-north-1.amazonaws.com.cn",
        "s3-accesspoint.us-east-1.amazonaws.com", "bucket.s3.us-east-1.extra.amazonaws.com",
    ])
    func matchesWhatTheEmulatorParses(_ host: String) {
        #expect((S3Endpoints.match(host) != .notS3) == (S3HostName(host) != nil), "\(host)")
    }

    @Test func aRegionAWSDoesNotHaveIsRefusedWhateverTheBucket() {
        #expect(S3Endpoints.match("logs.s3.example.s3.eu-west-1.amazonaws.com") == .endpoint)
        #expect(S3Endpoints.match("logs.s3.example.s3.eu-wset-1.amazonaws.com") == .unknownRegion("eu-wset-1"))
        #expect(S3Endpoints.match("bucket.s3-eu-wset-1.amazonaws.com") == .unknownRegion("eu-wset-1"))
    }
}
