internal import CLDNS

/// The resolver of the isolated namespace as a pure function: one DNS query in, one answer out, parsed
/// and built with ldns (no hand-made DNS messages).
///
/// - An emulated name (`EmulatedHosts.address(for:)`): `A` (and `ANY`) answer its IPv4 address; `AAAA`
///   and every other type answer NOERROR with no records, so clients connect over IPv4 to where the
///   emulators listen (an `::1` answer would send them to a port nobody serves first).
/// - Any other name: NXDOMAIN, and `blocked` hears the name (lowercased, no trailing dot), except reverse
///   lookups (`in-addr.arpa`, `ip6.arpa`) and the root, which name no host.
/// - Not a query (opcode other than QUERY): NOTIMP. A class other than IN or ANY: REFUSED. EDNS version
///   above 0: BADVERS (RFC 6891). No question or more than one (RFC 9619), a message ldns cannot parse, or
///   one longer than `maxQueryBytes`: FORMERR (with the query's id, no question).
/// - Dropped (nil): anything shorter than a DNS header, and responses (answering a response could loop).
///
/// Answers carry QR, AA, RA, the query's RD and id, the question as asked (same letter case), a 60-second
/// TTL, and an OPT record (UDP size 1232) when the query had one. They stay under 512 bytes, since only
/// one question is ever echoed.
public struct DNSAnswerer: Sendable {
    /// Longer queries are answered FORMERR. Real queries are far shorter (a name is at most 255 bytes);
    /// this leaves room for EDNS options such as padding.
    public static let maxQueryBytes = 4096
    /// What an EDNS answer advertises: the size DNS Flag Day 2020 settled on.
    static let ednsUDPSize: UInt16 = 1232
    static let ttl: UInt32 = 60

    public let hosts: EmulatedHosts

    public init(hosts: EmulatedHosts) { self.hosts = hosts }

    /// The wire answer to `query`, or nil to drop it; `blocked` is called with each name answered
    /// NXDOMAIN that a program may have tried to reach.
    public func answer(query: [UInt8], blocked: (String) -> Void = { _ in }) -> [UInt8]? {
        guard query.count >= CLDNS_header_size() else { return nil }
        let header = query.withUnsafeBufferPointer { bytes in
            QueryHeader(
                id: CLDNS_wire_id(bytes.baseAddress), isResponse: CLDNS_wire_is_response(bytes.baseAddress) != 0,
                opcode: CLDNS_wire_opcode(bytes.baseAddress), recursionDesired: CLDNS_wire_recursion_desired(bytes.baseAddress) != 0)
        }
        guard !header.isResponse else { return nil }
        guard query.count <= Self.maxQueryBytes else { return DNSReply(header, rcode: .formErr).wire() }

        var parsed: UnsafeMutablePointer<ldns_pkt>?
        let status = query.withUnsafeBufferPointer { ldns_wire2pkt(&parsed, $0.baseAddress, $0.count) }
        guard status == LDNS_STATUS_OK, let packet = parsed else {
            if let parsed { ldns_pkt_free(parsed) }
            return DNSReply(header, rcode: .formErr).wire()
        }
        defer { ldns_pkt_free(packet) }
        var reply = DNSReply(header, rcode: .noError)
        reply.edns = ldns_pkt_edns(packet) != 0

        guard header.opcode == UInt8(LDNS_PACKET_QUERY.rawValue) else { return reply.with(.notImp).wire() }
        if reply.edns, ldns_pkt_edns_version(packet) > 0 { return reply.with(.badVers).wire() }
        guard ldns_pkt_qdcount(packet) == 1, let questions = ldns_pkt_question(packet), ldns_rr_list_rr_count(questions) == 1,
              let question = ldns_rr_list_rr(questions, 0), let owner = ldns_rr_owner(question)
        else { return reply.with(.formErr).wire() }
        reply.question = question

        let recordClass = ldns_rr_get_class(question)
        guard recordClass == LDNS_RR_CLASS_IN || recordClass == LDNS_RR_CLASS_ANY else { return reply.with(.refused).wire() }
        guard let name = Self.presentation(owner) else { return reply.with(.formErr).wire() }
        reply.authoritative = true
        guard let address = hosts.address(for: name) else {
            if !Self.reachesNoHost(name) { blocked(EmulatedHosts.normalized(name)) }
            return reply.with(.nxDomain).wire()
        }
        let type = ldns_rr_get_type(question)
        if type == LDNS_RR_TYPE_A || type == LDNS_RR_TYPE_ANY { reply.address = address }
        return reply.wire()
    }

    /// The name in presentation format (`gmail.googleapis.com.`; unusual bytes escaped as `\DDD`).
    static func presentation(_ name: UnsafeMutablePointer<ldns_rdf>) -> String? {
        guard let text = ldns_rdf2str(name) else { return nil }
        defer { CLDNS_free(text) }
        return String(cString: text)
    }

    /// Reverse lookups ask about an address, and the root about the DNS itself: neither names a host a
    /// program wants to reach.
    static func reachesNoHost(_ name: String) -> Bool {
        let name = EmulatedHosts.normalized(name)
        return name == "." || name.hasSuffix(".in-addr.arpa") || name.hasSuffix(".ip6.arpa") || name == "in-addr.arpa" || name == "ip6.arpa"
    }
}

/// What the answer needs from the query's fixed header, read even when the rest does not parse.
struct QueryHeader {
    let id: UInt16
    let isResponse: Bool
    let opcode: UInt8
    let recursionDesired: Bool
}
