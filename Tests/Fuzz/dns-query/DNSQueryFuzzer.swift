import CLDNS
import DrydockIsolation
import FuzzSupport

/// The isolated resolver's `DNSAnswerer.answer(query:)`: the input is one DNS message as it would arrive
/// in a UDP datagram or a TCP frame. Oracle: a message shorter than a header or marked as a response is
/// dropped; anything else gets an answer that ldns parses back, with the query's id, QR set, at most one
/// question and one record, a response code the responder documents, and under 512 bytes; a reported
/// blocked name is lowercased without the root's trailing dot.
enum DNSQueryFuzzer {
    static let answerer: DNSAnswerer = {
        do {
            return DNSAnswerer(hosts: try EmulatedHosts(
                loopbackNames: ["gmail.googleapis.com", "oauth2.googleapis.com", "sheets.googleapis.com"],
                metadataNames: ["instance-data.ec2.internal"],
                matches: { $0.hasPrefix("dynamodb.") && $0.hasSuffix(".amazonaws.com") && $0.split(separator: ".").count == 4 }))
        } catch {
            fatalError("fuzz setup: \(error)")
        }
    }()

    static func run(_ input: [UInt8]) {
        var blocked: [String] = []
        let answer = answerer.answer(query: input) { blocked.append($0) }
        guard let answer else {
            check(input.count < 12 || input[2] & 0x80 != 0, "dropped a query")
            check(blocked.isEmpty, "reported a name for a dropped message")
            return
        }
        check(input.count >= 12, "answered a message shorter than a header")
        check(answer.count <= 512, "answer of \(answer.count) bytes")
        var parsed: UnsafeMutablePointer<ldns_pkt>?
        let status = answer.withUnsafeBufferPointer { ldns_wire2pkt(&parsed, $0.baseAddress, $0.count) }
        guard status == LDNS_STATUS_OK, let packet = parsed else { fail("ldns cannot parse the answer") }
        defer { ldns_pkt_free(packet) }
        check(ldns_pkt_id(packet) == UInt16(input[0]) << 8 | UInt16(input[1]), "id not echoed")
        check(ldns_pkt_qr(packet) != 0, "QR not set")
        check(ldns_pkt_qdcount(packet) <= 1 && ldns_pkt_ancount(packet) <= 1, "more than one question or answer")
        check(ldns_pkt_nscount(packet) == 0, "authority records")
        let rcode = Int(ldns_pkt_get_rcode(packet).rawValue) | Int(ldns_pkt_edns_extended_rcode(packet)) << 4
        check([0, 1, 3, 4, 5, 16].contains(rcode), "response code \(rcode)")
        check(blocked.count <= 1, "\(blocked.count) names reported for one query")
        for name in blocked {
            check(!name.isEmpty && !name.utf8.contains { (65...90).contains($0) } && !endsWithRootDot(name), "reported '\(name)'")
            check(rcode == 3, "reported a name answered \(rcode)")
        }
    }

    /// Whether `name` (presentation format) still ends with the root's dot: a final `.` not escaped by
    /// an odd run of backslashes (`co\\.` is a label ending in a dot byte).
    static func endsWithRootDot(_ name: String) -> Bool {
        guard name.hasSuffix(".") else { return false }
        return name.utf8.dropLast().reversed().prefix { $0 == UInt8(ascii: "\\") }.count % 2 == 0
    }

    static func check(_ condition: Bool, _ what: @autoclosure () -> String) {
        if !condition { fail(what()) }
    }

    static func fail(_ what: String) -> Never {
        fatalError("oracle: dns-query: \(what)")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    DNSQueryFuzzer.run(FuzzDriver.bytes(data, size))
    return 0
}

/// The entry point SwiftPM links as `main` (see `FuzzDriver`).
@_cdecl("fuzz_dns_query_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    _ = DNSQueryFuzzer.answerer
    return FuzzDriver.run(argc: argc, argv: argv, testOneInput)
}
