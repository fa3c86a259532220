#ifndef DRYDOCK_CLDNS_SHIM_H
#define DRYDOCK_CLDNS_SHIM_H
// ldns (NLnet Labs' DNS library, Debian libldns-dev): parses and builds the DNS messages of isolation
// mode's resolver. Swift cannot import ldns's function-like macros; these wrappers read the same header
// bits (through ldns's own macros) from a message too malformed for ldns_wire2pkt, so that even a FORMERR
// answer echoes the query's id.
#include <stdint.h>
#include <stdlib.h>
#include <ldns/ldns.h>

/// The message id (the first two bytes); `wire` must hold at least LDNS_HEADER_SIZE bytes.
static inline uint16_t CLDNS_wire_id(const uint8_t *wire) { return LDNS_ID_WIRE(wire); }
/// Whether the QR bit marks the message as a response.
static inline int CLDNS_wire_is_response(const uint8_t *wire) { return LDNS_QR_WIRE(wire) != 0; }
static inline uint8_t CLDNS_wire_opcode(const uint8_t *wire) { return (uint8_t)LDNS_OPCODE_WIRE(wire); }
static inline int CLDNS_wire_recursion_desired(const uint8_t *wire) { return LDNS_RD_WIRE(wire) != 0; }
static inline size_t CLDNS_header_size(void) { return LDNS_HEADER_SIZE; }
/// Frees what ldns allocated for the caller (ldns_pkt2wire's buffer, ldns_rdf2str's text): LDNS_FREE.
static inline void CLDNS_free(void *pointer) { LDNS_FREE(pointer); }
#endif
