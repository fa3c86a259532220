/// Turning fuzz bytes into the parts of a request.
public enum FuzzText {
    /// Every byte as `%XX`, so the emulator's own percent-decoding sees exactly the fuzz bytes (invalid
    /// UTF-8, NUL, `&`, `#` and `+` included) in a query value or a path segment.
    public static func percentEncoded(_ bytes: some Sequence<UInt8>) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(UInt8(ascii: "%"))
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes split at `\n` (kept empty lines; no `\r` handling: a `\r` stays in its line).
    public static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    }

    /// The first line and everything after its `\n` (nil when there is no `\n`).
    public static func firstLine(_ bytes: [UInt8]) -> (first: ArraySlice<UInt8>, rest: ArraySlice<UInt8>?) {
        guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) else { return (bytes[...], nil) }
        return (bytes[..<newline], bytes[(newline + 1)...])
    }

    /// Text for places that take a Swift `String` (headers, JSON members we build): invalid UTF-8 is
    /// repaired, as an HTTP server's header decoding would.
    public static func text(_ bytes: some Collection<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
