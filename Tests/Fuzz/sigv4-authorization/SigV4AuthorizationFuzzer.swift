import DrydockHTTP
import DynamoDBEmulator
import FuzzSupport

/// SigV4 verification as DynamoDB's front end runs it: the Authorization header parser, X-Amz-Date,
/// scope, skew and the canonical request over the signed headers, path and query — with the AWS test
/// suite's example key (`AKIDEXAMPLE`) known, so inputs naming it reach the signature computation.
///
/// The input reads like an HTTP request: the first line is the Authorization value; then `Name: value`
/// header lines; a line starting with `/` is the request target (path and query); an empty line ends
/// the head and the rest is the body (default `{}`). Missing headers get defaults: `Host`, an
/// `X-Amz-Date` equal to the frozen clock (20261126T120000Z), `X-Amz-Target: DynamoDB_20120810.ListTables`.
enum SigV4AuthorizationFuzzer {
    static let dynamodb = DynamoDBFuzzEmulator(
        authenticator: SigV4RequestAuthenticator(staticKeys: ["AKIDEXAMPLE": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"]))

    static func run(_ input: [UInt8]) {
        var headers = HTTPHeaders()
        var target = "/"
        var body: [UInt8] = Array("{}".utf8)
        let lines = FuzzText.lines(input)
        headers.add("Authorization", FuzzText.text(lines[0]))
        var index = 1
        while index < lines.count {
            let line = lines[index]
            index += 1
            if line.isEmpty {
                body = Array(lines[index...].joined(separator: [UInt8(ascii: "\n")]))
                break
            }
            if line.first == UInt8(ascii: "/") {
                target = FuzzText.text(line)
            } else if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
                let value = line[(colon + 1)...].drop { $0 == UInt8(ascii: " ") }
                headers.add(FuzzText.text(line[..<colon]), FuzzText.text(value))
            }
        }
        for (name, value) in [
            ("Host", "dynamodb.us-east-1.amazonaws.com"), ("X-Amz-Date", "20261126T120000Z"),
            ("X-Amz-Target", "DynamoDB_20120810.ListTables"), ("Content-Type", "application/x-amz-json-1.0"),
        ] where !headers.contains(name) {
            headers.add(name, value)
        }
        headers.set("Content-Length", String(body.count))
        let response = dynamodb.emulator.handle(HTTPRequest(method: "POST", target: target, headers: headers, body: body))
        ResponseOracle.check(response, "signed request")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    SigV4AuthorizationFuzzer.run(FuzzDriver.bytes(data, size))
    return 0
}

/// The entry point SwiftPM links as `main` (see `FuzzDriver`).
@_cdecl("fuzz_sigv4_authorization_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    _ = SigV4AuthorizationFuzzer.dynamodb
    return FuzzDriver.run(argc: argc, argv: argv, testOneInput)
}
