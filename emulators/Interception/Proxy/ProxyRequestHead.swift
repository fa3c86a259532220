/// The proxy front reads only what it must: whether a connection starts with `CONNECT`, and if so the
/// `CONNECT host:port HTTP/1.x` head. Everything else (absolute-form `GET http://…` requests, garbage) is
/// relayed untouched to the plain-HTTP edge server, whose parser has its own limits and answers 400.
///
/// Pure functions over bytes, so they can be tested and fuzzed without sockets: `decide` is the one entry
/// point a connection calls (and the `proxy-head` fuzz target drives), the rest are its steps.
public enum ProxyRequestHead {
    /// What the proxy front does with the bytes a client has sent so far.
    public enum Decision: Equatable, Sendable {
        /// Read up to `count` more bytes (at least 1), then decide again: never past the `CONNECT` head,
        /// whose next bytes belong to the TLS handshake, nor past the head limit.
        case read(count: Int)
        /// A complete, well-formed CONNECT head of `headLength` bytes: open a tunnel to `host:port`.
        case connect(host: HostName, port: Int, headLength: Int)
        /// A request line that is not a CONNECT (`GET http://host/path HTTP/1.1`), its line break within
        /// the limit: relay the bytes read so far, and the rest of the connection, to the clear-text edge.
        case relay
        /// Answer 400 with `detail`.
        case badRequest(String)
        /// Answer 431: no complete CONNECT head, or no line break, within `maxHeadBytes` bytes.
        case headTooLarge
    }

    /// Decides on the first bytes of a proxy connection, `maxHeadBytes` being the head limit
    /// (`ProxyConfiguration.maxHeadBytes`). Bytes past the limit are never looked at, so the verdict on
    /// a longer input is the one a connection reading as told (`.read(count:)`) would reach.
    public static func decide(_ bytes: ArraySlice<UInt8>, maxHeadBytes: Int) -> Decision {
        let limit = max(maxHeadBytes, connectPrefix.count)
        let bytes = bytes.prefix(limit)
        switch isConnect(bytes) {
        case nil:
            return .read(count: connectPrefix.count - bytes.count)
        case true?:
            guard let length = headLength(bytes) else {
                return bytes.count < limit ? .read(count: 1) : .headTooLarge
            }
            switch parseConnect(bytes.prefix(length)) {
            case .connect(let host, let port): return .connect(host: host, port: port, headLength: length)
            case .malformed(let detail): return .badRequest(detail)
            }
        case false?:
            guard let lineEnd = bytes.firstIndex(of: 0x0A) else {
                return bytes.count < limit ? .read(count: min(4096, limit - bytes.count)) : .headTooLarge
            }
            guard isRequestLine(bytes[..<lineEnd]) else {
                return .badRequest("not an HTTP/1.1 request line (a proxy client sends CONNECT host:port HTTP/1.1, or METHOD http://host/path HTTP/1.1)")
            }
            return .relay
        }
    }

    static let connectPrefix = Array("CONNECT ".utf8)

    /// Whether a connection whose first bytes are `bytes` is a CONNECT: nil while too few bytes have
    /// arrived to tell (a prefix of "CONNECT ").
    static func isConnect(_ bytes: ArraySlice<UInt8>) -> Bool? {
        let count = min(bytes.count, connectPrefix.count)
        guard bytes.prefix(count).elementsEqual(connectPrefix.prefix(count)) else { return false }
        return count == connectPrefix.count ? true : nil
    }

    /// The length of the head (through the blank line) when `bytes` holds a complete one; lines may end in
    /// CRLF or a bare LF.
    static func headLength(_ bytes: ArraySlice<UInt8>) -> Int? {
        var index = bytes.startIndex
        var lineStart = index
        while index < bytes.endIndex {
            if bytes[index] == 0x0A {
                let line = bytes[lineStart..<index]
                if line.isEmpty || (line.count == 1 && line.first == 0x0D) { return index + 1 - bytes.startIndex }
                lineStart = index + 1
            }
            index += 1
        }
        return nil
    }

    /// Whether `line` (without its line break) is an HTTP/1.x request line: a token method, one space, a
    /// target of visible ASCII, one space, `HTTP/1.0` or `HTTP/1.1`. What the edge's own parser would
    /// drop without an answer, the proxy answers with a 400 instead.
    static func isRequestLine(_ line: ArraySlice<UInt8>) -> Bool {
        var line = line
        if line.last == 0x0D { line = line.dropLast() }
        let parts = line.split(separator: 0x20, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else { return false }
        let tokenSymbols = Array("!#$%&'*+-.^_`|~".utf8)
        guard parts[0].allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || tokenSymbols.contains($0) }),
              parts[1].allSatisfy({ (0x21...0x7E).contains($0) }) else { return false }
        return parts[2].elementsEqual("HTTP/1.1".utf8) || parts[2].elementsEqual("HTTP/1.0".utf8)
    }

    enum Parsed: Equatable {
        case connect(host: HostName, port: Int)
        case malformed(String)
    }

    /// Reads a complete CONNECT head: `CONNECT authority HTTP/1.0|1.1`, single spaces, the port required,
    /// header lines each with a `:` (their values are not used). At most `maxHeaderLines` header lines.
    static func parseConnect(_ head: ArraySlice<UInt8>, maxHeaderLines: Int = 100) -> Parsed {
        guard head.allSatisfy({ $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || (0x20...0x7E).contains($0) }) else {
            return .malformed("the CONNECT head holds bytes that are not printable ASCII")
        }
        // RFC 9112 §2.2: a bare CR is invalid. Kept, it would end up inside a line (and in this answer's text).
        if let carriageReturn = head.indices.first(where: { head[$0] == 0x0D && ($0 + 1 == head.endIndex || head[$0 + 1] != 0x0A) }) {
            return .malformed("the CONNECT head has a CR not followed by LF at byte \(carriageReturn - head.startIndex + 1)")
        }
        // Split on bytes: as Characters, "\r\n" is one grapheme and would not split on "\n".
        var lines = head.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            String(decoding: line.last == 0x0D ? line.dropLast() : line, as: UTF8.self)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let requestLine = lines.first else { return .malformed("empty request") }
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "CONNECT" else {
            return .malformed("the request line must be \"CONNECT host:port HTTP/1.1\"")
        }
        guard parts[2] == "HTTP/1.1" || parts[2] == "HTTP/1.0" else {
            return .malformed("unsupported protocol version \"\(parts[2].prefix(20))\" (HTTP/1.1 or HTTP/1.0)")
        }
        guard let (host, port) = HostName.authority(String(parts[1]), defaultPort: nil) else {
            return .malformed("\"\(parts[1].prefix(80))\" is not host:port (CONNECT needs a host name or IP address and a port)")
        }
        let headers = lines.dropFirst()
        guard headers.count <= maxHeaderLines else { return .malformed("more than \(maxHeaderLines) header lines") }
        for line in headers {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex, line.first?.isWhitespace == false else {
                return .malformed("a header line without a name and colon")
            }
        }
        return .connect(host: host, port: port)
    }
}
