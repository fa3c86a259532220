import DrydockCore
import DrydockServices
import Testing

/// Region and endpoint resolution, as the AWS SDKs do it.
@Suite struct DynamoDBEndpointTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let region: String?
        let environment: [String: String]
        let expectedRegion: String
        let expectedURL: String
        var testDescription: String { "\(region ?? "nil") \(environment) → \(expectedURL)" }
    }

    static let cases: [Case] = [
        Case(region: "eu-west-1", environment: [:], expectedRegion: "eu-west-1",
             expectedURL: "https://dynamodb.eu-west-1.amazonaws.com"),
        Case(region: nil, environment: ["AWS_REGION": "us-east-2", "AWS_DEFAULT_REGION": "ap-south-1"],
             expectedRegion: "us-east-2", expectedURL: "https://dynamodb.us-east-2.amazonaws.com"),
        Case(region: nil, environment: ["AWS_DEFAULT_REGION": "ap-south-1"],
             expectedRegion: "ap-south-1", expectedURL: "https://dynamodb.ap-south-1.amazonaws.com"),
        Case(region: "eu-west-1", environment: ["AWS_REGION": "us-east-2"],
             expectedRegion: "eu-west-1", expectedURL: "https://dynamodb.eu-west-1.amazonaws.com"),
        Case(region: "cn-north-1", environment: [:], expectedRegion: "cn-north-1",
             expectedURL: "https://dynamodb.cn-north-1.amazonaws.com.cn"),
        Case(region: "eu-west-1", environment: ["AWS_ENDPOINT_URL": "http://127.0.0.1:4566"],
             expectedRegion: "eu-west-1", expectedURL: "http://127.0.0.1:4566"),
        Case(region: "eu-west-1",
             environment: ["AWS_ENDPOINT_URL": "http://127.0.0.1:4566", "AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:8000"],
             expectedRegion: "eu-west-1", expectedURL: "http://127.0.0.1:8000"),
    ]

    @Test(arguments: cases)
    func resolves(_ c: Case) throws {
        let endpoint = try DynamoDBEndpoint.resolve(region: c.region, environment: Environment(c.environment))
        #expect(endpoint == DynamoDBEndpoint(region: c.expectedRegion, url: c.expectedURL))
    }

    @Test func noRegionIsAConfigurationError() throws {
        let error = try #require(throws: DynamoDBConfigurationError.self) {
            try DynamoDBEndpoint.resolve(region: nil, environment: Environment())
        }
        #expect(error.exitStatus == .configuration)
        #expect(error.message.contains("AWS_REGION"))
    }

    @Test func anUnusableEndpointIsAConfigurationError() throws {
        #expect(throws: DynamoDBConfigurationError.self) {
            try DynamoDBEndpoint.resolve(region: "eu-west-1", environment: Environment(["AWS_ENDPOINT_URL_DYNAMODB": "localhost:8000"]))
        }
    }
}
