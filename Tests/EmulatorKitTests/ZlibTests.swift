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
}
