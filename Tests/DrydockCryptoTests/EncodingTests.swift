import DrydockCrypto
import Testing

@Suite struct HexTests {
    @Test func encodesLowercase() {
        #expect(Hex.encode([0x00, 0x0f, 0xab, 0xff]) == "000fabff")
        #expect(Hex.encode([]) == "")
    }

    @Test func decodesEitherCase() {
        #expect(Hex.decode("000FabFF") == [0x00, 0x0f, 0xab, 0xff])
        #expect(Hex.decode("") == [])
    }

    @Test(arguments: ["abc", "zz", "0g", " 00"])
    func rejectsInvalid(text: String) {
        #expect(Hex.decode(text) == nil)
    }
}

@Suite struct Base64Tests {
    /// RFC 4648 §10 vectors.
    @Test(arguments: [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
    ])
    func standardVectors(plain: String, encoded: String) {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
        #expect(Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test func standardRejectsGarbage() {
        #expect(Base64.decode("Zm9v!") == nil)
        #expect(Base64.decode("Zg") == nil)
    }

    @Test func urlSafeAlphabetWithoutPadding() {
        #expect(Base64URL.encode([0xfb, 0xff]) == "-_8")
        #expect(Base64.encode([0xfb, 0xff]) == "+/8=")
        #expect(Base64URL.encode(Array("f".utf8)) == "Zg")
        #expect(Base64URL.encode([]) == "")
    }

    @Test func urlSafeDecodesWithOrWithoutPadding() {
        #expect(Base64URL.decode("-_8") == [0xfb, 0xff])
        #expect(Base64URL.decode("-_8=") == [0xfb, 0xff])
        #expect(Base64URL.decode("Zg") == Array("f".utf8))
        #expect(Base64URL.decode("Zg==") == Array("f".utf8))
        #expect(Base64URL.decode("") == [])
    }

    @Test(arguments: ["+/8", "Zg=", "Z", "Zm9vY", "Zg===", "Z=g", "Zm 9v", "Zm9v\n"])
    func urlSafeRejectsInvalid(text: String) {
        #expect(Base64URL.decode(text) == nil)
    }

    @Test func roundTripsEveryLengthAndByte() {
        for length in 0..<70 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 250) }
            let encoded = Base64URL.encode(bytes)
            #expect(!encoded.contains("=") && !encoded.contains("+") && !encoded.contains("/"))
            #expect(Base64URL.decode(encoded) == bytes)
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
        }
        let all = (0...255).map { UInt8($0) }
        #expect(Base64URL.decode(Base64URL.encode(all)) == all)
    }
}

@Suite struct SecureRandomTests {
    @Test func bytesHaveTheRequestedLengthAndDiffer() {
        #expect(SecureRandom.bytes(0) == [])
        let a = SecureRandom.bytes(32)
        let b = SecureRandom.bytes(32)
        #expect(a.count == 32 && b.count == 32)
        #expect(a != b)
    }

    @Test func tokenIsPrefixPlusBase64URL() {
        let token = SecureRandom.token(prefix: "ya29.", bytes: 32)
        #expect(token.hasPrefix("ya29."))
        let rest = String(token.dropFirst(5))
        #expect(rest.count == 43)
        #expect(Base64URL.decode(rest)?.count == 32)
        #expect(SecureRandom.token(prefix: "ya29.", bytes: 32) != token)
    }
}
