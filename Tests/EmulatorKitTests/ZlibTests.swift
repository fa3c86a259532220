import EmulatorKit
import Testing

@Suite struct ZlibTests {
    @Test func gzipRoundTrips() throws {
        let text = Array(String(repeating: "{\"id\": \"18c2a1\", \"threadId\": \"18c2a1\"},\n", count: 500).utf8)
        let compressed = try #require(Zlib.gzip(text))
        #expect(compressed.count < text.count / 10)
        #expect(Array(compressed.prefix(2)) == [0x1f, 0x8b])
        #expect(try Zlib.inflate(compressed, maximumBytes: text.count).get() == text)
    }

    @Test func inflateStopsAtItsLimitAndRefusesGarbage() throws {
        let zeros = try #require(Zlib.gzip([UInt8](repeating: 0, count: 1 << 20)))
        #expect(Zlib.inflate(zeros, maximumBytes: 1000) == .failure(.tooLarge))
        #expect(Zlib.inflate(Array("not gzip".utf8), maximumBytes: 1000) == .failure(.corrupt))
        #expect(Zlib.inflate(Array(zeros.dropLast(4)), maximumBytes: 2 << 20) == .failure(.corrupt))
        #expect(try Zlib.inflate([], maximumBytes: 10).get() == [])
    }

    /// One gzip member at a time, with how much input it took (RFC 1952 lets members follow each other).
    @Test func inflateGzipMemberStopsAtTheMembersEnd() throws {
        let first = try #require(Zlib.gzip(Array("hello, ".utf8)))
        let second = try #require(Zlib.gzip(Array("world".utf8)))
        let both = first + second
        let one = try Zlib.inflateGzipMember(both[...], maximumBytes: 100).get()
        #expect(one.output == Array("hello, ".utf8))
        #expect(one.consumed == first.count)
        let two = try Zlib.inflateGzipMember(both[first.count...], maximumBytes: 100).get()
        #expect(two.output == Array("world".utf8))
        #expect(Zlib.inflateGzipMember([][...], maximumBytes: 10).map(\.output) == .failure(.corrupt))
        #expect(Zlib.inflateGzipMember(first.dropLast(3), maximumBytes: 100).map(\.output) == .failure(.corrupt))
        #expect(Zlib.inflateGzipMember(both[...], maximumBytes: 3).map(\.output) == .failure(.tooLarge))
    }

    /// Every member at once, however many: one body of many (empty) members is read in one pass, with
    /// the input it took (trailing bytes left over), and more members than allowed is refused.
    @Test func inflateGzipMembersJoinsManyAndBoundsTheirNumber() throws {
        let first = try #require(Zlib.gzip(Array("{}".utf8)))
        let empty = try #require(Zlib.gzip([]))
        let body = first + Array([[UInt8]](repeating: empty, count: 9_999).joined())
        let all = try Zlib.inflateGzipMembers(body[...] + Array("junk".utf8), maximumBytes: 100, maximumMembers: 10_000).get()
        #expect(all.output == Array("{}".utf8))
        #expect(all.consumed == body.count)
        #expect(Zlib.inflateGzipMembers((body + empty)[...], maximumBytes: 100, maximumMembers: 10_000).map(\.output) == .failure(.tooManyMembers))
        #expect(Zlib.inflateGzipMembers((first + first)[...], maximumBytes: 3, maximumMembers: 10).map(\.output) == .failure(.tooLarge))
        #expect(Zlib.inflateGzipMembers((first + [0x1f, 0x8b, 8])[...], maximumBytes: 100, maximumMembers: 10).map(\.output) == .failure(.corrupt))
        #expect(Zlib.inflateGzipMembers([][...], maximumBytes: 100, maximumMembers: 10).map(\.output) == .failure(.corrupt))
    }
}
