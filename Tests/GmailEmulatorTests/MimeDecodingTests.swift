@testable import GmailEmulator
import Testing

@Suite struct MimeDecodingTests {
    @Test(arguments: [
        ("=?UTF-8?B?Sm9zw6kgw4FsdmFyZXo=?=", "José Álvarez"),
        ("=?utf-8?q?Caf=C3=A9_ouvert?=", "Café ouvert"),
        ("=?ISO-8859-1?Q?Andr=E9?= Pirard", "André Pirard"),
        ("=?iso-8859-1?b?QW5kcuk=?=", "André"),
        // Adjacent encoded words: the whitespace between them disappears (RFC 2047 §6.2).
        ("=?UTF-8?Q?Reserva_?= =?UTF-8?Q?confirmada?=", "Reserva confirmada"),
        ("=?UTF-8?B?4oKs?=\r\n =?UTF-8?B?IDUw?=", "€ 50"),
        // Plain text around words keeps its spaces.
        ("Re: =?UTF-8?Q?caf=C3=A9?= today", "Re: café today"),
        // RFC 2231 language suffix.
        ("=?UTF-8*en?Q?hello?=", "hello"),
        // Malformed words stay as written.
        ("=?UTF-8?X?abc?=", "=?UTF-8?X?abc?="),
        ("=?UTF-8?Q?unterminated", "=?UTF-8?Q?unterminated"),
        ("50% off =? really", "50% off =? really"),
    ])
    func encodedWords(input: String, expected: String) {
        #expect(EncodedWords.decode(input.replacingOccurrences(of: "\r\n", with: "")) == expected)
    }

    @Test func quotedPrintableSoftBreaksAndEscapes() {
        let text = "Caf=C3=A9 soft=\r\nbreak, lf soft=\nbreak, trailing space soft=  \r\nbreak =3D equals, bad =ZZ stays=\r\n"
        let decoded = TransferEncoding.decodeQuotedPrintable(ArraySlice(text.utf8))
        #expect(String(decoding: decoded, as: UTF8.self) == "Café softbreak, lf softbreak, trailing space softbreak = equals, bad =ZZ stays")
    }

    @Test func base64IsLenient() {
        let lines = "SGVsbG8s\r\nIFdvcmxk\r\nIQ=="
        #expect(String(decoding: TransferEncoding.decodeBase64(Array(lines.utf8)), as: UTF8.self) == "Hello, World!")
        #expect(String(decoding: TransferEncoding.decodeBase64(Array("SGk".utf8)), as: UTF8.self) == "Hi")
        #expect(TransferEncoding.decodeBase64Strict("SGk=") == Array("Hi".utf8))
        #expect(TransferEncoding.decodeBase64Strict("-_8") == [0xFB, 0xFF])
        #expect(TransferEncoding.decodeBase64Strict("not base64!") == nil)
        #expect(TransferEncoding.encodeBase64URL([0xFB, 0xFF]) == "-_8=")
    }

    @Test(arguments: [
        ("text/plain; charset=\"utf-8\"; format=flowed", "text/plain", "charset", "utf-8"),
        ("Text/HTML;Charset=ISO-8859-1 (comment)", "text/html", "charset", "ISO-8859-1"),
        ("attachment; filename=\"a \\\"quoted\\\" name.txt\"", "attachment", "filename", "a \"quoted\" name.txt"),
        ("attachment; filename*=utf-8''%E2%82%AC%20rates.pdf", "attachment", "filename", "€ rates.pdf"),
        ("attachment; filename*0*=utf-8''Re%C3%A7u; filename*1=\" final\"; filename*2*=%2Epdf", "attachment", "filename", "Reçu final.pdf"),
        ("attachment; filename=plain.pdf; filename*=iso-8859-1'fr'r%E9sum%E9.pdf", "attachment", "filename", "résumé.pdf"),
        ("attachment; filename=\"=?UTF-8?B?w6lsw6h2ZS5wZGY=?=\"", "attachment", "filename", "élève.pdf"),
    ])
    func headerParameters(header: String, value: String, name: String, parameter: String) {
        let parsed = HeaderParameters(header)
        #expect(parsed.value == value)
        #expect(parsed[name] == parameter)
    }

    @Test func headersUnfoldAndKeepTheirOrder() {
        let raw = "Subject: first\r\n  second\r\nX-Tab:\tvalue\r\n\tmore\r\nX-Empty:\r\nSubject: again\r\n\r\nbody"
        let block = HeaderBlock(Array(raw.utf8))
        #expect(block.fields.map(\.name) == ["Subject", "X-Tab", "X-Empty", "Subject"])
        #expect(block.fields.map(\.rawValue) == ["first  second", "value\tmore", "", "again"])
        #expect(String(decoding: Array(raw.utf8)[block.bodyStart...], as: UTF8.self) == "body")
    }

    @Test func nestedMultipartsAreParsedWithTheirTransferEncodings() {
        let root = MimeParser.parse(Array(MailFixtures.booking.replacingOccurrences(of: "\n", with: "\r\n").utf8))
        #expect(root.mimeType == "multipart/mixed")
        #expect(root.parts.map(\.mimeType) == ["multipart/alternative", "application/pdf"])
        let alternative = root.parts[0]
        #expect(alternative.parts.map(\.mimeType) == ["text/plain", "text/html"])
        #expect(alternative.parts[0].text == "Café booking for 6 guests, it's confirmed & paid. This line is soft broken.")
        #expect(alternative.parts[1].text == "<p>Caf&eacute; booking</p>")
        #expect(root.parts[1].filename == "Reçu nº1.pdf")
        #expect(root.parts[1].isAttachment)
        #expect(root.parts[1].body == Array("%PDF-1.4\n%äüöß\n".utf8))
        #expect(root.headers.first(named: "subject")?.decodedValue == "Reserva confirmada — Saturday charter")
        #expect(root.headers.first(named: "X-Long-Header")?.rawValue == "first part\tsecond part")
    }

    @Test func lfOnlyMessagesAndMissingCloseDelimiterAreTolerated() {
        let raw = "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\none\n--b\n\ntwo (default text/plain)\n"
        let root = MimeParser.parse(Array(raw.utf8))
        #expect(root.parts.count == 2)
        #expect(root.parts.map(\.text) == ["one", "two (default text/plain)\n"])
        #expect(root.parts[1].mimeType == "text/plain")
    }

    @Test func aMultipartWithoutItsBoundaryIsALeaf() {
        let root = MimeParser.parse(Array("Content-Type: multipart/mixed; boundary=nothere\r\n\r\njust text".utf8))
        #expect(root.parts.isEmpty)
        #expect(root.text == "just text")
        let noBoundary = MimeParser.parse(Array("Content-Type: multipart/mixed\r\n\r\njust text".utf8))
        #expect(noBoundary.parts.isEmpty)
    }

    @Test(arguments: [
        ("Tue, 14 Jul 2026 09:30:00 +0200", 1_784_014_200.0),
        ("14 Jul 2026 07:30:00 GMT", 1_784_014_200.0),
        ("Tue, 14 Jul 26 00:30 PDT", 1_784_014_200.0),
        ("Tue, 14 Jul 2026 07:30:00 +0000 (UTC)", 1_784_014_200.0),
        ("Tue, 14 Jul 2026 07:30:00", 1_784_014_200.0),
    ])
    func dates(text: String, seconds: Double) {
        #expect(MessageDate.parse(text)?.timeIntervalSince1970 == seconds)
    }

    @Test(arguments: ["", "yesterday", "Tue, 45 Foo 2026 99:99:99 +0000", "1 Jan 99999999999 00:00:00 +0000", "1 Jan 1000000 00:00:00 +0000"])
    func badDatesAreNil(text: String) {
        #expect(MessageDate.parse(text) == nil)
    }

    @Test func addressLists() {
        let list = MailAddress.parseList("\"Lima, Ana\" <ana@x.example>, =?UTF-8?Q?Jos=C3=A9?= <jose@x.example>, bare@x.example, old@x.example (Old Style), Team: a@x.example, b@x.example;, ")
        #expect(list.map(\.searchForm) == [
            "Lima, Ana <ana@x.example>", "José <jose@x.example>", "bare@x.example", "Old Style <old@x.example>",
            "a@x.example", "b@x.example",
        ])
        #expect(list.allSatisfy { $0.isValid })
        #expect(MailAddress.parseList("not an address").allSatisfy { $0.isValid } == false)
    }

    @Test func charsets() {
        #expect(Charset.decode([0x63, 0x61, 0x66, 0xE9], charset: "ISO-8859-1") == "café")
        #expect(Charset.decode([0x80, 0x20, 0x93, 0x71, 0x94], charset: "windows-1252") == "€ “q”")
        #expect(Charset.decode([0xA4], charset: "iso-8859-15") == "€")
        #expect(Charset.decode(Array("naïve".utf8), charset: "UTF-8") == "naïve")
        // Undeclared 8-bit text that is not UTF-8 reads as Windows-1252.
        #expect(Charset.decode([0x63, 0x61, 0x66, 0xE9], charset: nil) == "café")
        #expect(Charset.decode(Array("naïve".utf8), charset: "x-unknown") == "naïve")
    }

    @Test func htmlToText() {
        let html = "<html><head><title>T</title><style>p{}</style></head><body><p>Fish&nbsp;&amp;&#32;chips&#x21;</p><!-- hidden --><div>Next</div><script>x()</script><b>bold</b>end</body></html>"
        #expect(HTMLText.text(html).split(whereSeparator: \.isWhitespace).joined(separator: " ") == "Fish\u{A0}& chips! Next boldend".split(whereSeparator: \.isWhitespace).joined(separator: " "))
    }
}
