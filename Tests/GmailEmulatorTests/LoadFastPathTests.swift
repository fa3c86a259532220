import Foundation
@testable import GmailEmulator
import Testing

/// The byte-level fast paths taken while loading a mailbox must give exactly what the general
/// (Character / Foundation) code they bypass gives.
@Suite struct LoadFastPathTests {
    /// A small deterministic generator (SplitMix64), so failures reproduce.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// ASCII text heavy in whitespace runs, CRLFs, long words and HTML-escaped characters.
    static func asciiText(_ random: inout Seeded) -> String {
        let pieces = ["a", "word", "Booking", "&", "<b>", "'", "\"", " ", "  ", "\t", "\r\n", "\n", "\r", "\u{0B}", "\u{0C}",
                      String(repeating: "x", count: 150), String(repeating: " ", count: 300), "HC-2026-0119", "."]
        var text = ""
        for _ in 0..<Int.random(in: 0...400, using: &random) { text += pieces.randomElement(using: &random)! }
        return text
    }

    /// The snippet collapsing as first written (split the whole window, then join): the reference
    /// both faster paths must agree with.
    static func referenceCollapsed(_ text: String) -> String {
        let words = text.prefix(Snippet.length * 8).split(whereSeparator: { $0.isWhitespace || $0 == "\u{00A0}" || $0 == "\u{200B}" })
        var collapsed = ""
        for word in words {
            if collapsed.count >= Snippet.length { break }
            if !collapsed.isEmpty { collapsed += " " }
            collapsed += word
        }
        return String(collapsed.prefix(Snippet.length)).trimmingTrailingWhitespace
    }

    @Test func asciiSnippetEqualsTheReference() {
        var random = Seeded(state: 42)
        for _ in 0..<2_000 {
            let text = Self.asciiText(&random)
            #expect(Snippet.asciiCollapsed(text) == Self.referenceCollapsed(text), "\(text.debugDescription)")
            #expect(Snippet.collapsed(text) == Self.referenceCollapsed(text), "\(text.debugDescription)")
        }
    }

    @Test func generalSnippetEqualsTheReference() {
        var random = Seeded(state: 7)
        let extra = ["\u{00A0}", "\u{200B}", "\u{200B}\u{0301}", " \u{0301}", "é", "e\u{0301}", "€", "\u{3000}", "日本語", "\u{2028}"]
        for _ in 0..<1_000 {
            var text = Self.asciiText(&random)
            for _ in 0..<Int.random(in: 0...20, using: &random) {
                let offset = Int.random(in: 0...text.count, using: &random)
                text.insert(contentsOf: extra.randomElement(using: &random)!, at: text.index(text.startIndex, offsetBy: offset))
            }
            #expect(Snippet.collapsed(text) == Self.referenceCollapsed(text), "\(text.debugDescription)")
            #expect(Snippet.make(fromText: text) == Snippet.escape(Self.referenceCollapsed(text)))
        }
    }

    @Test(arguments: [
        String(repeating: " ", count: 1_700) + "late",          // words past the 1,600-character window
        String(repeating: "\r\n", count: 1_599) + " x",          // CRLF counts as one character
        String(repeating: "ab ", count: 66) + "abcdef",          // the cut lands inside a word
        String(repeating: "a", count: 199) + " b",               // the cut leaves a trailing space
    ])
    func asciiSnippetEdges(text: String) {
        #expect(Snippet.asciiCollapsed(text) == Self.referenceCollapsed(text))
        #expect(Snippet.collapsed(text) == Self.referenceCollapsed(text))
    }

    @Test(arguments: ["caf\u{00E9} ouvert", "a\u{00A0}b", "zero\u{200B}width", "e\u{0301} mark"])
    func nonASCIISnippetTakesTheGeneralPath(text: String) {
        #expect(Snippet.asciiCollapsed(text) == nil)
        #expect(Snippet.make(fromText: text) == Snippet.escape(Self.referenceCollapsed(text)))
    }

    @Test(arguments: ["", " ", "  a b  ", "\ta\t", "\u{00A0}x\u{3000}", "\u{2028}y\u{2029}", "\r\nz\n", "\u{85}w\u{0B}",
                      "\u{200B}keep\u{200B}", "é ", " \u{0301}", "plain"])
    func trimmingMatchesFoundation(text: String) {
        #expect(text.trimmingSpaces() == text.trimmingCharacters(in: .whitespaces))
        #expect(text.trimmingSpacesAndNewlines() == text.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(Substring(text).trimmingSpaces() == text.trimmingCharacters(in: .whitespaces))
    }

    @Test(arguments: ["I'm here & there <b> \"q\"", "plain", "", "caf\u{00E9} & co", "&\u{0301} stays", "\r\n&"])
    func escapingIsGmails(text: String) {
        var expected = ""
        for character in text {
            switch character {
            case "&": expected += "&amp;"
            case "<": expected += "&lt;"
            case ">": expected += "&gt;"
            case "\"": expected += "&quot;"
            case "'": expected += "&#39;"
            default: expected.append(character)
            }
        }
        #expect(Snippet.escape(text) == expected)
    }

    @Test(arguments: ["", "plain", "a=b", "=?", "x =?utf-8?q?a?= y", "?=", "= ?"])
    func encodedWordProbeMatchesContains(text: String) {
        #expect(EncodedWords.mayContainWord(text) == text.contains("=?"))
    }

    /// Every BMP scalar, alone between two letters and at both ends, trims as Foundation trims it.
    @Test func trimmingSetsMatchFoundationForEveryScalar() {
        for value in UInt32(0)...0xFFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = String(scalar) + "a" + String(scalar)
            #expect(text.trimmingSpaces() == text.trimmingCharacters(in: .whitespaces), "U+\(String(value, radix: 16))")
            #expect(text.trimmingSpacesAndNewlines() == text.trimmingCharacters(in: .whitespacesAndNewlines), "U+\(String(value, radix: 16))")
        }
    }

    @Test func asciiTagNamesEqualTheGeneralOnes() {
        var random = Seeded(state: 99)
        let pieces = ["b", "BR", "Div", " ", "/", "\t", "\n", "\r", "\r\n", ">", "class=\"x\"", "=", "-", "h1", "SCRIPT"]
        for _ in 0..<3_000 {
            var tag = ""
            for _ in 0..<Int.random(in: 0...8, using: &random) { tag += pieces.randomElement(using: &random)! }
            let scalars = Array(tag.unicodeScalars)
            #expect(HTMLText.asciiTagName(scalars, 0..<scalars.count) == HTMLText.tagName(tag), "\(tag.debugDescription)")
        }
        let accented = Array("img alt=\"café\"".unicodeScalars)
        #expect(HTMLText.asciiTagName(accented, 0..<accented.count) == nil)
    }

    @Test func htmlReducesAsBefore() {
        let html = "<html><head><title>T</title><style>p{}</style></head><BODY><p>Hello&nbsp;<b>you</b></p><!-- c --><br/>Line<br\r\n>two<SCRIPT>x()</script>end</body></html>"
        // The output of the implementation before the fast path (checked against it), quirks included.
        #expect(HTMLText.text(html) == "Hello\u{00A0}you Line twoend ")
    }

    @Test func removingScalarMatchesReplacing() {
        for text in ["", "a;b;", "\"quoted\" addr", "no-op", ";;"] {
            #expect(text.removingScalar(";") == text.replacingOccurrences(of: ";", with: ""))
        }
    }

    @Test(arguments: [("Content-Type", "content-type", true), ("FROM", "From", true), ("From", "Fro", false),
                      ("X-\u{00C9}", "x-\u{00E9}", true), ("To", "Tó", false), ("[", "{", false)])
    func headerNamesCompareCaseInsensitively(a: String, b: String, equal: Bool) {
        #expect(MimeHeaderField.namesMatch(a, b) == equal)
    }

    @Test(arguments: [
        ("Ann <ann@example.com>, bob@example.com (Bob B), \"Doe, J\" <j@x.io>; Team: c@x, d@y;", 5),
        ("\"a\\\"b\" <q@x>, , plain@x", 2),
    ])
    func addressListsStillSplit(value: String, count: Int) {
        #expect(MailAddress.parseList(value).count == count)
    }

    @Test func contentParametersWithAndWithoutComments() {
        let plain = HeaderParameters("text/plain; charset=\"utf-8\"; format=flowed")
        #expect(plain.value == "text/plain" && plain["charset"] == "utf-8" && plain["format"] == "flowed")
        let quotedSemicolon = HeaderParameters("attachment; filename=\"a;b.pdf\"")
        #expect(quotedSemicolon["filename"] == "a;b.pdf")
        let commented = HeaderParameters("text/plain (a comment; here); charset=us-ascii")
        #expect(commented.value == "text/plain" && commented["charset"] == "us-ascii")
    }
}
