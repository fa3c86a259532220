@testable import EmulatorKit
import Testing

@Suite struct GlobTests {
    @Test(arguments: [
        ("*", "", true), ("*", "/any/thing", true), ("/a*", "/a/b/c", true), ("/a/*/c", "/a/b/x/c", true),
        ("?", "x", true), ("?", "", false), ("/a?c", "/abc", true), ("/a?c", "/ac", false),
        ("abc", "abc", true), ("abc", "abcd", false), ("*.list", "users.messages.list", true),
        ("*a*b*", "xxaxxbxx", true), ("*a*b", "xxaxxbxc", false), ("ünï*", "ünïcode", true),
    ])
    func matches(pattern: String, text: String, expected: Bool) {
        #expect(Glob.matches(pattern, text) == expected)
    }
}

@Suite struct SeededRandomTests {
    @Test func theSameSeedGivesTheSameSequence() {
        var a = SeededRandom(seed: 42), b = SeededRandom(seed: 42), c = SeededRandom(seed: 43)
        let first = (0..<8).map { _ in a.next() }
        #expect(first == (0..<8).map { _ in b.next() })
        #expect(first != (0..<8).map { _ in c.next() })
    }

    /// Pinned: the OAuth emulator's `.seeded(7)` tokens are these bytes, least significant byte of each
    /// value first (its first token starts `ya29.1w0yWeThy2McZjz0`).
    @Test func bytesAreEachValueLeastSignificantFirst() {
        var random = SeededRandom(seed: 7)
        #expect(random.bytes(12) == [0xD7, 0x0D, 0x32, 0x59, 0xE4, 0xE1, 0xCB, 0x63, 0x1C, 0x66, 0x3C, 0xF4])
        var words = SeededRandom(seed: 7), bytes = SeededRandom(seed: 7)
        let word = words.next()
        #expect(bytes.bytes(8) == (0..<8).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) })
        #expect(random.bytes(0) == [])
    }

    @Test func unitValuesLieInZeroToOne() {
        var random = SeededRandom(seed: 0)
        #expect((0..<1000).allSatisfy { _ in (0..<1).contains(random.nextUnit()) })
    }
}
