import CLDNS
@testable import DrydockIsolation

/// DNS messages for the tests, built and read with ldns (as the responder does).
enum DNSMessages {
    /// A query for `name` (as given, letter case kept), recursion desired.
    static func query(
        _ name: String, type: ldns_rr_type = LDNS_RR_TYPE_A, recordClass: ldns_rr_class = LDNS_RR_CLASS_IN, id: UInt16 = 0x1234,
        edns: Bool = false, ednsVersion: UInt8 = 0, extraQuestions: [String] = [], opcode: ldns_pkt_opcode = LDNS_PACKET_QUERY
    ) -> [UInt8] {
        let owner = ldns_dname_new_frm_str(name)
        let packet = ldns_pkt_query_new(owner, type, recordClass, UInt16(LDNS_RD))!
        defer { ldns_pkt_free(packet) }
        ldns_pkt_set_id(packet, id)
        ldns_pkt_set_opcode(packet, opcode)
        for extra in extraQuestions {
            let rr = ldns_rr_new()!
            ldns_rr_set_owner(rr, ldns_dname_new_frm_str(extra))
            ldns_rr_set_type(rr, LDNS_RR_TYPE_A)
            ldns_rr_set_class(rr, LDNS_RR_CLASS_IN)
            ldns_rr_set_question(rr, 1)
            _ = ldns_pkt_push_rr(packet, LDNS_SECTION_QUESTION, rr)
        }
        if edns {
            ldns_pkt_set_edns_udp_size(packet, 4096)
            ldns_pkt_set_edns_version(packet, ednsVersion)
        }
        var bytes: UnsafeMutablePointer<UInt8>?
        var size = 0
        precondition(ldns_pkt2wire(&bytes, packet, &size) == LDNS_STATUS_OK)
        defer { CLDNS_free(bytes) }
        return Array(UnsafeBufferPointer(start: bytes, count: size))
    }

    /// An answer as the tests look at it.
    struct Answer: Equatable {
        var id: UInt16
        var isResponse: Bool
        var authoritative: Bool
        var recursionDesired: Bool
        var recursionAvailable: Bool
        /// The full response code, EDNS extended bits included.
        var rcode: Int
        var questions: [String]
        /// "name TYPE data" per answer record.
        var answers: [String]
        var ednsUDPSize: UInt16?
    }

    static func parse(_ wire: [UInt8]) -> Answer? {
        var parsed: UnsafeMutablePointer<ldns_pkt>?
        let status = wire.withUnsafeBufferPointer { ldns_wire2pkt(&parsed, $0.baseAddress, $0.count) }
        guard status == LDNS_STATUS_OK, let packet = parsed else { return nil }
        defer { ldns_pkt_free(packet) }
        func records(_ list: UnsafeMutablePointer<ldns_rr_list>?) -> [UnsafeMutablePointer<ldns_rr>] {
            guard let list else { return [] }
            return (0..<ldns_rr_list_rr_count(list)).compactMap { ldns_rr_list_rr(list, $0) }
        }
        func text(_ rdf: UnsafeMutablePointer<ldns_rdf>?) -> String {
            guard let rdf, let chars = ldns_rdf2str(rdf) else { return "?" }
            defer { CLDNS_free(chars) }
            return String(cString: chars)
        }
        func typeName(_ rr: UnsafeMutablePointer<ldns_rr>) -> String {
            guard let chars = ldns_rr_type2str(ldns_rr_get_type(rr)) else { return "?" }
            defer { CLDNS_free(chars) }
            return String(cString: chars)
        }
        let edns = ldns_pkt_edns(packet) != 0
        return Answer(
            id: ldns_pkt_id(packet), isResponse: ldns_pkt_qr(packet) != 0, authoritative: ldns_pkt_aa(packet) != 0,
            recursionDesired: ldns_pkt_rd(packet) != 0, recursionAvailable: ldns_pkt_ra(packet) != 0,
            rcode: Int(ldns_pkt_get_rcode(packet).rawValue) | Int(ldns_pkt_edns_extended_rcode(packet)) << 4,
            questions: records(ldns_pkt_question(packet)).map { "\(text(ldns_rr_owner($0))) \(typeName($0))" },
            answers: records(ldns_pkt_answer(packet)).map { rr in
                "\(text(ldns_rr_owner(rr))) \(typeName(rr)) \(text(ldns_rr_rdf(rr, 0))) ttl=\(ldns_rr_ttl(rr))"
            },
            ednsUDPSize: edns ? ldns_pkt_edns_udp_size(packet) : nil)
    }

    /// The test host table: two Google names, the metadata name, and DynamoDB in every region by pattern.
    static let hosts: EmulatedHosts = {
        do {
            return try EmulatedHosts(
                loopbackNames: ["gmail.googleapis.com", "oauth2.googleapis.com"], metadataNames: ["instance-data.ec2.internal"],
                matches: { name in name.hasPrefix("dynamodb.") && name.hasSuffix(".amazonaws.com") && name.split(separator: ".").count == 4 })
        } catch {
            preconditionFailure("test host table: \(error)")
        }
    }()
}
