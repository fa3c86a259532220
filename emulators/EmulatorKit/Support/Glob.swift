/// Shell-style wildcard matching used by fault rules (`path`, `operation`, header values) and journal
/// filters: `*` matches any run of characters (including `/`), `?` exactly one; everything else is literal.
public enum Glob {
    /// Whether `text` matches `pattern` as a whole.
    public static func matches(_ pattern: String, _ text: String) -> Bool {
        let pattern = Array(pattern.unicodeScalars)
        let text = Array(text.unicodeScalars)
        var p = 0, t = 0
        // Where the last `*` was, and how much text it has swallowed so far: on a mismatch, let it
        // swallow one more character and retry. Linear in practice, never exponential.
        var star: Int?
        var starText = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == "?" || (pattern[p] != "*" && pattern[p] == text[t]) {
                p += 1
                t += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = p
                starText = t
                p += 1
            } else if let star {
                p = star + 1
                starText += 1
                t = starText
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }

    /// Whether `pattern` contains wildcards (otherwise it matches only itself).
    public static func hasWildcards(_ pattern: String) -> Bool {
        pattern.contains("*") || pattern.contains("?")
    }
}
