import DrydockCore
import DrydockCrypto
import Foundation

/// A message from `users.messages.get?format=full`: headers, labels, dates and the decoded text.
public struct GmailMessage: Sendable {
    public let id: String
    public let threadId: String
    public let labelIds: [String]
    public let snippet: String
    /// Milliseconds since the epoch when Gmail received it.
    public let internalDate: Date
    /// The top-level headers in order.
    public let headers: [(name: String, value: String)]
    /// The first text/plain part, decoded (empty if none).
    public let plainText: String
    /// The first text/html part, decoded (empty if none).
    public let html: String
    /// Attachment file names.
    public let attachmentNames: [String]

    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// The text to read: the plain part, else the HTML with tags removed.
    public var text: String { plainText.isEmpty ? HTMLText.plain(html) : plainText }

    public init(json: JSONValue) throws {
        guard let id = json["id"]?.stringValue else {
            throw GoogleServiceError(api: "Gmail", httpStatus: 200, status: nil, reason: "malformed", message: "messages.get: no id")
        }
        self.id = id
        threadId = json["threadId"]?.stringValue ?? id
        labelIds = json["labelIds"]?.arrayValue?.compactMap(\.stringValue) ?? []
        snippet = json["snippet"]?.stringValue ?? ""
        let millis = Double(json["internalDate"]?.stringValue ?? "") ?? 0
        internalDate = Date(timeIntervalSince1970: millis / 1000)
        let payload = json["payload"] ?? .null
        headers = Self.headers(of: payload)
        var plain: String?
        var html: String?
        var attachments: [String] = []
        Self.walk(payload) { part in
            let type = part["mimeType"]?.stringValue?.lowercased() ?? ""
            let filename = part["filename"]?.stringValue ?? ""
            if !filename.isEmpty { attachments.append(filename); return }
            guard let data = part["body"]?["data"]?.stringValue, let bytes = Base64URL.decode(data) else { return }
            let text = String(decoding: bytes, as: UTF8.self)
            if type == "text/plain", plain == nil { plain = text }
            if type == "text/html", html == nil { html = text }
        }
        plainText = plain ?? ""
        self.html = html ?? ""
        attachmentNames = attachments
    }

    static func headers(of part: JSONValue) -> [(name: String, value: String)] {
        (part["headers"]?.arrayValue ?? []).compactMap { header in
            guard let name = header["name"]?.stringValue, let value = header["value"]?.stringValue else { return nil }
            return (name: name, value: value)
        }
    }

    static func walk(_ part: JSONValue, _ visit: (JSONValue) -> Void) {
        visit(part)
        for child in part["parts"]?.arrayValue ?? [] { walk(child, visit) }
    }
}

/// Turns HTML into readable text: drops tags, scripts and styles, decodes common entities, keeps
/// table cells and block ends apart with whitespace.
public enum HTMLText {
    public static func plain(_ html: String) -> String {
        var out = ""
        var index = html.startIndex
        var skipUntil: String?
        while index < html.endIndex {
            let char = html[index]
            if char == "<" {
                guard let close = html[index...].firstIndex(of: ">") else { break }
                let tag = html[html.index(after: index)..<close].lowercased()
                let name = tag.split(whereSeparator: { $0 == " " || $0 == "/" || $0 == "\n" }).first.map(String.init) ?? ""
                if let skip = skipUntil {
                    if tag.hasPrefix("/") && tag.dropFirst().hasPrefix(skip) { skipUntil = nil }
                } else if name == "script" || name == "style" {
                    skipUntil = name
                } else if ["br", "p", "/p", "div", "/div", "tr", "/tr", "li", "h1", "h2", "h3", "/h1", "/h2", "/h3"].contains(name) || tag.hasPrefix("/tr") {
                    out += "\n"
                } else if name == "td" || name == "th" || tag.hasPrefix("/td") || tag.hasPrefix("/th") {
                    out += " "
                }
                index = html.index(after: close)
                continue
            }
            if skipUntil == nil { out.append(char) }
            index = html.index(after: index)
        }
        return decodeEntities(out)
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).joined(separator: " ") }
            .filter { !$0.isEmpty }
            .joined(separator: "\n")
    }

    static let entities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "euro": "€", "pound": "£",
        "eacute": "é", "aacute": "á", "oacute": "ó", "uuml": "ü", "ouml": "ö", "auml": "ä", "ntilde": "ñ",
    ]

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            if let semi = after.prefix(10).firstIndex(of: ";") {
                let name = String(after[..<semi])
                var replacement: String?
                if name.hasPrefix("#x") || name.hasPrefix("#X"), let code = UInt32(name.dropFirst(2), radix: 16) {
                    replacement = Unicode.Scalar(code).map { String(Character($0)) }
                } else if name.hasPrefix("#"), let code = UInt32(name.dropFirst()) {
                    replacement = Unicode.Scalar(code).map { String(Character($0)) }
                } else {
                    replacement = entities[name]
                }
                if let replacement {
                    out += replacement
                    rest = after[after.index(after: semi)...]
                    continue
                }
            }
            out += "&"
            rest = after
        }
        out += rest
        return out
    }
}
