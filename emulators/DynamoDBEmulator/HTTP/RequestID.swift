/// DynamoDB-style request ids: 52 characters of `[0-9A-Z]`, derived from a sequence number so runs
/// are reproducible.
enum RequestID {
    private static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)

    static func make(_ sequence: UInt64) -> String {
        var state = sequence &+ 0x9E37_79B9_7F4A_7C15
        var out: [UInt8] = []
        out.reserveCapacity(52)
        while out.count < 52 {
            // splitmix64
            state = state &+ 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            for _ in 0..<8 where out.count < 52 {
                out.append(alphabet[Int(z % 36)])
                z /= 36
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
