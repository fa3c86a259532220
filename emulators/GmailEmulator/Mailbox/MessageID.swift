/// Gmail message ids: 16 lowercase hex digits, the hex form of a positive 64-bit integer.
///
/// Gmail answers 400 "Invalid id value" for an id that does not parse as an in-range hex integer
/// (non-hex characters, more than 16 digits, or a value above Int64.max such as `ffffffffffffffff`)
/// and 404 for a well-formed id it does not hold (measured and reported in brekkylab/backlot#39).
enum MessageID {
    /// The id for a fixture file: FNV-1a 64 of its name, with the top nibble forced to 1 so the id has
    /// 16 digits and looks like Gmail's (`1` followed by 15 hex digits); `attempt` > 0 resolves the
    /// rare collision.
    static func forFile(_ name: String, attempt: Int = 0) -> UInt64 {
        var hash = fnv1a(Array(name.utf8))
        if attempt > 0 { hash = fnv1a(Array("\(name)#\(attempt)".utf8)) }
        return 0x1000_0000_0000_0000 | (hash & 0x0FFF_FFFF_FFFF_FFFF)
    }

    /// An id for a message sent at `milliseconds` since 1970, as Gmail mints them: the time shifted
    /// left 20 bits plus a sequence number (for 2020s dates, 16 hex digits starting `1`). Kept below
    /// 2⁶³, the largest id Gmail parses, however far the virtual clock has been advanced.
    static func forSend(milliseconds: Int64, sequence: UInt64) -> UInt64 {
        ((UInt64(max(0, milliseconds)) << 20) &+ sequence) & UInt64(Int64.max)
    }

    static func string(_ value: UInt64) -> String {
        let hex = String(value, radix: 16)
        return hex.count >= 16 ? hex : String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The numeric value of an id as Gmail parses it, or nil when Gmail would answer "Invalid id value".
    static func parse(_ text: String) -> UInt64? {
        guard !text.isEmpty, text.utf8.count <= 16, text.utf8.allSatisfy({ TransferEncoding.hexValue($0) != nil }),
              let value = UInt64(text, radix: 16), value <= UInt64(Int64.max) else { return nil }
        return value
    }

    /// FNV-1a, 64-bit.
    static func fnv1a(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
