import Foundation

/// Quotes text for a POSIX shell, so the fix commands in error messages can be pasted as they are.
enum ShellQuoting {
    static func quote(_ text: String) -> String {
        let safe = text.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "/", ".", "_", "-", "+", ",", ":", "@", "%": true
            default: false
            }
        }
        if safe && !text.isEmpty { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// `0644`-style octal text for a permission mode.
func octal<T: BinaryInteger>(_ mode: T) -> String {
    let digits = String(mode, radix: 8)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}
