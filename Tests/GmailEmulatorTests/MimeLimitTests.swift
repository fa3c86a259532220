import DrydockCore
@testable import GmailEmulator
import Testing

/// Hostile MIME: deep nesting, giant part and header counts, huge header values and encoded-word
/// patterns that made decoding quadratic. Each is parsed within its limits, and `messages.send` answers.
@Suite(.timeLimit(.minutes(1))) struct MimeLimitTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    // MARK: Parts

    @Test func nestingDeeperThanTheLimitIsKeptAsALeaf() {
        var text = "Subject: deep\r\n"
        for level in 0..<10_000 { text += "Content-Type: multipart/mixed; boundary=b\(level)\r\n\r\n--b\(level)\r\n" }
        text += "Content-Type: text/plain\r\n\r\nbottom\r\n"
        var part = MimeParser.parse(Self.bytes(text))
        var depth = 0
        while part.isMultipart, let child = part.parts.first {
            part = child
            depth += 1
        }
        #expect(depth == MimeParser.maximumDepth)
        #expect(part.parts.isEmpty)
    }

    /// 200,000 empty parts: more than `maximumParts`, so the multipart is one leaf holding its body.
    @Test func aMultipartWithTooManyPartsIsKeptAsALeaf() {
        let body = String(repeating: "--b\r\n", count: 200_000) + "--b--\r\n"
        let root = MimeParser.parse(Self.bytes("Content-Type: multipart/mixed; boundary=b\r\n\r\n" + body))
        #expect(root.mimeType == "multipart/mixed")
        #expect(root.parts.isEmpty)
        #expect(root.body.count == body.utf8.count)
    }

    /// The limit counts every entity of the message: the root and 999 parts fit; one more does not.
    @Test func theLimitIsOnEntitiesInAll() {
        func message(parts: Int) -> [UInt8] {
            let body = (0..<parts).map { "--b\r\nContent-Type: text/plain\r\n\r\npart \($0)\r\n" }.joined() + "--b--\r\n"
            return Self.bytes("Content-Type: multipart/mixed; boundary=b\r\n\r\n" + body)
        }
        #expect(MimeParser.parse(message(parts: MimeParser.maximumParts - 1)).parts.count == MimeParser.maximumParts - 1)
        #expect(MimeParser.parse(message(parts: MimeParser.maximumParts)).parts.isEmpty)
    }

    /// Nested multiparts share the budget: the inner one that would overflow it stays a leaf.
    @Test func nestedPartsShareTheBudget() {
        let inner = (0..<600).map { _ in "--i\r\n\r\nx\r\n" }.joined() + "--i--\r\n"
        let alternative = "--o\r\nContent-Type: multipart/mixed; boundary=i\r\n\r\n" + inner
        let text = "Content-Type: multipart/mixed; boundary=o\r\n\r\n" + alternative + alternative + "--o--\r\n"
        let root = MimeParser.parse(Self.bytes(text))
        #expect(root.parts.count == 2)
        #expect(root.parts[0].parts.count == 600)
        #expect(root.parts[1].parts.isEmpty)  // 1 + 2 + 600 + 600 > 1,000
    }

    // MARK: Headers

    @Test func atMostAThousandFieldsAreKept() {
        let text = (0..<100_000).map { "X-F\($0): v\r\n" }.joined() + "\r\nbody"
        let block = HeaderBlock(Self.bytes(text))
        #expect(block.fields.count == HeaderBlock.maximumFields)
        #expect(block.fields.last?.name == "X-F999")
        #expect(String(decoding: Self.bytes(text)[block.bodyStart...], as: UTF8.self) == "body")
    }

    @Test func aFieldValueIsCutAtTheLimitHoweverItIsFolded() {
        let long = "Subject: " + String(repeating: "a", count: 300_000) + "\r\n"
        let folded = "Subject: start\r\n" + String(repeating: " more\r\n", count: 100_000)
        for text in [long, folded] {
            let block = HeaderBlock(Self.bytes(text + "To: x@y.example\r\n\r\nbody"))
            #expect(block.fields.map(\.name) == ["Subject", "To"])
            #expect(block.fields[0].rawValue.utf8.count == HeaderBlock.maximumValueBytes)
        }
    }

    /// Folded continuations of dropped fields are dropped with them.
    @Test func continuationsOfDroppedFieldsAreDropped() {
        let text = (0..<1_001).map { "X-F\($0): v\r\n folded\r\n" }.joined() + "\r\n"
        let block = HeaderBlock(Self.bytes(text))
        #expect(block.fields.count == 1_000)
        #expect(block.fields.allSatisfy { $0.rawValue == "v folded" })
    }

    // MARK: Encoded words

    /// `=?c?B? ` repeated: every word start used to scan to the end of the value for `?=` (quadratic:
    /// minutes for a megabyte). Now each stretch is searched once.
    @Test func unterminatedEncodedWordsDecodeInLinearTime() {
        let hostile = String(repeating: "=?c?B? ", count: 150_000)
        #expect(EncodedWords.decode(hostile) == hostile)
        let noSpaces = String(repeating: "=?c?B?x", count: 150_000)
        #expect(EncodedWords.decode(noSpaces) == noSpaces)
    }

    @Test func wordsAfterAnUnterminatedOneStillDecode() {
        #expect(EncodedWords.decode("=?x?Q?a =?utf-8?Q?caf=C3=A9?=") == "=?x?Q?a café")
        // A tab does not end the search (as before): the first word runs to the last `?=`.
        #expect(EncodedWords.decode("=?x?Q?a\t=?utf-8?Q?b?=") == "a\t=?utf-8?Q?b")
    }

    // MARK: Transfer encodings and charsets

    /// Truncated and malformed escapes at every position are kept or dropped, never read past the end.
    @Test(arguments: ["=", "=\r", "=\n", "=4", "==", "=\r\n", "a=", "=ZZ", "=4\r\n", "= \t", "=\r\r", "=3D=", String(repeating: "=", count: 10_001)])
    func quotedPrintableEdges(_ text: String) {
        let decoded = TransferEncoding.decodeQuotedPrintable(ArraySlice(text.utf8))
        #expect(decoded.count <= text.utf8.count)
    }

    @Test(arguments: ["", "=", "====", "A", "AB=C", "A===", "\r\n\r\n", "!!!!", String(repeating: " ", count: 100_000), "QQ"])
    func base64Edges(_ text: String) {
        #expect(TransferEncoding.decodeBase64(Array(text.utf8)).count <= text.utf8.count)
        if let strict = TransferEncoding.decodeBase64Strict(text) { #expect(strict.count <= text.utf8.count) }
    }

    /// Every charset name the decoder knows (and some it does not), over bytes that are valid in none.
    @Test(arguments: ["utf-8", "us-ascii", "iso-8859-1", "iso-8859-15", "windows-1252", "utf-16", "utf-16le", "utf-16be",
                      "utf-32", "iso-8859-2", "windows-1250", "windows-1251", "shift_jis", "euc-jp", "iso-2022-jp",
                      "macintosh", "x-unknown", "", " \t ", "utf-8\u{0}", String(repeating: "x", count: 10_000)])
    func anyCharsetDecodesAnyBytes(_ charset: String) {
        let bytes: [UInt8] = [0xFF, 0xFE, 0x00, 0xD8, 0x1B, 0x24, 0x42, 0x80, 0xC3, 0x28, 0xE2, 0x82, 0x0A, 0x1B, 0x28]
        #expect(!Charset.decode(bytes, charset: charset).isEmpty)
        #expect(Charset.decode([], charset: charset).isEmpty)
    }

    // MARK: Through messages.send

    /// Hostile messages are sent (Gmail stores what it is given) and read back within the limits.
    @Test(arguments: ["nested", "parts", "headers", "encodedWords"])
    func hostileMessagesAreSentAndReadBack(_ kind: String) throws {
        let harness = try GmailTestHarness(mailboxes: [GmailTestHarness.owner: [:]])
        let head = "From: owner@harbor.example\r\nTo: a@clients.example\r\n"
        let message: String
        switch kind {
        case "nested":
            message = head + (0..<5_000).map { "Content-Type: multipart/mixed; boundary=b\($0)\r\n\r\n--b\($0)\r\n" }.joined() + "\r\nx"
        case "parts":
            message = head + "Content-Type: multipart/mixed; boundary=b\r\n\r\n" + String(repeating: "--b\r\n", count: 100_000)
        case "headers":
            message = head + String(repeating: "X-A: b\r\n", count: 100_000) + "\r\nx"
        default:
            message = head + "Subject: " + String(repeating: "=?c?B? ", count: 14_000) + "\r\n\r\nx"
        }
        let body = JSONValue.object([("raw", .string(base64url(message)))]).bytes
        let sent = harness.post("/gmail/v1/users/me/messages/send", token: try harness.token("full"), body: body)
        #expect(sent.status == 200)
        let id = try #require(try JSONValue.parse(sent.body)["id"]?.stringValue)
        let got = try harness.getJSON("/gmail/v1/users/me/messages/\(id)?format=full", grant: "full")
        #expect(got.status == 200)
        // The message as sent, plus the Date and Message-ID headers Gmail adds.
        #expect((got.json["sizeEstimate"]?.intValue ?? 0) > message.utf8.count)
    }
}
