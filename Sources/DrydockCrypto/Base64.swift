import Foundation

/// Standard base64 (RFC 4648 §4), padded.
public enum Base64 {
    public static func encode(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

    /// The decoded bytes, or nil if `text` is not padded base64 of the standard alphabet.
    public static func decode(_ text: String) -> [UInt8]? {
        Data(base64Encoded: text).map { [UInt8]($0) }
    }
}

/// URL-safe base64 (RFC 4648 §5): `-` and `_` instead of `+` and `/`, written without padding, as JWTs
/// and PKCE use it.
public enum Base64URL {
    public static func encode(_ bytes: [UInt8]) -> String {
        var text = Base64.encode(bytes)
        text = text.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }

    /// The decoded bytes of URL-safe base64 with or without padding; nil for characters outside the
    /// URL-safe alphabet (including `+` and `/`), misplaced padding, or an impossible length.
    public static func decode(_ text: String) -> [UInt8]? {
        var body = Substring(text)
        var padding = 0
        while body.hasSuffix("=") {
            body.removeLast()
            padding += 1
        }
        guard padding <= 2, body.count % 4 != 1 else { return nil }
        if padding > 0, (body.count + padding) % 4 != 0 { return nil }
        var standard = ""
        standard.reserveCapacity(body.count + 3)
        for char in body.unicodeScalars {
            switch char {
            case "A"..."Z", "a"..."z", "0"..."9": standard.unicodeScalars.append(char)
            case "-": standard.append("+")
            case "_": standard.append("/")
            default: return nil
            }
        }
        standard += String(repeating: "=", count: (4 - standard.count % 4) % 4)
        return Base64.decode(standard)
    }
}
