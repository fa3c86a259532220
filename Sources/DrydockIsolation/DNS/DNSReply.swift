internal import CLDNS

/// One answer under construction, turned into wire format by ldns in `wire()`.
struct DNSReply {
    /// Response codes this responder gives (RFC 1035, 6891).
    enum ResponseCode: UInt16 {
        case noError = 0, formErr = 1, nxDomain = 3, notImp = 4, refused = 5
        /// 16: only expressible with EDNS (the upper bits go in the OPT record).
        case badVers = 16
    }

    let header: QueryHeader
    var rcode: ResponseCode
    /// Echoed as asked; borrowed from the parsed query, which outlives `wire()`.
    var question: UnsafeMutablePointer<ldns_rr>?
    /// An A record for the question's name.
    var address: String?
    var authoritative = false
    var edns = false

    init(_ header: QueryHeader, rcode: ResponseCode) {
        self.header = header
        self.rcode = rcode
    }

    func with(_ rcode: ResponseCode) -> DNSReply {
        var copy = self
        copy.rcode = rcode
        return copy
    }

    /// The answer in wire format, or nil if ldns could not build it (out of memory).
    func wire() -> [UInt8]? {
        guard let packet = ldns_pkt_new() else { return nil }
        defer { ldns_pkt_free(packet) }
        ldns_pkt_set_id(packet, header.id)
        ldns_pkt_set_qr(packet, 1)
        ldns_pkt_set_opcode(packet, ldns_pkt_opcode(rawValue: UInt32(header.opcode)))
        ldns_pkt_set_rd(packet, header.recursionDesired ? 1 : 0)
        ldns_pkt_set_ra(packet, 1)
        ldns_pkt_set_aa(packet, authoritative ? 1 : 0)
        ldns_pkt_set_rcode(packet, UInt8(rcode.rawValue & 0x0F))
        if edns {
            ldns_pkt_set_edns_udp_size(packet, DNSAnswerer.ednsUDPSize)
            ldns_pkt_set_edns_extended_rcode(packet, UInt8(rcode.rawValue >> 4))
        }
        if let question {
            guard let copy = ldns_rr_clone(question) else { return nil }
            guard ldns_pkt_push_rr(packet, LDNS_SECTION_QUESTION, copy) != 0 else {
                ldns_rr_free(copy)
                return nil
            }
            if let address {
                guard let record = Self.addressRecord(owner: ldns_rr_owner(question), address: address) else { return nil }
                guard ldns_pkt_push_rr(packet, LDNS_SECTION_ANSWER, record) != 0 else {
                    ldns_rr_free(record)
                    return nil
                }
            }
        }
        var bytes: UnsafeMutablePointer<UInt8>?
        var size = 0
        guard ldns_pkt2wire(&bytes, packet, &size) == LDNS_STATUS_OK, let bytes else { return nil }
        defer { CLDNS_free(bytes) }
        return Array(UnsafeBufferPointer(start: bytes, count: size))
    }

    /// `owner IN A address` with the responder's TTL.
    private static func addressRecord(owner: UnsafeMutablePointer<ldns_rdf>?, address: String) -> UnsafeMutablePointer<ldns_rr>? {
        guard let owner, let name = ldns_rdf_clone(owner) else { return nil }
        guard let data = ldns_rdf_new_frm_str(LDNS_RDF_TYPE_A, address) else {
            ldns_rdf_deep_free(name)
            return nil
        }
        guard let record = ldns_rr_new() else {
            ldns_rdf_deep_free(name)
            ldns_rdf_deep_free(data)
            return nil
        }
        ldns_rr_set_owner(record, name)
        ldns_rr_set_type(record, LDNS_RR_TYPE_A)
        ldns_rr_set_class(record, LDNS_RR_CLASS_IN)
        ldns_rr_set_ttl(record, DNSAnswerer.ttl)
        guard ldns_rr_push_rdf(record, data) != 0 else {
            ldns_rdf_deep_free(data)
            ldns_rr_free(record)
            return nil
        }
        return record
    }
}
