import DrydockCore
import DrydockHTTP
import FuzzSupport
import GoogleOAuthEmulator

/// Google's API conventions on the default fixtures: `fields` masks and batch bodies, the two parsers
/// of client input the conventions layer adds. The first line of the input is a `fields` mask, sent
/// (percent-encoded) to `users.messages.list`, `users.getProfile` and `spreadsheets.get`, and parsed
/// and applied directly to a nested document; the rest is a batch body, posted as
/// `multipart/mixed; boundary=b` to `/batch/gmail/v1`, `/batch/sheets/v4` and the bare `/batch`.
enum GoogleConventionsFuzzer {
    static let edge = GoogleEdge()
    static let document: JSONValue = [
        "messages": [["id": "1", "threadId": "a", "labelIds": ["INBOX"]], ["id": "2", "payload": ["headers": [["name": "From"]]]]],
        "nextPageToken": "t", "resultSizeEstimate": 2, "nested": [[[["deep": true]]]],
    ]

    static func run(_ input: [UInt8]) {
        let (line, rest) = FuzzText.firstLine(input)
        let mask = FuzzText.text(line)
        if let parsed = try? FieldMask(mask) {
            _ = parsed.apply(to: document).serialized()
        }
        let encoded = FuzzText.percentEncoded(line)
        ResponseOracle.check(edge.send("GET", "/gmail/v1/users/me/messages?fields=\(encoded)"), "messages.list fields")
        ResponseOracle.check(edge.send("GET", "/gmail/v1/users/me/profile?fields=\(encoded)&prettyPrint=false"), "getProfile fields")
        ResponseOracle.check(edge.send("GET", "/v4/spreadsheets/1TrIpShEeTsHaRbOrChArTeRs2026DrYdOcKdEmO0a?fields=\(encoded)"), "spreadsheets.get fields")
        let body = rest.map(Array.init) ?? []
        for path in ["/batch/gmail/v1", "/batch/sheets/v4", "/batch"] {
            ResponseOracle.check(edge.send("POST", path, headers: ["Content-Type": "multipart/mixed; boundary=b"], body: body), "POST \(path)")
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    GoogleConventionsFuzzer.run(FuzzDriver.bytes(data, size))
    return 0
}

/// The entry point SwiftPM links as `main` (see `FuzzDriver`).
@_cdecl("fuzz_google_conventions_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    _ = GoogleConventionsFuzzer.edge
    return FuzzDriver.run(argc: argc, argv: argv, testOneInput)
}
