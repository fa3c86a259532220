import DrydockHTTP
import FuzzSupport

/// Gmail search (`users.messages.list?q=`): the query lexer, parser and evaluator over the default
/// bookings mailbox (87 messages). The input is the query, byte for byte (percent-encoded into `q`, so
/// invalid UTF-8 reaches the emulator's decoding too); an odd length also sets `includeSpamTrash`.
enum GmailQueryFuzzer {
    static let edge = GoogleEdge()

    static func run(_ input: [UInt8]) {
        let spamTrash = input.count % 2 == 1 ? "&includeSpamTrash=true" : ""
        let target = "/gmail/v1/users/me/messages?maxResults=500\(spamTrash)&q=" + FuzzText.percentEncoded(input)
        let response = edge.send("GET", target)
        ResponseOracle.check(response, "messages.list")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    GmailQueryFuzzer.run(FuzzDriver.bytes(data, size))
    return 0
}

/// The entry point SwiftPM links as `main` (see `FuzzDriver`).
@_cdecl("fuzz_gmail_query_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    _ = GmailQueryFuzzer.edge
    return FuzzDriver.run(argc: argc, argv: argv, testOneInput)
}
