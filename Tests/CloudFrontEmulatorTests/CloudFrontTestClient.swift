import DrydockCore
import DrydockCrypto
import DrydockHTTP
import DrydockTesting
import EmulatorKit
import Foundation
@testable import CloudFrontEmulator

/// Calls the emulator through `handle(_:)` with requests signed as botocore signs them (SigV4,
/// service `cloudfront`, region `us-east-1`), over a fixture set of two distributions.
struct CloudFrontTestClient {
    static let credentials = AWSCredentials(accessKeyID: "AKIDCFTEST", secretAccessKey: "cloudfront-test-secret")
    static let distributions = """
        {"accountId": "111122223333", "distributions": [
          {"id": "E2SCHEMA", "origin": "schema.s3.us-east-1.amazonaws.com", "aliases": ["schema.example"], "comment": "schema"},
          {"id": "E1DOCS", "origin": "docs.s3.us-east-1.amazonaws.com", "enabled": false},
          {"id": "E3MEDIA", "domainName": "dmedia.cloudfront.net", "origin": "media.example.com"}
        ]}
        """

    let emulator: CloudFrontEmulator
    let clock: ManualClock
    let directory: TemporaryDirectory
    var credentials = CloudFrontTestClient.credentials

    init() throws {
        directory = try TemporaryDirectory("cloudfront")
        try FileManager.default.createDirectory(atPath: directory.appending("cloudfront"), withIntermediateDirectories: true)
        try Self.distributions.write(toFile: directory.appending("cloudfront/distributions.json"), atomically: true, encoding: .utf8)
        clock = ManualClock()
        emulator = try CloudFrontEmulator(
            fixturesDirectory: directory.path, clock: clock, authority: nil,
            staticKeys: [Self.credentials.accessKeyID: Self.credentials.secretAccessKey])
    }

    /// A client over a new emulator on `dataDirectory`, with `fixtures`' distributions and `clock` (a
    /// restart of another client's emulator).
    init(fixtures: TemporaryDirectory, clock: ManualClock, dataDirectory: String) throws {
        directory = fixtures
        self.clock = clock
        emulator = try CloudFrontEmulator(
            fixturesDirectory: fixtures.path, clock: clock, authority: nil,
            staticKeys: [Self.credentials.accessKeyID: Self.credentials.secretAccessKey], dataDirectory: dataDirectory)
    }

    func request(_ method: String, _ target: String, body: [UInt8] = [], headers: [(String, String)] = []) -> HTTPRequest {
        let parts = target.split(separator: "?", maxSplits: 1).map(String.init)
        let unsigned = SigV4Request(
            method: method, path: parts[0], query: parts.count > 1 ? parts[1] : "",
            headers: [("Host", "cloudfront.amazonaws.com")] + headers.map { (name: $0.0, value: $0.1) }, body: body)
        let signed = SigV4Signer(credentials: credentials, region: "us-east-1", service: "cloudfront").sign(unsigned, date: clock.now())
        return HTTPRequest(
            method: method, target: signed.query.isEmpty ? signed.path : signed.path + "?" + signed.query,
            headers: HTTPHeaders(signed.headers.map { ($0.name, $0.value) }), body: body)
    }

    func send(_ method: String, _ target: String, body: [UInt8] = []) -> HTTPResponse {
        emulator.handle(request(method, target, body: body))
    }

    /// CreateInvalidation of `paths` with `reference`.
    func invalidate(_ distribution: String, _ paths: [String], reference: String, quantity: Int? = nil) -> HTTPResponse {
        let items = paths.map { "<Path>\(XML.Writer.escape($0))</Path>" }.joined()
        let body = """
            <?xml version="1.0" encoding="UTF-8"?>
            <InvalidationBatch xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Paths><Quantity>\(quantity ?? paths.count)</Quantity>\
            <Items>\(items)</Items></Paths><CallerReference>\(reference)</CallerReference></InvalidationBatch>
            """
        return send("POST", "/2020-05-31/distribution/\(distribution)/invalidation", body: Array(body.utf8))
    }

    static func xml(_ response: HTTPResponse) -> XML.Element {
        (try? XML.Parser.parse(response.body)) ?? XML.Element(name: "<unparsable>")
    }

    /// Type, Code and Message of CloudFront's `<ErrorResponse>`.
    static func error(_ response: HTTPResponse) -> (type: String, code: String, message: String) {
        let error = xml(response).child("Error")
        return (error?.childText("Type") ?? "", error?.childText("Code") ?? "", error?.childText("Message") ?? "")
    }
}
