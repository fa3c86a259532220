/// Finds credentials in free text — by shape, and by value for secrets the caller knows — and replaces them.
///
/// Shared by both sides: the emulators' journal and request log, and the CLI's messages (through
/// `DrydockCredentials.SecretRedactor`), so a value that would be scrubbed in one is scrubbed in the other.
///
/// Shapes (the ones the real services issue, and CI/scan-secrets.sh looks for):
///
/// | credential | shape | replaced |
/// |---|---|---|
/// | Google access token | `ya29.` + at least 8 of `A-Z a-z 0-9 . _ -` | the whole value |
/// | Google refresh token | `1//` (or `1%2F%2F`) + at least 8 of `A-Z a-z 0-9 _ -`, not preceded by a letter or digit | the whole value |
/// | Google client secret | `GOCSPX-` + at least 8 of `A-Z a-z 0-9 _ -` | the whole value |
/// | AWS session token | `IQoJb3JpZ2luX2Vj`, `FwoGZXIvYXdzE` or `FQoGZXIvYXdzE` + at least 16 base64 characters (`+ / =` also as `%2B %2F %3D`) | the whole value |
/// | AWS secret access key | a label (`SecretAccessKey`, `secret_access_key`, `aws_secret_access_key`, any case), an optional quote, `:` or `=`, an optional quote, then at least 16 of `A-Z a-z 0-9 / +` | the value after the label |
/// | any bearer credential | `Bearer` (any case), spaces, at least 8 token68 characters (`A-Z a-z 0-9 - . _ ~ + / =`) | the value after `Bearer ` |
///
/// Known values (the bearer token of the request at hand, a refresh token read from disk) are replaced as
/// written and percent-encoded, longest first. Values shorter than 4 characters are ignored: replacing
/// them would mangle ordinary text and they protect nothing.
public struct SecretScrubber: Sendable {
    /// What every secret becomes.
    public let replacement: String
    /// The known values and their percent-encoded forms, as bytes, longest first.
    private let known: [[UInt8]]

    public init(knownValues: [String] = [], replacement: String = "[redacted]") {
        self.replacement = replacement
        var forms = Set<[UInt8]>()
        for value in knownValues where value.utf8.count >= 4 {
            forms.insert(Array(value.utf8))
            forms.insert(Array(Self.percentEncoded(value).utf8))
        }
        known = forms.sorted { $0.count > $1.count }
    }

    /// Whether `text` holds anything this scrubber would replace.
    public func containsSecret(_ text: String) -> Bool {
        Self.withBytes(text) { bytes in
            var index = 0
            while index < bytes.count {
                if match(bytes, at: index) != nil { return true }
                index += 1
            }
            return false
        }
    }

    /// `text` with every secret replaced by ``replacement``; `text` itself (no copy) when there is none.
    public func scrub(_ text: String) -> String {
        Self.withBytes(text) { bytes -> String in
            var output: [UInt8]?
            var copied = 0
            var index = 0
            while index < bytes.count {
                guard let secret = match(bytes, at: index) else {
                    index += 1
                    continue
                }
                if output == nil { output = []; output?.reserveCapacity(bytes.count) }
                output?.append(contentsOf: bytes[copied..<secret.lowerBound])
                output?.append(contentsOf: replacement.utf8)
                copied = secret.upperBound
                index = secret.upperBound
            }
            guard var output else { return text }
            output.append(contentsOf: bytes[copied..<bytes.count])
            return String(decoding: output, as: UTF8.self)
        }
    }

    // MARK: Matching

    /// The secret starting at `index` (a shape's label stays outside the range), or nil.
    private func match(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Range<Int>? {
        let first = bytes[index]
        for value in known where value[0] == first && Self.hasPrefix(bytes, at: index, value) {
            return index..<(index + value.count)
        }
        switch first {
        case UInt8(ascii: "y"):
            return Self.prefixed(bytes, at: index, "ya29.", run: Self.isTokenByteWithDot, minimum: 8)
        case UInt8(ascii: "1"):
            guard index == 0 || !Self.isAlphanumeric(bytes[index - 1]) else { return nil }
            return Self.prefixed(bytes, at: index, "1//", run: Self.isTokenByte, minimum: 8)
                ?? Self.prefixed(bytes, at: index, "1%2F%2F", ignoringCase: true, run: Self.isTokenByte, minimum: 8)
        case UInt8(ascii: "G"):
            return Self.prefixed(bytes, at: index, "GOCSPX-", run: Self.isTokenByte, minimum: 8)
        case UInt8(ascii: "I"), UInt8(ascii: "F"):
            for prefix in Self.sessionTokenPrefixes {
                if let range = Self.prefixed(bytes, at: index, prefix, base64Run: true, minimum: 16) { return range }
            }
            return nil
        case UInt8(ascii: "s"), UInt8(ascii: "S"):
            return Self.labelledSecretKey(bytes, at: index)
        case UInt8(ascii: "b"), UInt8(ascii: "B"):
            return Self.bearerValue(bytes, at: index)
        default:
            return nil
        }
    }

    /// STS and the IMDS emulator issue session tokens starting with these (the base64 of their headers).
    static let sessionTokenPrefixes = ["IQoJb3JpZ2luX2Vj", "FwoGZXIvYXdzE", "FQoGZXIvYXdzE"]
    static let secretKeyLabels = ["secretaccesskey", "secret_access_key"]

    /// `prefix` at `index` followed by at least `minimum` run bytes: the range of prefix and run.
    private static func prefixed(
        _ bytes: UnsafeBufferPointer<UInt8>, at index: Int, _ prefix: String, ignoringCase: Bool = false,
        run isRunByte: (UInt8) -> Bool, minimum: Int
    ) -> Range<Int>? {
        let prefix = Array(prefix.utf8)
        guard hasPrefix(bytes, at: index, prefix, ignoringCase: ignoringCase) else { return nil }
        var end = index + prefix.count
        while end < bytes.count, isRunByte(bytes[end]) { end += 1 }
        return end - index - prefix.count >= minimum ? index..<end : nil
    }

    /// Like the other `prefixed`, with a base64 run that may be percent-encoded.
    private static func prefixed(
        _ bytes: UnsafeBufferPointer<UInt8>, at index: Int, _ prefix: String, base64Run: Bool, minimum: Int
    ) -> Range<Int>? {
        let prefix = Array(prefix.utf8)
        guard hasPrefix(bytes, at: index, prefix) else { return nil }
        let end = base64End(bytes, from: index + prefix.count, allowPadding: true)
        return end - index - prefix.count >= minimum ? index..<end : nil
    }

    /// `SecretAccessKey": "…"`, `aws_secret_access_key = …`: the range of the value after the label.
    private static func labelledSecretKey(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Range<Int>? {
        for label in secretKeyLabels {
            let label = Array(label.utf8)
            guard hasPrefix(bytes, at: index, label, ignoringCase: true) else { continue }
            var position = index + label.count
            func skip(_ accepted: (UInt8) -> Bool, atMostOne: Bool = false) {
                while position < bytes.count, accepted(bytes[position]) {
                    position += 1
                    if atMostOne { return }
                }
            }
            skip(isQuote, atMostOne: true)
            skip(isSpace)
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") || bytes[position] == UInt8(ascii: "=") else {
                return nil
            }
            position += 1
            skip(isSpace)
            skip(isQuote, atMostOne: true)
            let end = base64End(bytes, from: position, allowPadding: false)
            return end - position >= 16 ? position..<end : nil
        }
        return nil
    }

    /// `Bearer <token68>`: the range of the token. An auth-param (`Bearer realm="…"`) is not a token.
    private static func bearerValue(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Range<Int>? {
        guard hasPrefix(bytes, at: index, Array("bearer".utf8), ignoringCase: true),
              index == 0 || !isAlphanumeric(bytes[index - 1]) else { return nil }
        var start = index + 6
        guard start < bytes.count, bytes[start] == UInt8(ascii: " ") else { return nil }
        while start < bytes.count, bytes[start] == UInt8(ascii: " ") { start += 1 }
        var end = start
        while end < bytes.count, isToken68Byte(bytes[end]) { end += 1 }
        guard end - start >= 8 else { return nil }
        if bytes[end - 1] == UInt8(ascii: "="), end < bytes.count, bytes[end] == UInt8(ascii: "\"") { return nil }
        return start..<end
    }

    /// Where a run of base64 characters starting at `start` ends; `%2B`, `%2F` and `%3D` count as one.
    private static func base64End(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, allowPadding: Bool) -> Int {
        var end = start
        while end < bytes.count {
            let byte = bytes[end]
            if isAlphanumeric(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/")
                || (allowPadding && byte == UInt8(ascii: "=")) {
                end += 1
            } else if byte == UInt8(ascii: "%"), end + 2 < bytes.count,
                      ["2B", "2F"].contains(where: { hasPrefix(bytes, at: end + 1, Array($0.utf8), ignoringCase: true) })
                        || (allowPadding && hasPrefix(bytes, at: end + 1, Array("3D".utf8), ignoringCase: true)) {
                end += 3
            } else {
                break
            }
        }
        return end
    }

    private static func hasPrefix(
        _ bytes: UnsafeBufferPointer<UInt8>, at index: Int, _ prefix: [UInt8], ignoringCase: Bool = false
    ) -> Bool {
        guard bytes.count - index >= prefix.count else { return false }
        for offset in 0..<prefix.count {
            let byte = bytes[index + offset], wanted = prefix[offset]
            if byte == wanted { continue }
            guard ignoringCase, isLetter(byte), byte | 0x20 == wanted | 0x20 else { return false }
        }
        return true
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
    private static func isAlphanumeric(_ byte: UInt8) -> Bool { isLetter(byte) || (byte >= 0x30 && byte <= 0x39) }
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }
    private static func isTokenByteWithDot(_ byte: UInt8) -> Bool { isTokenByte(byte) || byte == UInt8(ascii: ".") }
    private static func isToken68Byte(_ byte: UInt8) -> Bool {
        isTokenByteWithDot(byte) || byte == UInt8(ascii: "~") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/")
            || byte == UInt8(ascii: "=")
    }
    private static func isQuote(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") }
    private static func isSpace(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    /// RFC 3986 percent-encoding of everything but unreserved characters, as form and query encoders write it.
    static func percentEncoded(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            if isTokenByteWithDot(byte) || byte == UInt8(ascii: "~") {
                output.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                output += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0xF, radix: 16, uppercase: true)
            }
        }
        return output
    }

    private static func withBytes<T>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        var text = text
        return text.withUTF8(body)
    }
}
