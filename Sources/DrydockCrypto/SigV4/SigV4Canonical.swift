import DrydockCore

/// The pieces of a canonical request: URI, query string and header block.
enum SigV4Canonical {
    /// The canonical URI of a raw request path.
    ///
    /// With `normalize`, `.` and `..` segments and empty segments (duplicate slashes) are removed as
    /// RFC 3986 §5.2.4 describes, keeping a trailing slash; the result always starts with `/`.
    /// With `doubleEncode` (every service but S3) the raw path is encoded as a whole, so an escape the
    /// sender already applied (`%20`) is encoded again (`%2520`); without it escapes are kept once.
    static func uri(_ rawPath: String, normalize: Bool, doubleEncode: Bool) -> String {
        if rawPath == "/" { return rawPath }  // every JSON-protocol request (DynamoDB, Secrets Manager)
        var path = rawPath.isEmpty ? "/" : rawPath
        if normalize { path = normalized(path) }
        return doubleEncode ? SigV4Encoding.encode(path.utf8, keepSlash: true) : SigV4Encoding.encodePathOnce(path)
    }

    static func normalized(_ path: String) -> String {
        var segments: [Substring] = []
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        for part in parts {
            switch part {
            case "", ".": continue
            case "..": if !segments.isEmpty { segments.removeLast() }
            default: segments.append(part)
            }
        }
        guard !segments.isEmpty else { return "/" }
        // A path ending in `/`, `/.` or `/..` names a directory: keep its trailing slash.
        let last = parts.last ?? ""
        let trailingSlash = last.isEmpty || last == "." || last == ".."
        return "/" + segments.joined(separator: "/") + (trailingSlash ? "/" : "")
    }

    /// The canonical query string: each `name=value` decoded and re-encoded with SigV4's rules, sorted
    /// by encoded name and then encoded value; a parameter without `=` gets an empty value.
    ///
    /// `+` is treated as a literal plus (encoded `%2B`), not a space: SigV4 signers send spaces as `%20`.
    static func query(_ rawQuery: String) -> String {
        var pairs: [(name: String, value: String)] = []
        for component in rawQuery.split(separator: "&", omittingEmptySubsequences: true) {
            let name: Substring
            let value: Substring
            if let equals = component.firstIndex(of: "=") {
                name = component[..<equals]
                value = component[component.index(after: equals)...]
            } else {
                name = component
                value = ""
            }
            pairs.append((SigV4Encoding.encode(SigV4Encoding.decode(name)), SigV4Encoding.encode(SigV4Encoding.decode(value))))
        }
        pairs.sort { lhs, rhs in
            lhs.name != rhs.name ? lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8)
                : lhs.value.utf8.lexicographicallyPrecedes(rhs.value.utf8)
        }
        return pairs.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
    }

    /// Appends a header value as SigV4 signs it: trimmed, with every run of whitespace (including the
    /// line breaks of an obsolete folded header) collapsed to one space.
    static func writeHeaderValue(_ value: String, to out: inout [UInt8]) {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        // Most values (a 1 KB session token, dates, hashes) have no whitespace to collapse: copy them
        // (`withUTF8` reaches small strings' inline bytes too).
        var text = value
        let copied = text.withUTF8 { bytes -> Bool in
            guard !bytes.contains(where: isSpace) else { return false }
            out.append(contentsOf: bytes)
            return true
        }
        guard !copied else { return }
        let bytes = value.utf8
        let start = out.count
        var pendingSpace = false
        for byte in bytes {
            if isSpace(byte) {
                pendingSpace = out.count > start
            } else {
                if pendingSpace { out.append(0x20) }
                pendingSpace = false
                out.append(byte)
            }
        }
    }

    /// Appends `name:value\n` for each signed header (values of repeated headers joined with `,` in
    /// order); `signedHeaders` must be lowercase.
    ///
    /// A request's few headers are compared in place. Past `groupingThreshold` name×header comparisons
    /// the headers are grouped by name once instead, so a long SignedHeaders list over many headers costs
    /// their sum, not their product.
    static func writeHeaders(_ request: SigV4Request, signedHeaders: [String], to out: inout [UInt8]) {
        func append(_ name: String, _ values: some Sequence<String>) {
            out.append(contentsOf: name.utf8)
            out.append(UInt8(ascii: ":"))
            var first = true
            for value in values {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                writeHeaderValue(value, to: &out)
            }
            out.append(UInt8(ascii: "\n"))
        }
        if request.headers.count * signedHeaders.count <= groupingThreshold {
            for name in signedHeaders {
                append(name, request.headers.lazy.filter { $0.name.equalsIgnoringASCIICase(name) }.map(\.value))
            }
            return
        }
        var valuesByName: [String: [String]] = [:]
        for header in request.headers { valuesByName[asciiLowercased(header.name), default: []].append(header.value) }
        for name in signedHeaders { append(name, valuesByName[asciiLowercased(name)] ?? []) }
    }

    static let groupingThreshold = 4096

    /// `name` with A–Z lowered and every other byte kept: how header names compare
    /// (`equalsIgnoringASCIICase`).
    static func asciiLowercased(_ name: String) -> String {
        String(decoding: name.utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
    }
}
