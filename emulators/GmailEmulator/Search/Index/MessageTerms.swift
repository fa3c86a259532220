/// What the mailbox index learns from one message's text: a key per distinct word of each text field,
/// and a key per pair of adjacent words of each field, so a two-word phrase is one lookup and a longer
/// one a few (the pairs' holders, then those few messages checked word by word). Built from the
/// message's parse where it is parsed anyway (load, send, replay); the parse is not kept.
struct MessageTerms: Sendable {
    /// Word and pair keys, possibly repeated.
    let keys: [UInt64]
    let hasAttachment: Bool
    /// The words of every field but the body (subject, From, To, Cc, Bcc, file names), back to back:
    /// short, so the index keeps them and checks a long phrase there without parsing the message.
    let shortWords: [UInt64]
    /// Where each of those fields ends in `shortWords`.
    let shortEnds: [Int]

    /// No terms (a slot whose message is gone).
    static let none = MessageTerms(keys: [], hasAttachment: false, shortWords: [], shortEnds: Array(repeating: 0, count: shortFields.count))

    init(keys: [UInt64], hasAttachment: Bool, shortWords: [UInt64], shortEnds: [Int]) {
        self.keys = keys
        self.hasAttachment = hasAttachment
        self.shortWords = shortWords
        self.shortEnds = shortEnds
    }

    /// The field numbers (`TextFields.all`) kept in `shortWords`, in order: all but the body (1).
    static let shortFields = [0, 2, 3, 4, 5, 6]

    /// The position of field number `field` in `shortFields` (nil for the body).
    static func shortPosition(_ field: Int) -> Int? { field == 0 ? 0 : field >= 2 ? field - 1 : nil }

    init(_ message: any SearchableMessage) {
        var keys: [UInt64] = []
        var shortWords: [UInt64] = []
        var shortEnds: [Int] = []
        for field in TextFields.all.indices {
            let words = MessageFolding.words(ofField: field, message)
            if Self.shortPosition(field) != nil {
                shortWords += words
                shortEnds.append(shortWords.count)
            }
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
        self.shortWords = shortWords
        self.shortEnds = shortEnds
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
