import DrydockCore
import DrydockCredentials
import DrydockHTTP

/// Where DynamoDB requests go and which region they are signed for — or those of another service speaking
/// AWS's JSON protocol (``AWSJSONService``), such as Secrets Manager.
public struct DynamoDBEndpoint: Sendable, Equatable {
    /// The signing region, e.g. `eu-west-1`.
    public let region: String
    /// The base URL, e.g. `https://dynamodb.eu-west-1.amazonaws.com`.
    public let url: String
    /// The service at that URL (DynamoDB unless said otherwise).
    public let service: AWSJSONService

    public init(region: String, url: String, service: AWSJSONService = .dynamoDB) {
        self.region = region
        self.url = url
        self.service = service
    }

    /// Resolves the region (`explicit`, else `AWS_REGION`, else `AWS_DEFAULT_REGION`) and the URL
    /// (`AWS_ENDPOINT_URL_DYNAMODB` — the service's own variable —, else `AWS_ENDPOINT_URL`, else the regional
    /// AWS endpoint), as the SDKs do.
    public static func resolve(
        region explicit: String?, environment: Environment, service: AWSJSONService = .dynamoDB
    ) throws -> DynamoDBEndpoint {
        let region = explicit.flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"]
        guard let region else {
            throw DynamoDBConfigurationError(
                message: "no AWS region: pass --region or set AWS_REGION (or AWS_DEFAULT_REGION)")
        }
        guard region.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
            throw DynamoDBConfigurationError(message: "AWS region '\(region)' is not a valid region name")
        }
        let url = environment[service.endpointVariable] ?? environment["AWS_ENDPOINT_URL"]
            ?? "https://\(service.hostPrefix).\(region).\(region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com")"
        do {
            _ = try ParsedURL(url)
        } catch {
            throw DynamoDBConfigurationError(message: "\(service.name) endpoint '\(url)' is not a usable URL: \(error)")
        }
        return DynamoDBEndpoint(region: region, url: url, service: service)
    }
}

/// The DynamoDB client could not be set up: no region, or an unusable endpoint URL (EX_CONFIG).
public struct DynamoDBConfigurationError: UserFacingError, Sendable, Equatable {
    public let message: String
    public init(message: String) { self.message = message }
    public var exitStatus: ExitStatus { .configuration }
    public var description: String { message }
}
