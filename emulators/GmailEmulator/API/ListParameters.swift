import DrydockHTTP

/// `users.messages.list`'s query parameters, read the way Gmail reads them.
///
/// `maxResults` (measured against real Gmail, recorded in brekkylab/backlot's conformance tests, and
/// consistent with clients' reports that asking for more than 500 yields 500): every repeat must
/// parse as a uint32 (`+2` and `02` do; `-1`, `-0`, `1.5`, `abc`, "" and values past 2³²−1 do not,
/// each named in one 400 from the proto layer); the last repeat wins; 0 or more than 2³¹−1 is 400
/// "Invalid maxResults"; above 500 serves 500; absent serves 100.
struct ListParameters {
    var maxResults = 100
    var labelIds: [String] = []
    var includeSpamTrash = false
    /// nil when absent or empty.
    var pageToken: String?
    /// nil when absent; the raw text otherwise (possibly empty).
    var q: String?

    static let defaultMaxResults = 100
    static let maximumMaxResults = 500

    init(_ request: HTTPRequest) throws(GmailError) {
        let items = request.queryItems
        func values(_ name: String) -> [String] { items.filter { $0.name == name }.map(\.value) }

        let sizes = values("maxResults")
        let parsed = sizes.map(Self.parseUInt32)
        let unreadable = zip(sizes, parsed).filter { $0.1 == nil }.map(\.0)
        guard unreadable.isEmpty else { throw .invalidValues(field: "max_results", type: "TYPE_UINT32", values: unreadable) }
        if let last = parsed.last, let value = last {
            guard value > 0, value <= UInt32(Int32.max) else { throw .invalidArgument("Invalid maxResults") }
            maxResults = min(Int(value), Self.maximumMaxResults)
        }

        let flags = values("includeSpamTrash")
        let bools = flags.map(Self.parseBool)
        let badFlags = zip(flags, bools).filter { $0.1 == nil }.map(\.0)
        guard badFlags.isEmpty else { throw .invalidValues(field: "include_spam_trash", type: "TYPE_BOOL", values: badFlags) }
        if let last = bools.last, let value = last { includeSpamTrash = value }

        labelIds = values("labelIds").filter { !$0.isEmpty }
        if let token = values("pageToken").last, !token.isEmpty { pageToken = token }
        q = values("q").last
    }

    /// A proto uint32 as Google's query parser reads it: optional `+`, ASCII digits, at most 2³²−1.
    static func parseUInt32(_ text: String) -> UInt32? {
        var digits = Substring(text)
        if digits.first == "+" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return UInt32(digits)
    }

    static func parseBool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "1": true
        case "false", "0": false
        default: nil
        }
    }
}
