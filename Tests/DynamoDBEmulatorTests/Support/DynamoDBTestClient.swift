import DrydockCore
import DrydockHTTP
@testable import DynamoDBEmulator
import EmulatorKit
import Testing

/// Calls the emulator through `handle(_:)` the way botocore would: `POST /`, `X-Amz-Target`, JSON body.
struct DynamoDBTestClient {
    let emulator: DynamoDBEmulator
    let region: String?

    init(emulator: DynamoDBEmulator = DynamoDBEmulator(), region: String? = nil) {
        self.emulator = emulator
        self.region = region
    }

    func request(_ action: String, _ body: String) -> HTTPRequest {
        var headers: HTTPHeaders = [
            "X-Amz-Target": "DynamoDB_20120810.\(action)",
            "Content-Type": "application/x-amz-json-1.0",
        ]
        if let region {
            headers.add("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/\(region)/dynamodb/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=abc")
        }
        return HTTPRequest(method: "POST", target: "/", headers: headers, body: Array(body.utf8))
    }

    /// The raw response.
    func send(_ action: String, _ body: String) -> HTTPResponse {
        emulator.handle(request(action, body))
    }

    /// The parsed JSON of a 200 answer; records an issue otherwise.
    @discardableResult
    func ok(_ action: String, _ body: String, sourceLocation: SourceLocation = #_sourceLocation) -> JSONValue {
        let response = send(action, body)
        #expect(response.status == 200, "\(action) answered \(response.status): \(response.bodyText)", sourceLocation: sourceLocation)
        return (try? JSONValue.parse(response.body)) ?? .null
    }

    /// The error's `__type` suffix and message.
    func error(_ action: String, _ body: String) -> (type: String, message: String, status: Int) {
        let response = send(action, body)
        let json = (try? JSONValue.parse(response.body)) ?? .null
        let type = json["__type"]?.stringValue ?? "<none>"
        return (String(type.split(separator: "#").last ?? ""), json["message"]?.stringValue ?? "<none>", response.status)
    }

    /// Creates `name` with a string hash key `pk` and optional string range key `sk`, on demand.
    func createTable(_ name: String, range: Bool = false, rangeType: String = "S") {
        let definitions = range
            ? #"[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"\#(rangeType)"}]"#
            : #"[{"AttributeName":"pk","AttributeType":"S"}]"#
        let schema = range
            ? #"[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}]"#
            : #"[{"AttributeName":"pk","KeyType":"HASH"}]"#
        ok("CreateTable", #"{"TableName":"\#(name)","AttributeDefinitions":\#(definitions),"KeySchema":\#(schema),"BillingMode":"PAY_PER_REQUEST"}"#)
    }
}
