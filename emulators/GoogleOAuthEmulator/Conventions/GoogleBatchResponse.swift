import DrydockHTTP
import EmulatorKit

/// The answer to a batch: `multipart/mixed`, one `application/http` part per request in request order,
/// each with `Content-ID: <response-ID>` for a request part `Content-ID: <ID>` (Google's documented
/// format), holding the inner response's status line, headers and body. Lines end in CRLF, which
/// google-api-python-client's parser relies on between an inner response's headers and body.
enum GoogleBatchResponse {
    static func render(_ answers: [(contentID: String?, response: HTTPResponse)], seed: [UInt8]) -> HTTPResponse {
        var parts: [[UInt8]] = []
        for (contentID, response) in answers {
            var text = "Content-Type: application/http\r\n"
            if let contentID { text += "Content-ID: \(responseID(contentID))\r\n" }
            text += "\r\nHTTP/1.1 \(response.status) \(HTTPReasonPhrase.phrase(response.status) ?? "Unknown")\r\n"
            for field in response.headers where field.name.lowercased() != "content-length" {
                text += "\(field.name): \(field.value)\r\n"
            }
            text += "Content-Length: \(response.body.count)\r\n\r\n"
            parts.append(Array(text.utf8) + response.body)
        }
        let boundary = self.boundary(seed: seed, avoiding: parts)
        var body: [UInt8] = []
        for part in parts {
            body += Array("--\(boundary)\r\n".utf8)
            body += part
            body += Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        var headers = GoogleAPIResponse.headers
        headers.set("Content-Type", "multipart/mixed; boundary=\(boundary)")
        return HTTPResponse(status: 200, headers: headers, body: body)
    }

    /// `<response-ID>` for `<ID>`; `response-ID` for a bare `ID`.
    static func responseID(_ contentID: String) -> String {
        if contentID.hasPrefix("<"), contentID.hasSuffix(">"), contentID.count >= 2 {
            return "<response-" + contentID.dropFirst().dropLast() + ">"
        }
        return "response-" + contentID
    }

    /// `batch_` and a token derived from `seed` (deterministic answers), lengthened until no part
    /// contains it.
    static func boundary(seed: [UInt8], avoiding parts: [[UInt8]]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in seed { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        var boundary = "batch_" + String(hash, radix: 36)
        while parts.contains(where: { MultipartSplitter.find(Array(boundary.utf8), in: $0, from: 0) != nil }) {
            hash = hash &* 0x0000_0100_0000_01b3 &+ 1
            boundary += String(hash % 36, radix: 36)
        }
        return boundary
    }
}
