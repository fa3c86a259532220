extension String {
    /// Whether `self` and `other` are equal ignoring ASCII case — how HTTP header names compare. Works on
    /// the UTF-8 bytes without building lowercased copies (header lookups run on every request).
    public func equalsIgnoringASCIICase(_ other: String) -> Bool {
        let a = utf8, b = other.utf8
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { x, y in
            x == y || (x | 0x20 == y | 0x20 && (0x61...0x7A).contains(x | 0x20))
        }
    }
}
