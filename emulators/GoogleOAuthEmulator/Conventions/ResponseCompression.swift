import DrydockHTTP
import Foundation
import EmulatorKit

/// gzip for Google API responses, on Google's documented condition
/// (https://developers.google.com/gmail/api/guides/performance#gzip): the request sends
/// `Accept-Encoding: gzip` AND a `User-Agent` containing `gzip` (httplib2 and google-api-python-client
/// send both by default). The compressed answer carries `Content-Encoding: gzip`; `Vary` stays Google's
/// `Origin, X-Origin, Referer` (assumed: Google is not known to add `Accept-Encoding` to it).
enum ResponseCompression {
    static func negotiated(_ response: HTTPResponse, for request: HTTPRequest) -> HTTPResponse {
        guard response.delivery == .normal, !response.body.isEmpty, !response.headers.contains("Content-Encoding"),
              acceptsGzip(request), let compressed = Zlib.gzip(response.body) else { return response }
        var encoded = response
        encoded.body = compressed
        encoded.headers.set("Content-Encoding", "gzip")
        encoded.headers.remove("Content-Length")
        return encoded
    }

    /// Whether `request` asks for gzip the way Google requires.
    static func acceptsGzip(_ request: HTTPRequest) -> Bool {
        guard request.headers["User-Agent"]?.lowercased().contains("gzip") == true,
              let accepted = request.headers["Accept-Encoding"] else { return false }
        for item in accepted.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let coding = parts.first, coding == "gzip" || coding == "x-gzip" || coding == "*" else { continue }
            let refused = parts.dropFirst().contains { $0.hasPrefix("q=") && (Double($0.dropFirst(2)) ?? 1) <= 0 }
            if !refused { return true }
        }
        return false
    }
}
