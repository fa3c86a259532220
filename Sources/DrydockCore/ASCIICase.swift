extension String {
    /// Whether `self` and `other` are equal ignoring ASCII case — how HTTP header names compare. Works on
    /// the UTF-8 bytes without building lowercased copies (header lookups run on every request).
    public func equalsIgnoringASCIICase(_ other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
            for i in 0..<a.count {
                let x = a[i], y = b[i]
                if x == y { continue }
                let lower = x | 0x20
                guard lower == y | 0x20, lower >= 0x61, lower <= 0x7A else { return false }
            }
            return true
        }
        if let result = utf8.withContiguousStorageIfAvailable({ a in
            other.utf8.withContiguousStorageIfAvailable { b in equal(a, b) }
        }), let result {
            return result
        }
        return Array(utf8).withUnsafeBufferPointer { a in Array(other.utf8).withUnsafeBufferPointer { b in equal(a, b) } }
    }
}
