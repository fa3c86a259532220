import DrydockCore
import DrydockHTTP

extension EdgeRouter {
    /// `GET /_drydock/journal?service=gmail&operation=users.messages.*&since=41`
    func listJournal(_ request: HTTPRequest) throws(ControlError) -> HTTPResponse {
        var filter = Journal.Filter()
        for (name, value) in request.queryItems {
            switch name {
            case "service":
                guard value == "edge" || value == "egress" || services.contains(value) else {
                    throw Self.badQuery(name, "unknown service \"\(value)\"; expected edge, egress or one of \(services.joined(separator: ", "))")
                }
                filter.service = value
            case "operation":
                guard !value.isEmpty else { throw Self.badQuery(name, "expected an operation id or glob") }
                filter.operation = value
            case "since":
                guard let since = Int(value), since >= 0 else {
                    throw Self.badQuery(name, "expected a non-negative integer (a sequence number), got \"\(value)\"")
                }
                filter.since = since
            default:
                throw Self.badQuery(name, "unknown query parameter; expected service, operation or since")
            }
        }
        let lastSequence = journal.lastSequence
        return .edgeJSON(200, [
            "requests": .array(journal.entries(filter).map(\.json)),
            "lastSeq": .number(lastSequence),
        ])
    }

    private static func badQuery(_ name: String, _ reason: String) -> ControlError {
        .badRequest(JSONInputError(path: name, reason: reason))
    }
}
