import DrydockCore
import DrydockHTTP
import Foundation

/// GetObject's and HeadObject's conditional headers, in RFC 9110's order as S3 applies them:
/// If-Match (412), If-Unmodified-Since (412, skipped when If-Match holds), If-None-Match (304),
/// If-Modified-Since (304, skipped when If-None-Match is given).
enum Preconditions {
    enum Outcome: Equatable {
        case proceed
        case notModified
        case failed(condition: String)
    }

    static func evaluate(_ headers: HTTPHeaders, etag: String, lastModified: Date, prefix: String = "") -> Outcome {
        let modified = lastModified.timeIntervalSince1970.rounded(.down)
        let ifMatch = headers[prefix + "If-Match"]
        if let ifMatch, !matches(ifMatch, etag) { return .failed(condition: prefix + "If-Match") }
        if ifMatch == nil, let text = headers[prefix + "If-Unmodified-Since"], let date = HTTPDate.parse(text),
           modified > date.timeIntervalSince1970 {
            return .failed(condition: prefix + "If-Unmodified-Since")
        }
        let ifNoneMatch = headers[prefix + "If-None-Match"]
        if let ifNoneMatch, matches(ifNoneMatch, etag) { return prefix.isEmpty ? .notModified : .failed(condition: prefix + "If-None-Match") }
        if ifNoneMatch == nil, let text = headers[prefix + "If-Modified-Since"], let date = HTTPDate.parse(text),
           modified <= date.timeIntervalSince1970 {
            return prefix.isEmpty ? .notModified : .failed(condition: prefix + "If-Modified-Since")
        }
        return .proceed
    }

    /// Whether an If-Match / If-None-Match list names `etag` (or is `*`); quotes optional.
    static func matches(_ list: String, _ etag: String) -> Bool {
        let bare = etag.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        return list.split(separator: ",").contains { item in
            let value = item.trimmingCharacters(in: .whitespaces)
            if value == "*" { return true }
            let unweak = value.hasPrefix("W/") ? String(value.dropFirst(2)) : value
            return unweak.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) == bare
        }
    }
}
