/// Comparison whose running time does not depend on where two secrets first differ.
public enum ConstantTime {
    /// True when `lhs` and `rhs` have the same bytes. Only the length leaks (signatures have a fixed one).
    public static func equals(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
