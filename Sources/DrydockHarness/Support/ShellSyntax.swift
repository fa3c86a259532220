/// Quoting for POSIX shells, for lines a user pastes or `eval`s.
public enum ShellSyntax {
    /// `text` as is when it holds only characters no shell treats specially; else single-quoted, each `'`
    /// written as `'\''`.
    public static func quote(_ text: String) -> String {
        let safe = !text.isEmpty && text.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "/", ".", "_", "-", "+", ",", ":", "@", "%", "=": true
            default: false
            }
        }
        return safe ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
