import DrydockHTTP

/// The `callback` system parameter (JSONP): the JSON answer wrapped in a call to the named function,
/// as Google's front end writes it:
///
/// ```
/// // API callback
/// handleSheet({ ...the body as served... });
/// ```
///
/// The `// API callback` line and the wrapping are Google's (seen in clients that unwrap real responses);
/// assumed: the `text/javascript; charset=UTF-8` type, errors wrapped the same way with their status
/// kept, and names limited to JavaScript identifiers joined by `.` (at most 256 characters), anything
/// else refused as an invalid system parameter, so a callback can never inject script.
enum JSONPCallback {
    /// The longest callback name accepted (the emulator's limit).
    static let maximumLength = 256

    /// The callback in `items` (`callback`, else `$callback`), nil when absent or empty.
    static func name(_ items: [(name: String, value: String)]) -> String? {
        guard let name = GoogleSystemParameters.first("callback", items) ?? GoogleSystemParameters.first("$callback", items),
              !name.isEmpty else { return nil }
        return name
    }

    /// Whether `name` is a dotted path of identifiers (`cb`, `google.handle_1`, `$jq123`).
    static func isValid(_ name: String) -> Bool {
        guard name.utf8.count <= maximumLength else { return false }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        return parts.allSatisfy { part in
            guard let first = part.unicodeScalars.first, isIdentifierStart(first) else { return false }
            return part.unicodeScalars.allSatisfy { isIdentifierStart($0) || ("0"..."9").contains($0) }
        }
    }

    private static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_" || scalar == "$"
    }

    /// `response` wrapped in `name(…);` when its body is JSON; anything else (a redirect, an empty body,
    /// HTML) unchanged.
    static func wrapped(_ response: HTTPResponse, name: String) -> HTTPResponse {
        guard response.delivery == .normal, !response.body.isEmpty,
              response.headers["Content-Type"]?.lowercased().hasPrefix("application/json") == true else { return response }
        var body = Array("// API callback\n\(name)(".utf8)
        var json = response.body
        while let last = json.last, last == UInt8(ascii: "\n") { json.removeLast() }
        body += json
        body += Array(");\n".utf8)
        var wrapped = response
        wrapped.body = body
        wrapped.headers.set("Content-Type", "text/javascript; charset=UTF-8")
        wrapped.headers.remove("Content-Length")
        return wrapped
    }
}
