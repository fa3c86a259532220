import DrydockCrypto
import DrydockHTTP
import Foundation

/// One DynamoDB call as the SDKs put it on the wire: `POST` to the endpoint with
/// `X-Amz-Target: DynamoDB_20120810.<Op>` and `Content-Type: application/x-amz-json-1.0`, signed with
/// SigV4 for service `dynamodb` in the endpoint's region. ``DynamoDBClient`` sends these; the benchmark
/// pre-signs them, so both put the same bytes on the wire. Another JSON-protocol service (the endpoint's
/// ``AWSJSONService``) gets its own target prefix, content type and signing name.
public struct DynamoDBWireRequest: Sendable {
    public let endpoint: DynamoDBEndpoint
    private let authority: String
    private let path: String

    /// - Throws: when `endpoint.url` is not a usable URL.
    public init(endpoint: DynamoDBEndpoint) throws {
        let url = try ParsedURL(endpoint.url)
        self.endpoint = endpoint
        authority = url.authority
        path = url.target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? "/"
    }

    /// `operation` with `payload` (its JSON body), signed with `credentials` at `date`.
    public func signed(
        _ operation: String, payload: [UInt8], credentials: AWSCredentials, date: Date, timeout: Double? = nil
    ) -> ClientRequest {
        let unsigned = SigV4Request(
            method: "POST", path: path,
            headers: [
                ("Host", authority),
                ("Content-Type", endpoint.service.contentType),
                ("X-Amz-Target", endpoint.service.targetPrefix + operation),
            ],
            body: payload)
        let signed = SigV4Signer(credentials: credentials, region: endpoint.region, service: endpoint.service.signingName).sign(unsigned, date: date)
        let headers = HTTPHeaders(signed.headers.map { ($0.name, $0.value) })
        return ClientRequest(method: "POST", url: endpoint.url, headers: headers, body: payload, timeout: timeout)
    }
}
