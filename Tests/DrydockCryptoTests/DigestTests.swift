import DrydockCrypto
import Testing

@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func publishedVectors(input: String, expected: String) {
        #expect(SHA256.hex(Array(input.utf8)) == expected)
        #expect(SHA256.hash(input) == Hex.decode(expected))
        #expect(SHA256.hash(Array(input.utf8)).count == 32)
    }

    @Test func millionAs() {
        #expect(SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}

@Suite struct HMACTests {
    /// RFC 4231 §4.2–4.5, HMAC-SHA-256 outputs.
    @Test(arguments: [
        ([UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8),
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        (Array("Jefe".utf8), Array("what do ya want for nothing?".utf8),
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        ([UInt8](repeating: 0xaa, count: 20), [UInt8](repeating: 0xdd, count: 50),
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        (Array(UInt8(1)...UInt8(25)), [UInt8](repeating: 0xcd, count: 50),
         "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
    ])
    func rfc4231(key: [UInt8], message: [UInt8], expected: String) {
        #expect(Hex.encode(HMAC.sha256(key: key, message: message)) == expected)
        let prepared = HMACKey(key)
        #expect(Hex.encode(prepared.sha256(message)) == expected)
        #expect(Hex.encode(prepared.sha256(message)) == expected, "a prepared key is not changed by a MAC")
    }

    @Test func emptyKeyAndMessage() {
        // Well-known value of HMAC-SHA256("", "").
        let expected = "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"
        #expect(Hex.encode(HMAC.sha256(key: [], message: [])) == expected)
        #expect(Hex.encode(HMACKey([]).sha256([])) == expected)
    }

    @Test func preparedKeySharedAcrossThreads() async {
        // RFC 4231 §4.2 on many tasks at once through one prepared key: the MACs must not interfere.
        let key = HMACKey([UInt8](repeating: 0x0b, count: 20))
        let results = await withTaskGroup(of: String.self) { group in
            for _ in 0..<64 { group.addTask { Hex.encode(key.sha256("Hi There")) } }
            return await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(results == ["b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"])
    }

    @Test func keyLongerThanBlockIsHashedFirst() {
        // RFC 4231 §4.7 (test case 6): a 131-byte key.
        let key = [UInt8](repeating: 0xaa, count: 131)
        let message = Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)
        #expect(Hex.encode(HMAC.sha256(key: key, message: message))
            == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }
}

/// `DigestStream` shares one fetched implementation per algorithm (fetched once, not per stream): streams
/// of every algorithm, many at once on many threads, each give its own input's digest.
@Suite struct DigestStreamTests {
    @Test func manyStreamsAtOnceShareTheFetchedAlgorithms() async {
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<32 {
                group.addTask {
                    let bytes = (0..<(1000 + index)).map { UInt8(truncatingIfNeeded: $0 &* (index + 1)) }
                    let streams = [DigestStream(.md5), DigestStream(.sha1), DigestStream(.sha256)]
                    for piece in stride(from: 0, to: bytes.count, by: 100) {
                        for stream in streams { stream.update(Array(bytes[piece..<min(piece + 100, bytes.count)])) }
                    }
                    return streams.map { $0.finish() } == [Digest.md5(bytes), Digest.sha1(bytes), SHA256.hash(bytes)]
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 32)
        #expect(results.allSatisfy { $0 })
    }
}
