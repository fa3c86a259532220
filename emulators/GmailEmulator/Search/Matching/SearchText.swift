import Foundation

/// Gmail-style word splitting and folding, used identically on messages and on query terms.
///
/// Text is folded case- and diacritic-insensitively (`Müller` = `müller` = `muller`, `José` = `jose`,
/// `Straße` = `strasse`; Gmail's own accent handling is assumed, not confirmed) and split into words at
/// every character that is not a letter, digit or combining mark, so `jose@example.com` is the words
/// `jose example com` and a query term matches whole words only: `book` does not match `booking`.
/// Scripts written without spaces (CJK) become one word per run, which real Gmail segments further; the
/// emulator does not.
///
/// Words are compared by 64-bit fingerprint (FNV-1a, then a finaliser); two different words sharing
/// one is possible in principle and ignored in practice.
enum SearchText {
    /// Calls `emit` with the folded UTF-8 bytes of each word of `text`, in order. ASCII words are folded
    /// in place; only words with other characters go through Foundation's folding.
    static func scan(_ text: String, _ emit: (UnsafeBufferPointer<UInt8>) -> Void) {
        var word: [UInt8] = []
        word.reserveCapacity(32)
        var needsFolding = false
        func flush() {
            guard !word.isEmpty else { return }
            if needsFolding {
                emitFolded(String(decoding: word, as: UTF8.self), emit)
            } else {
                word.withUnsafeBufferPointer(emit)
            }
            word.removeAll(keepingCapacity: true)
            needsFolding = false
        }
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                switch value {
                case 0x30...0x39, 0x61...0x7A: word.append(UInt8(value))
                case 0x41...0x5A: word.append(UInt8(value + 0x20))
                default: flush()
                }
            } else if isWordScalar(scalar) {
                word.append(contentsOf: String(scalar).utf8)
                needsFolding = true
            } else {
                flush()
            }
        }
        flush()
    }

    /// Folds one word that has non-ASCII characters; folding can split it (`½` → `1⁄2`).
    private static func emitFolded(_ word: String, _ emit: (UnsafeBufferPointer<UInt8>) -> Void) {
        let folded = word.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        var bytes: [UInt8] = []
        for scalar in folded.unicodeScalars {
            if scalar.value < 0x80 ? isASCIIWordByte(UInt8(scalar.value)) : isWordScalar(scalar) {
                bytes.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
            } else if !bytes.isEmpty {
                bytes.withUnsafeBufferPointer(emit)
                bytes.removeAll(keepingCapacity: true)
            }
        }
        if !bytes.isEmpty { bytes.withUnsafeBufferPointer(emit) }
    }

    private static func isASCIIWordByte(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber, .nonspacingMark, .spacingMark, .enclosingMark:
            return true
        default:
            return false
        }
    }

    /// The folded words of `text`, in order.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        scan(text) { words.append(String(decoding: $0, as: UTF8.self)) }
        return words
    }

    /// The fingerprints of the folded words of `text`, in order.
    static func fingerprints(_ text: String) -> [UInt64] {
        var prints: [UInt64] = []
        scan(text) { prints.append(fingerprint($0)) }
        return prints
    }

    /// Never a word's fingerprint: marks the gap between two addresses or file names in one field.
    static let boundary: UInt64 = 0

    static func fingerprint(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        hash ^= hash >> 33
        hash &*= 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        return hash == boundary ? 1 : hash
    }

    static func fingerprint(_ word: String) -> UInt64 {
        var word = word
        return word.withUTF8 { fingerprint($0) }
    }

    /// A label name or id in the form `label:` compares: folded words joined by `-`, so `/`, `-`, `_`
    /// and spaces are interchangeable (`Partners/CharterHub` = `partners-charterhub`).
    static func labelKey(_ name: String) -> String {
        words(name).joined(separator: "-")
    }
}
