import DrydockCore
import DrydockHTTP
import FuzzSupport

/// Gmail's MIME handling: the input is an RFC 5322 message, sent as a media upload
/// (`POST /upload/gmail/v1/users/me/messages/send?uploadType=media`, the bytes as they are), which
/// parses headers, encoded words, addresses, dates, the multipart tree and transfer encodings. When the
/// send is accepted, the stored message is read back as `format=full` (the payload tree, snippet,
/// attachment ids), `format=metadata` and `format=raw`, and found through a search (the search document
/// of every part); then the mailbox is reset so memory stays flat.
enum GmailMimeFuzzer {
    static let edge = GoogleEdge()
    static let gmail = edge.emulator("gmail")

    static func run(_ input: [UInt8]) {
        let sent = edge.send(
            "POST", "/upload/gmail/v1/users/me/messages/send?uploadType=media",
            headers: ["Content-Type": "message/rfc822"], body: input)
        ResponseOracle.check(sent, "messages.send")
        guard sent.status == 200 else { return }
        guard let id = (try? JSONValue.parse(sent.body))?["id"]?.stringValue else {
            fatalError("oracle: messages.send answered 200 without an id")
        }
        for format in ["full", "metadata", "raw"] {
            let read = edge.send("GET", "/gmail/v1/users/me/messages/\(id)?format=\(format)")
            ResponseOracle.check(read, "messages.get format=\(format)")
            if read.status != 200 { fatalError("oracle: a sent message could not be read back (format=\(format), \(read.status))") }
        }
        ResponseOracle.check(edge.send("GET", "/gmail/v1/users/me/messages?q=in%3Asent%20newer_than%3A1d"), "messages.list")
        gmail.reset()
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    GmailMimeFuzzer.run(FuzzDriver.bytes(data, size))
    return 0
}

/// The entry point SwiftPM links as `main` (see `FuzzDriver`).
@_cdecl("fuzz_gmail_mime_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    _ = GmailMimeFuzzer.gmail
    return FuzzDriver.run(argc: argc, argv: argv, testOneInput)
}
