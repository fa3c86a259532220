import DrydockCore
import DrydockCredentials
import DrydockCrypto
import DrydockHTTP
import DrydockServices
import Foundation
import Testing

/// The client against a scripted DynamoDB: wire format, signing, retries, errors.
@Suite struct DynamoDBClientTests {
    let clock = ManualClock()
    static let credentials = AWSCredentials(
        accessKeyID: "ASIATESTKEY", secretAccessKey: "test-secret-key-XXXXXXXX", sessionToken: "test-session-token-YYYY")

    struct StaticProvider: AWSCredentialProvider {
        var name: String { "static" }
        func expiringCredentials() throws -> ExpiringAWSCredentials {
            ExpiringAWSCredentials(credentials: DynamoDBClientTests.credentials, expiration: nil, source: name)
        }
    }

    func client(_ fake: FakeDynamoDB, environment: [String: String] = [:], random: Double = 0.5) throws -> DynamoDBClient {
        try DynamoDBClient(
            region: "eu-west-1", credentials: StaticProvider(), transport: fake.transport,
            environment: Environment(environment), clock: clock,
            retryPolicy: DynamoDBRetryPolicy(random: { random }))
    }

    @Test func requestsUseTheJSONProtocolAndAreSigned() throws {
        let fake = FakeDynamoDB([FakeDynamoDB.ok(["TableNames": ["bookings"]])])
        let output = try client(fake, environment: ["AWS_ENDPOINT_URL": "http://127.0.0.1:4566"])
            .call("ListTables", ["Limit": 10])
        #expect(output == ["TableNames": ["bookings"]])

        let request = try #require(fake.requests.first)
        #expect(request.method == "POST" && request.target == "/")
        #expect(request.headers["Host"] == "127.0.0.1:4566")
        #expect(request.headers["X-Amz-Target"] == "DynamoDB_20120810.ListTables")
        #expect(request.headers["Content-Type"] == "application/x-amz-json-1.0")
        #expect(request.headers["X-Amz-Date"] == "20270115T080000Z")
        #expect(request.headers["X-Amz-Security-Token"] == "test-session-token-YYYY")
        #expect(request.bodyText == #"{"Limit":10}"#)
        let authorization = try #require(request.headers["Authorization"])
        #expect(authorization.hasPrefix(
            "AWS4-HMAC-SHA256 Credential=ASIATESTKEY/20270115/eu-west-1/dynamodb/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature="))
    }

    @Test func theSignatureVerifies() throws {
        let fake = FakeDynamoDB([FakeDynamoDB.ok([:])])
        _ = try client(fake).call("DescribeTable", ["TableName": "bookings"])
        let request = try #require(fake.requests.first)
        let signed = SigV4Request(
            method: request.method, path: request.rawPath, query: request.rawQuery,
            headers: request.headers.fields.filter { $0.name != "Content-Length" }, body: request.body)
        let signer = SigV4Signer(credentials: Self.credentials, region: "eu-west-1", service: "dynamodb")
        let unsigned = SigV4Request(
            method: "POST", path: "/",
            headers: signed.headers.filter { !["authorization", "x-amz-date", "x-amz-security-token", "user-agent"].contains($0.name.lowercased()) },
            body: request.body)
        #expect(signer.sign(unsigned, date: clock.now()).header("Authorization") == signed.header("Authorization"))
    }

    @Test func throttlingIsRetriedWithFullJitterBackoff() throws {
        let fake = FakeDynamoDB([FakeDynamoDB.throttled, FakeDynamoDB.throttled, FakeDynamoDB.ok(["Count": 0])])
        #expect(try client(fake, random: 0.5).call("Query", [:]) == ["Count": 0])
        #expect(fake.requests.count == 3)
        // botocore standard: min(rand × 2^(n−1), 20) before retry n.
        #expect(clock.sleeps == [0.5, 1.0])
        // Each attempt is signed afresh at the clock's time.
        #expect(fake.requests.map { $0.headers["X-Amz-Date"] } == ["20270115T080000Z", "20270115T080000Z", "20270115T080001Z"])
    }

    @Test func persistentThrottlingGivesUpAfterThreeAttempts() throws {
        let fake = FakeDynamoDB(Array(repeating: FakeDynamoDB.throttled, count: 5))
        let error = try #require(throws: DynamoDBError.self) { try client(fake, random: 1).call("Query", [:]) }
        #expect(fake.requests.count == 3)
        #expect(clock.sleeps == [1, 2])
        #expect(error.code == "ProvisionedThroughputExceededException")
        #expect(error.attempts == 3)
        #expect(error.exitStatus == .transient)
        #expect(error.requestID == "REQ-ProvisionedThroughputExceededException")
        #expect(error.description.hasPrefix("DynamoDB Query failed: ProvisionedThroughputExceededException (HTTP 400): The level"))
    }

    @Test(arguments: [
        HTTPResponse(status: 500, contentType: "application/x-amz-json-1.0", text: #"{"__type":"com.amazon.coral.availability#InternalServerError","message":"Internal server error"}"#),
        HTTPResponse(status: 503, contentType: "text/html", text: "<html>Service Unavailable</html>"),
        HTTPResponse(status: 200, delivery: .reset),
        HTTPResponse(status: 200, contentType: "application/x-amz-json-1.0", text: "{}", headers: ["x-amz-crc32": "12345"]),
        FakeDynamoDB.error(400, "ThrottlingException", "Rate exceeded"),
        FakeDynamoDB.error(400, "RequestLimitExceeded", "Throughput exceeds the current throughput limit for your account."),
    ])
    func transientFailuresAreRetried(first: HTTPResponse) throws {
        let fake = FakeDynamoDB([first, FakeDynamoDB.ok(["Items": []])])
        #expect(try client(fake).call("Query", [:]) == ["Items": []])
        #expect(fake.requests.count == 2)
    }

    @Test func aMatchingCRC32IsAccepted() throws {
        // zlib.crc32(b'{}') == 2745614147
        let fake = FakeDynamoDB([HTTPResponse(
            status: 200, contentType: "application/x-amz-json-1.0", text: "{}", headers: ["x-amz-crc32": "2745614147"])])
        #expect(try client(fake).call("DescribeLimits", [:]) == [:])
        #expect(fake.requests.count == 1)
    }

    @Test func clientErrorsAreNotRetriedAndAreParsed() throws {
        let fake = FakeDynamoDB([FakeDynamoDB.error(400, "ResourceNotFoundException", "Requested resource not found")])
        let error = try #require(throws: DynamoDBError.self) { try client(fake).call("GetItem", [:]) }
        #expect(fake.requests.count == 1)
        #expect(clock.sleeps.isEmpty)
        #expect(error.code == "ResourceNotFoundException")
        #expect(error.message == "Requested resource not found")
        #expect(error.status == 400)
        #expect(error.exitStatus == .configuration)
    }

    @Test func theErrorTypeHeaderAndUnparsableBodiesAreUnderstood() throws {
        let header = FakeDynamoDB([HTTPResponse(
            status: 400, contentType: "application/x-amz-json-1.0", text: #"{"Message":"bad"}"#,
            headers: ["x-amzn-ErrorType": "ValidationException:http://internal.amazon.com/coral/com.amazon.coral.validate/"])])
        let error = try #require(throws: DynamoDBError.self) { try client(header).call("PutItem", [:]) }
        #expect(error.code == "ValidationException" && error.message == "bad")
        #expect(error.exitStatus == .software)

        let html = FakeDynamoDB([HTTPResponse(status: 413, contentType: "text/html", text: "<html/>")])
        let tooLarge = try #require(throws: DynamoDBError.self) { try client(html).call("PutItem", [:]) }
        #expect(tooLarge.code == "413" && tooLarge.message == "Payload Too Large")
    }

    @Test func theRetryQuotaStopsRetriesAgainstAStrugglingService() throws {
        let fake = FakeDynamoDB(Array(repeating: FakeDynamoDB.throttled, count: 160))
        let client = try client(fake, random: 0)
        for _ in 0..<50 { _ = try? client.call("Query", [:]) }  // 2 retries × 5 tokens each: 500 spent
        #expect(client.retryQuota.capacity == 0)
        #expect(fake.requests.count == 150)
        let error = try #require(throws: DynamoDBError.self) { try client.call("Query", [:]) }
        #expect(fake.requests.count == 151)
        #expect(error.retryQuotaExhausted && error.attempts == 1)
        #expect(error.description.contains("retry quota exhausted"))
    }

    @Test func successesRefillTheRetryQuota() throws {
        let fake = FakeDynamoDB([FakeDynamoDB.throttled, FakeDynamoDB.ok([:]), FakeDynamoDB.throttled, FakeDynamoDB.throttled, FakeDynamoDB.throttled])
        let client = try client(fake)
        _ = try client.call("Query", [:])
        #expect(client.retryQuota.capacity == 500)  // the retry's 5 tokens came back
        _ = try? client.call("Query", [:])
        #expect(client.retryQuota.capacity == 490)
    }

    @Test func credentialFailuresSurfaceUnchanged() throws {
        let fake = FakeDynamoDB([])
        let client = try DynamoDBClient(
            region: "eu-west-1", credentials: EnvironmentCredentialProvider(environment: Environment()),
            transport: fake.transport, environment: Environment(), clock: clock)
        let error = try #require(throws: CredentialError.self) { try client.call("ListTables", [:]) }
        #expect(error.code == .awsCredentialsNotFound)
        #expect(fake.requests.isEmpty)
    }
}
