import CLDNS
@testable import DrydockIsolation
import Testing

@Suite("DNS answerer (isolated resolver)")
struct DNSAnswererTests {
    let answerer = DNSAnswerer(hosts: DNSMessages.hosts)

    /// The answer to `query`, parsed, and the names reported as blocked.
    func ask(_ query: [UInt8]) -> (answer: DNSMessages.Answer?, wire: [UInt8]?, blocked: [String]) {
        var blocked: [String] = []
        let wire = answerer.answer(query: query) { blocked.append($0) }
        return (wire.flatMap(DNSMessages.parse), wire, blocked)
    }

    @Test("an emulated name's A query answers its loopback address, echoing id, question case and RD")
    func emulatedA() throws {
        let (answer, _, blocked) = ask(DNSMessages.query("GMail.GoogleAPIs.com", id: 0xBEEF))
        let parsed = try #require(answer)
        #expect(parsed == DNSMessages.Answer(
            id: 0xBEEF, isResponse: true, authoritative: true, recursionDesired: true, recursionAvailable: true, rcode: 0,
            questions: ["GMail.GoogleAPIs.com. A"], answers: ["GMail.GoogleAPIs.com. A 127.0.0.1 ttl=60"], ednsUDPSize: nil))
        #expect(blocked.isEmpty)
    }

    @Test("names by pattern, the metadata name and localhost resolve; a trailing dot or case makes no difference",
          arguments: [
              ("dynamodb.eu-west-3.amazonaws.com", "127.0.0.1"), ("DYNAMODB.us-east-1.amazonaws.com.", "127.0.0.1"),
              ("instance-data.ec2.internal", "169.254.169.254"), ("localhost", "127.0.0.1"), ("api.localhost", "127.0.0.1"),
              ("oauth2.googleapis.com.", "127.0.0.1"),
          ])
    func otherEmulatedNames(name: String, address: String) throws {
        let (answer, _, blocked) = ask(DNSMessages.query(name))
        let parsed = try #require(answer)
        #expect(parsed.rcode == 0)
        #expect(parsed.answers.count == 1)
        #expect(parsed.answers.first?.hasSuffix(" A \(address) ttl=60") == true)
        #expect(blocked.isEmpty)
    }

    @Test("AAAA and other types of an emulated name: NOERROR without records, so clients use IPv4",
          arguments: [LDNS_RR_TYPE_AAAA, LDNS_RR_TYPE_MX, LDNS_RR_TYPE_TXT, LDNS_RR_TYPE_HTTPS, LDNS_RR_TYPE_SVCB, LDNS_RR_TYPE_NS])
    func emulatedOtherTypes(type: ldns_rr_type) throws {
        let (answer, _, blocked) = ask(DNSMessages.query("gmail.googleapis.com", type: type))
        let parsed = try #require(answer)
        #expect(parsed.rcode == 0)
        #expect(parsed.answers.isEmpty)
        #expect(parsed.questions.count == 1)
        #expect(blocked.isEmpty)
    }

    @Test("ANY for an emulated name answers its A record")
    func emulatedAny() throws {
        let parsed = try #require(ask(DNSMessages.query("gmail.googleapis.com", type: LDNS_RR_TYPE_ANY)).answer)
        #expect(parsed.answers == ["gmail.googleapis.com. A 127.0.0.1 ttl=60"])
    }

    @Test("any other name is NXDOMAIN for every type, reported lowercased without the trailing dot",
          arguments: [LDNS_RR_TYPE_A, LDNS_RR_TYPE_AAAA, LDNS_RR_TYPE_MX])
    func otherNamesAreNXDomain(type: ldns_rr_type) throws {
        let (answer, _, blocked) = ask(DNSMessages.query("Example.ORG.", type: type))
        let parsed = try #require(answer)
        #expect(parsed.rcode == Int(LDNS_RCODE_NXDOMAIN.rawValue))
        #expect(parsed.authoritative)
        #expect(parsed.answers.isEmpty)
        #expect(parsed.questions == ["Example.ORG. \(type == LDNS_RR_TYPE_A ? "A" : type == LDNS_RR_TYPE_AAAA ? "AAAA" : "MX")"])
        #expect(blocked == ["example.org"])
    }

    @Test("a name that only looks like a pattern host is blocked",
          arguments: ["dynamodb.amazonaws.com", "x.dynamodb.us-east-1.amazonaws.com", "gmail.googleapis.com.evil.test", "googleapis.com"])
    func lookalikes(name: String) throws {
        let (answer, _, blocked) = ask(DNSMessages.query(name))
        #expect(answer?.rcode == Int(LDNS_RCODE_NXDOMAIN.rawValue))
        #expect(blocked == [name])
    }

    @Test("a label holding a dot or non-ASCII bytes is reported escaped, and never matches a pattern host (fuzz-dns-query find)")
    func escapedLabels() throws {
        // The fuzzer's input: `DynamoDB.eu-\x89\x9cst-3.amazonaws.co\x2e` in wire format (the last label is "co.").
        let query: [UInt8] = [
            0x00, 0x07, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x08, 0x44, 0x79, 0x6E, 0x61, 0x6D, 0x6F, 0x44, 0x42, 0x09, 0x65, 0x75, 0x2D, 0x89, 0x9C, 0x73, 0x74, 0x2D, 0x33,
            0x09, 0x61, 0x6D, 0x61, 0x7A, 0x6F, 0x6E, 0x61, 0x77, 0x73, 0x03, 0x63, 0x6F, 0x2E, 0x00, 0x00, 0x01, 0x00, 0x01,
        ]
        let (answer, _, blocked) = ask(query)
        #expect(answer?.rcode == Int(LDNS_RCODE_NXDOMAIN.rawValue))
        #expect(blocked == [#"dynamodb.eu-\137\156st-3.amazonaws.co\."#])

        // A dot inside a label does not split it: "gmail.googleapis" + "com" is not gmail.googleapis.com.
        let glued: [UInt8] = [0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10]
            + Array("gmail.googleapis".utf8) + [0x03] + Array("com".utf8) + [0x00, 0x00, 0x01, 0x00, 0x01]
        let (gluedAnswer, _, gluedBlocked) = ask(glued)
        #expect(gluedAnswer?.rcode == Int(LDNS_RCODE_NXDOMAIN.rawValue))
        #expect(gluedBlocked == [#"gmail\.googleapis.com"#])
    }

    @Test("reverse lookups and the root are NXDOMAIN but not reported: they name no host")
    func reverseLookups() throws {
        for name in [".", "1.1.1.1.in-addr.arpa", "b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.0.0.0.0.1.2.3.4.ip6.arpa"] {
            let (answer, _, blocked) = ask(DNSMessages.query(name, type: LDNS_RR_TYPE_PTR))
            #expect(answer?.rcode == Int(LDNS_RCODE_NXDOMAIN.rawValue))
            #expect(blocked.isEmpty)
        }
    }

    @Test("EDNS: an OPT query gets an OPT answer advertising 1232 bytes; a version above 0 gets BADVERS")
    func edns() throws {
        let plain = try #require(ask(DNSMessages.query("gmail.googleapis.com", edns: true)).answer)
        #expect(plain.ednsUDPSize == 1232)
        #expect(plain.answers.count == 1)
        let future = try #require(ask(DNSMessages.query("gmail.googleapis.com", edns: true, ednsVersion: 1)).answer)
        #expect(future.rcode == 16)
        #expect(future.answers.isEmpty)
    }

    @Test("other opcodes are NOTIMP; classes other than IN and ANY are REFUSED and not reported")
    func opcodesAndClasses() throws {
        let notify = try #require(ask(DNSMessages.query("example.org", opcode: LDNS_PACKET_NOTIFY)).answer)
        #expect(notify.rcode == Int(LDNS_RCODE_NOTIMPL.rawValue))
        let (chaos, _, blocked) = ask(DNSMessages.query("version.bind", type: LDNS_RR_TYPE_TXT, recordClass: LDNS_RR_CLASS_CH))
        #expect(chaos?.rcode == Int(LDNS_RCODE_REFUSED.rawValue))
        #expect(blocked.isEmpty)
        let any = try #require(ask(DNSMessages.query("gmail.googleapis.com", recordClass: LDNS_RR_CLASS_ANY)).answer)
        #expect(any.answers.count == 1)
    }

    @Test("more than one question, or none, is FORMERR and nothing is reported")
    func questionCount() throws {
        let (two, _, blocked) = ask(DNSMessages.query("example.org", extraQuestions: ["example.net"]))
        #expect(two?.rcode == Int(LDNS_RCODE_FORMERR.rawValue))
        #expect(two?.id == 0x1234)
        #expect(two?.answers == [])
        #expect(blocked.isEmpty)

        var none = DNSMessages.query("example.org")
        none[4] = 0
        none[5] = 0  // QDCOUNT 0; the question bytes become trailing garbage
        let empty = ask(Array(none.prefix(12)))
        #expect(empty.answer?.rcode == Int(LDNS_RCODE_FORMERR.rawValue))
        #expect(empty.answer?.questions == [])
    }

    @Test("shorter than a header, or a response: dropped")
    func dropped() {
        #expect(answerer.answer(query: []) == nil)
        #expect(answerer.answer(query: Array(DNSMessages.query("example.org").prefix(11))) == nil)
        var response = DNSMessages.query("gmail.googleapis.com")
        response[2] |= 0x80
        #expect(answerer.answer(query: response) == nil)
    }

    @Test("every truncation of a query after the header is FORMERR with the query's id, never a crash")
    func truncated() throws {
        let query = DNSMessages.query("gmail.googleapis.com", edns: true)
        for length in 12..<query.count {
            let (answer, _, blocked) = ask(Array(query.prefix(length)))
            #expect(answer?.rcode == Int(LDNS_RCODE_FORMERR.rawValue), "length \(length)")
            #expect(answer?.id == 0x1234)
            #expect(blocked.isEmpty)
        }
    }

    @Test("malformed names: a compression pointer loop, a pointer past the end, a label past the end: FORMERR")
    func malformedNames() throws {
        let header: [UInt8] = [0xAB, 0xCD, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]
        let bodies: [[UInt8]] = [
            [0xC0, 0x0C, 0x00, 0x01, 0x00, 0x01],  // points at itself
            [0xC0, 0xFF, 0x00, 0x01, 0x00, 0x01],  // points past the message
            [0x3F, 0x61, 0x62, 0x00, 0x01, 0x00, 0x01],  // 63-byte label with 2 bytes
            [0x40, 0x61, 0x00, 0x00, 0x01, 0x00, 0x01],  // label type 0x40 (EDNS0 extended label, obsolete)
        ]
        for body in bodies {
            let (answer, _, blocked) = ask(header + body)
            #expect(answer?.rcode == Int(LDNS_RCODE_FORMERR.rawValue), "\(body)")
            #expect(answer?.id == 0xABCD)
            #expect(blocked.isEmpty)
        }
    }

    @Test("a query longer than maxQueryBytes is FORMERR; one at the limit is answered")
    func oversize() throws {
        let query = DNSMessages.query("example.org")
        let atLimit = query + [UInt8](repeating: 0, count: DNSAnswerer.maxQueryBytes - query.count)
        let over = atLimit + [0]
        // Trailing bytes after the last section: ldns ignores them, so the limit alone decides.
        #expect(ask(atLimit).answer?.rcode == Int(LDNS_RCODE_NXDOMAIN.rawValue))
        let (answer, _, blocked) = ask(over)
        #expect(answer?.rcode == Int(LDNS_RCODE_FORMERR.rawValue))
        #expect(blocked.isEmpty)
    }

    @Test("the longest possible name is answered within 512 bytes")
    func longestName() throws {
        let label = String(repeating: "a", count: 63)
        let name = [label, label, label, String(repeating: "b", count: 61)].joined(separator: ".")  // 253 characters
        let (_, wire, blocked) = ask(DNSMessages.query(name, edns: true))
        #expect(try #require(wire).count <= 512)
        #expect(blocked == [name])

        let emulated = try DNSAnswerer(hosts: EmulatedHosts(loopbackNames: [name]))
        let answer = try #require(emulated.answer(query: DNSMessages.query(name, edns: true)))
        #expect(answer.count <= 512)
        #expect(DNSMessages.parse(answer)?.answers.count == 1)
    }
}
