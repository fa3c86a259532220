import DrydockCore
import DrydockCrypto
import DrydockHTTP
import EmulatorKit
import Foundation
import IMDSEmulator
@testable import S3Emulator
import Synchronization
import Testing

/// A clock tests can move.
final class S3TestClock: WallClock, Sendable {
    private let current: Mutex<Date>
    init(_ date: Date) { current = Mutex(date) }
    func now() -> Date { current.withLock { $0 } }
    func sleep(seconds: Double) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
    func advance(_ seconds: Double) { sleep(seconds: seconds) }
}

/// Calls the emulator through `handle(_:)` with requests signed the way botocore signs them: SigV4 for
/// `s3`, the payload hash in `x-amz-content-sha256`, path-style addressing on `127.0.0.1`.
struct S3TestClient {
    static let now = Date(timeIntervalSince1970: 1_767_225_600)
    static let credentials = AWSCredentials(accessKeyID: "AKIDS3TEST", secretAccessKey: "s3-test-secret")

    let emulator: S3Emulator
    let clock: S3TestClock
    var region = "us-east-1"
    var credentials = S3TestClient.credentials

    init(emulator: S3Emulator) {
        self.emulator = emulator
        clock = (emulator.clock as? S3TestClock) ?? S3TestClock(Self.now)
    }

    init(buckets: [String: S3Bucket] = [:], store: S3DataStore? = nil) {
        clock = S3TestClock(Self.now)
        emulator = S3Emulator(
            clock: clock, keys: AWSRequestKeys(staticKeys: [Self.credentials.accessKeyID: Self.credentials.secretAccessKey], authority: nil),
            buckets: buckets, store: store)
    }

    /// A signed request (`unsignedPayload`: `UNSIGNED-PAYLOAD` instead of the body's hash).
    func request(
        _ method: String, _ target: String, headers: [(String, String)] = [], body: [UInt8] = [], unsignedPayload: Bool = false,
        host: String = "127.0.0.1"
    ) -> HTTPRequest {
        let path = target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? target
        let query = target.contains("?") ? String(target.split(separator: "?", maxSplits: 1)[1]) : ""
        var signer = SigV4Signer(credentials: credentials, region: region, service: "s3")
        signer.unsignedPayload = unsignedPayload
        let unsigned = SigV4Request(method: method, path: path, query: query, headers: [("Host", host)] + headers.map { (name: $0.0, value: $0.1) }, body: body)
        let signed = signer.sign(unsigned, date: clock.now())
        return HTTPRequest(
            method: method, target: signed.query.isEmpty ? signed.path : signed.path + "?" + signed.query,
            headers: HTTPHeaders(signed.headers.map { ($0.name, $0.value) }), body: body)
    }

    @discardableResult
    func send(_ method: String, _ target: String, headers: [(String, String)] = [], body: [UInt8] = []) -> HTTPResponse {
        // A large object's body is a file the transport serves; read it here, as a client would.
        emulator.handle(request(method, target, headers: headers, body: body)).materialized()
    }

    @discardableResult
    func put(_ target: String, _ text: String, headers: [(String, String)] = []) -> HTTPResponse {
        send("PUT", target, headers: headers, body: Array(text.utf8))
    }

    /// Creates `bucket` and expects 200.
    func createBucket(_ bucket: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let response = send("PUT", "/\(bucket)")
        #expect(response.status == 200, "CreateBucket answered \(response.status): \(response.bodyText)", sourceLocation: sourceLocation)
    }

    /// The `Code` and `Message` of an XML error body.
    static func error(_ response: HTTPResponse) -> (code: String, message: String) {
        guard let document = try? XML.Parser.parse(response.body) else { return ("<no xml>", response.bodyText) }
        return (document.childText("Code") ?? "<none>", document.childText("Message") ?? "<none>")
    }

    static func xml(_ response: HTTPResponse) -> XML.Element {
        (try? XML.Parser.parse(response.body)) ?? XML.Element(name: "<unparsable>")
    }
}
