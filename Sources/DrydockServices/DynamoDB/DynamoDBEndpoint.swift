import DrydockCore
import DrydockCredentials
import DrydockHTTP

/// Where DynamoDB requests go and which region they are signed for.
public struct DynamoDBEndpoint: Sendable, Equatable {
    /// The signing region, e.g. `eu-west-1`.
    public let region: String
    /// The base URL, e.g. `https://dynamodb.eu-west-1.amazonaws.com`.
    public let url: String

    public init(region: String, url: String) {
        self.region = region
        self.url = url
    }

    /// Resolves the region (`explicit`, else `AWS_REGION`, else `AWS_DEFAULT_REGION`) and the URL
    /// (`AWS_ENDPOINT_URL_DYNAMODB`, else `AWS_ENDPOINT_URL`, else the regional AWS endpoint), as the SDKs do.
    public static func resolve(region explicit: String?, environment: Environment) throws -> DynamoDBEndpoint {
        let region = explicit.flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"]
        guard let region else {
            throw DynamoDBConfigurationError(
                message: "no AWS region: pass --region or set AWS_REGION (or AWS_DEFAULT_REGION)")
        }
        guard region.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
            throw DynamoDBConfigurationError(message: "AWS region '\(region)' is not a valid region name")
        }
        let url = environment["AWS_ENDPOINT_URL_DYNAMODB"] ?? environment["AWS_ENDPOINT_URL"]
            ?? "https://dynamodb.\(region).\(region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com")"
        do {
            _ = try ParsedURL(url)
        } catch {
            throw DynamoDBConfigurationError(message: "DynamoDB endpoint '\(url)' is not a usable URL: \(error)")
        }
        return DynamoDBEndpoint(region: region, url: url)
    }
}

/// The DynamoDB client could not be set up: no region, or an unusable endpoint URL (EX_CONFIG).
public struct DynamoDBConfigurationError: UserFacingError, Sendable, Equatable {
    public let message: String
    public init(message: String) { self.message = message }
    public var exitStatus: ExitStatus { .configuration }
    public var description: String { message }
}
