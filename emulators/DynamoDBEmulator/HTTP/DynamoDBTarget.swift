import DrydockHTTP
import EmulatorKit

/// What the edge needs from a DynamoDB request's headers: the action (see `AWSJSONRequest` for the
/// region, from the SigV4 credential scope: the tables a request reaches and the region `"region"` fault
/// rules match).
enum DynamoDBTarget {
    static let prefix = "DynamoDB_20120810."

    /// The action named by `X-Amz-Target`, nil when the header is absent or for another service.
    static func action(of request: HTTPRequest) -> String? { AWSJSONRequest.action(of: request, prefix: prefix) }

    /// DynamoDB Streams' target prefix: same endpoint protocol, same SigV4 service name (`dynamodb`),
    /// served by the same emulator (AWS's host is `streams.dynamodb.<region>.amazonaws.com`).
    static let streamsPrefix = "DynamoDBStreams_20120810."

    /// The DynamoDB Streams action named by `X-Amz-Target`, nil when absent or for another service.
    static func streamsAction(of request: HTTPRequest) -> String? { AWSJSONRequest.action(of: request, prefix: streamsPrefix) }
}
