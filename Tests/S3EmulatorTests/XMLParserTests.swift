import DrydockCore
import EmulatorKit
@testable import S3Emulator
import Testing

@Suite("S3 request XML")
struct XMLParserTests {
    @Test func parsesNamespacesEntitiesAndCDATA() throws {
        let text = #"<?xml version="1.0"?><!-- c --><s3:Delete xmlns:s3="x"><Object><Key>a&amp;b &#x41;<![CDATA[<c>]]></Key></Object><Quiet>true</Quiet></s3:Delete>"#
        let root = try XML.Parser.parse(Array(text.utf8))
        #expect(root.name == "Delete")
        #expect(root.child("Object")?.childText("Key") == "a&b A<c>")
        #expect(root.childText("Quiet") == "true")
    }

    @Test(arguments: [
        "", "<a>", "<a></b>", "<a/><b/>", "<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>", "<a>&unknown;</a>", "<a b=c></a>",
        "<a>&#xFFFFFFFF;</a>", "<a><![CDATA[x</a>",
    ])
    func malformedDocumentsAreRefused(_ text: String) {
        #expect(throws: XML.Parser.Malformed.self) { try XML.Parser.parse(Array(text.utf8)) }
    }

    @Test func depthAndSizeAreLimited() {
        let deep = String(repeating: "<a>", count: 10_000) + String(repeating: "</a>", count: 10_000)
        #expect(throws: XML.Parser.Malformed.self) { try XML.Parser.parse(Array(deep.utf8)) }
        let big = [UInt8](repeating: 0x20, count: XML.Parser.maxBytes + 1)
        #expect(throws: XML.Parser.Malformed.self) { try XML.Parser.parse(big) }
    }

    @Test func writerEscapes() {
        #expect(XML.Writer.escape("a<b>&\"'\u{1}") == "a&lt;b&gt;&amp;&quot;&apos;&#x1;")
        #expect(XML.Writer.escape("\t\n\r") == "\t&#xA;&#xD;")
    }

    /// A JUnit report keeps line breaks and replaces what XML 1.0 cannot hold at all.
    @Test func junitEscapingReplacesInvalidCharacters() {
        #expect(JUnitXML.escape("a<\u{1}\t\n\r'\"&\u{FFFE}é") == "a&lt;\u{FFFD}\t\n\r&apos;&quot;&amp;\u{FFFD}é")
    }
}
