import DrydockCore
import DrydockHTTP
import Foundation

/// A Google batch request (https://developers.google.com/gmail/api/guides/batch): a `multipart/mixed`
/// body whose parts are `application/http` messages, each one HTTP request with an optional
/// `Content-ID`. Parsed from client input, so bounded: at most `maximumParts` parts and
/// `maximumHeaderLines` header lines per part and per inner request; everything else is bounded by
/// the body, whose size the HTTP server already limits.
///
/// Headers of the outer request apply to every inner request unless the inner one sets the same
/// header (Google's documented rule), except the `Content-` headers, which describe the batch itself.
struct GoogleBatchRequest {
    /// One part: its `Content-ID` (nil when absent) and the inner request.
    struct Part {
        let contentID: String?
        let request: HTTPRequest
    }

    /// google-api-python-client's own ceiling (`MAX_BATCH_LIMIT`); APIs have lower ones (Gmail 100).
    static let maximumParts = 1000
    static let maximumHeaderLines = 200

    let parts: [Part]

    /// Parses `request`'s body; the error text says what was wrong and where (part numbers from 1).
    init(_ request: HTTPRequest) throws(BatchParseError) {
        guard let contentType = request.headers["Content-Type"],
              contentType.lowercased().hasPrefix("multipart/mixed") else {
            throw BatchParseError("the Content-Type is \(request.headers["Content-Type"].map { "\"\($0)\"" } ?? "missing"), not multipart/mixed")
        }
        guard let boundary = Self.boundary(contentType), !boundary.isEmpty else {
            throw BatchParseError("the multipart/mixed Content-Type has no boundary")
        }
        // RFC 2046's limit, which also bounds the cost of searching for it.
        guard boundary.utf8.count <= 70 else { throw BatchParseError("the boundary is longer than 70 characters") }
        let bodies = try MultipartSplitter.parts(of: request.body, boundary: Array(boundary.utf8), limit: Self.maximumParts)
        guard !bodies.isEmpty else { throw BatchParseError("the batch has no parts") }
        var parts: [Part] = []
        for (index, body) in bodies.enumerated() {
            parts.append(try Self.part(body, number: index + 1, outer: request))
        }
        self.parts = parts
    }

    /// The `boundary` parameter of a Content-Type, unquoted.
    static func boundary(_ contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }

    static func part(_ bytes: ArraySlice<UInt8>, number: Int, outer: HTTPRequest) throws(BatchParseError) -> Part {
        var reader = LineReader(bytes: bytes)
        let partHeaders = try reader.headers(limit: maximumHeaderLines, what: "part \(number)")
        var requestLine = reader.line()
        // Tolerate blank lines between the part headers and the request line.
        while let line = requestLine, line.isEmpty { requestLine = reader.line() }
        guard let line = requestLine else { throw BatchParseError("part \(number) holds no HTTP request") }
        let words = line.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count == 2 || words.count == 3, words[0].allSatisfy({ $0.isLetter && $0.isUppercase }) else {
            throw BatchParseError("part \(number) does not start with a request line (\"\(line.prefix(80))\")")
        }
        guard let target = target(String(words[1])) else {
            throw BatchParseError("part \(number) requests \"\(words[1].prefix(80))\", not a path")
        }
        let innerHeaders = try reader.headers(limit: maximumHeaderLines, what: "the request in part \(number)")
        var body = Array(reader.rest())
        if let length = innerHeaders["Content-Length"].flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }), length >= 0, length <= body.count {
            body = Array(body.prefix(length))
        }
        var headers = HTTPHeaders()
        for field in outer.headers where !Self.isBatchOnly(field.name) && !innerHeaders.contains(field.name) {
            headers.add(field.name, field.value)
        }
        // A part's answer travels inside the multipart answer, never compressed on its own (its
        // `Accept-Encoding` is dropped; google-api-python-client sends one in every part).
        for field in innerHeaders where field.name.lowercased() != "accept-encoding" { headers.add(field.name, field.value) }
        let request = HTTPRequest(method: String(words[0]), target: target, headers: headers, body: body, remoteAddress: outer.remoteAddress)
        return Part(contentID: partHeaders["Content-ID"], request: request)
    }

    /// Outer headers that describe the batch, not its requests.
    static func isBatchOnly(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasPrefix("content-") || lower == "transfer-encoding" || lower == "accept-encoding" || lower == "host"
    }

    /// `/path?query`, or the path and query of an absolute `https://host/path?query`.
    static func target(_ text: String) -> String? {
        if text.hasPrefix("/") { return text }
        for scheme in ["https://", "http://"] where text.lowercased().hasPrefix(scheme) {
            let rest = text.dropFirst(scheme.count)
            guard let slash = rest.firstIndex(of: "/") else { return "/" }
            return String(rest[slash...])
        }
        return nil
    }
}

/// Why a batch body could not be read, in words for the 400.
struct BatchParseError: Error, Equatable {
    let problem: String
    init(_ problem: String) { self.problem = problem }
}
