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

    @Test func unitValuesLieInZeroToOne() {
        var random = SeededRandom(seed: 0)
        #expect((0..<1000).allSatisfy { _ in (0..<1).contains(random.nextUnit()) })
    }
}
