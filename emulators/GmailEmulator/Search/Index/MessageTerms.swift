/// What the mailbox index learns from one message's text: a key per distinct word of each text field,
/// and a key per pair of adjacent words of each field, so a two-word phrase is one lookup and a longer
/// one a few (the pairs' holders, then those few messages checked word by word). Built from the
/// message's parse where it is parsed anyway (load, send, replay); the parse is not kept.
struct MessageTerms: Sendable {
    /// Word and pair keys, possibly repeated.
    let keys: [UInt64]
    let hasAttachment: Bool

    init(_ message: any SearchableMessage) {
        var keys: [UInt64] = []
        for field in TextFields.all.indices {
            let words = MessageFolding.words(ofField: field, message)
            keys.reserveCapacity(keys.count + words.count * 2)
            var previous = SearchText.boundary
            for word in words {
                if word != SearchText.boundary {
                    keys.append(Self.word(word, field: field))
                    if previous != SearchText.boundary { keys.append(Self.pair(previous, word, field: field)) }
                }
                previous = word
            }
        }
        self.keys = keys
        hasAttachment = message.hasAttachment
    }

    /// The key of word `fingerprint` in text field number `field` (`TextFields.all`).
    static func word(_ fingerprint: UInt64, field: Int) -> UInt64 {
        mix(fingerprint ^ (UInt64(field + 1) &* 0x9E37_79B9_7F4A_7C15))
    }

    /// The key of word `first` directly followed by word `second` in text field number `field`.
    static func pair(_ first: UInt64, _ second: UInt64, field: Int) -> UInt64 {
        mix((first &* 0xC2B2_AE3D_27D4_EB4F) ^ (second << 29 | second >> 35) ^ (UInt64(field + 17) &* 0x1656_67B1_9E37_79F9))
    }

    /// A 64-bit finaliser (splitmix64's); never 0, the table's empty cell.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return z == 0 ? 1 : z
    }
}
