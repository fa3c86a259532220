import DrydockCrypto
import DrydockHTTP
import EmulatorKit
import Emulators
import FuzzSupport

/// How the edge tells AWS requests apart on one port, with the suite's whole router (as `emulators serve`
/// builds it): the `Host` name (S3's virtual-hosted buckets, `S3HostName`), the `Authorization` header's
/// credential scope (which service and region a request reaches: `SigV4Authorization.isScoped`,
/// `credentialRegion`, read on every request before any signature is checked) and `X-Amz-Target`.
///
/// The input's lines: the `Host` value; the `Authorization` value; the `X-Amz-Target` value (an empty line
/// sends none); `METHOD /target` (default `POST /`); then an empty line and the body. Besides the answer
/// (`ResponseOracle`), two agreements are checked, each a trap when broken: the fast scope readers agree
/// with the full parse whenever it succeeds (routing and the verified scope never disagree), and an S3
/// host name read as bucket and region reads back the same when written in the regional form.
enum AWSRoutingFuzzer {
    static let router: EdgeRouter = {
        do {
            return try EmulatorSuite.makeRouter(fixturesDirectory: FuzzFixtures.defaultDirectory, clock: FuzzFixtures.frozenClock())
        } catch {
            fatalError("fuzz setup: cannot load the default fixtures: \(error)")
        }
    }()

    static let services = ["s3", "cloudfront", "dynamodb", "secretsmanager", "execute-api"]

    static func run(_ input: [UInt8]) {
        let lines = FuzzText.lines(input)
        func line(_ index: Int) -> String { index < lines.count ? FuzzText.text(lines[index]) : "" }
        let host = line(0), authorization = line(1), target = line(2)
        checkScopeReaders(authorization)
        checkHostName(host.lowercased())

        let requestLine = line(3).split(separator: " ", maxSplits: 1).map(String.init)
        let method = requestLine.count == 2 ? requestLine[0] : "POST"
        let path = requestLine.count == 2 && requestLine[1].hasPrefix("/") ? requestLine[1] : "/"
        let body = lines.count > 5 ? Array(lines[5...].joined(separator: [UInt8(ascii: "\n")])) : []
        var headers = HTTPHeaders()
        headers.add("Host", host)
        headers.add("Authorization", authorization)
        if !target.isEmpty { headers.add("X-Amz-Target", target) }
        headers.add("X-Amz-Date", "20261126T120000Z")
        headers.add("Content-Type", "application/x-amz-json-1.1")
        headers.add("Content-Length", String(body.count))
        let response = router.respond(to: HTTPRequest(method: method, target: path, headers: headers, body: body))
        ResponseOracle.check(response, "\(method) \(path) routed by host and scope")
    }

    /// When the full parse accepts `header`, the readers routing uses see the same scope.
    static func checkScopeReaders(_ header: String) {
        guard let parsed = try? SigV4Authorization.parse(header) else { return }
        let region = SigV4Authorization.credentialRegion(in: header)
        guard region == (parsed.region.isEmpty ? nil : parsed.region) else {
            fatalError("credentialRegion \(String(describing: region)) != parsed region '\(parsed.region)'")
        }
        for service in services + [parsed.service] where SigV4Authorization.isScoped(header, toService: service) != (parsed.service == service) {
            fatalError("isScoped(\(service)) disagrees with the parsed service '\(parsed.service)'")
        }
    }

    /// An S3 host name written back in the regional (or global) form reads as the same bucket and region.
    static func checkHostName(_ host: String) {
        guard let name = S3HostName(host) else { return }
        if let bucket = name.bucket, bucket.isEmpty { fatalError("empty bucket from '\(host)'") }
        let service = name.dualstack ? "s3.dualstack" : "s3"
        let endpoint = name.region.map { "\(service).\($0).\(name.dnsSuffix)" } ?? "s3.\(name.dnsSuffix)"
        let written = (name.bucket.map { $0 + "." } ?? "") + endpoint
        guard S3HostName(written) == name else { fatalError("'\(host)' read as \(name), '\(written)' reads otherwise") }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    AWSRoutingFuzzer.run(FuzzDriver.bytes(data, size))
    return 0
}

/// The entry point SwiftPM links as `main` (see `FuzzDriver`).
@_cdecl("fuzz_aws_routing_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    _ = AWSRoutingFuzzer.router
    return FuzzDriver.run(argc: argc, argv: argv, testOneInput)
}
