/// The parse errors, each naming the offending token and its 1-based character position.
extension QueryParser {
    static func unexpectedCloser(_ token: QueryToken) -> GmailQueryError {
        let opener = token.kind == .close ? "(" : "{"
        return GmailQueryError(
            message: "unexpected \"\(token.text)\" at position \(token.position): no matching \"\(opener)\"",
            position: token.position, token: token.text)
    }

    static func dangling(_ token: QueryToken) -> GmailQueryError {
        GmailQueryError(message: "\"\(token.text)\" at position \(token.position) needs a term on each side", position: token.position, token: token.text)
    }

    static func missingValue(_ token: QueryToken) -> GmailQueryError {
        GmailQueryError(message: "\"\(token.text)\" at position \(token.position) has no value", position: token.position, token: token.text)
    }

    static func tooDeep(_ opener: QueryToken) -> GmailQueryError {
        GmailQueryError(
            message: "\"\(opener.text)\" at position \(opener.position) nests groups deeper than \(GmailQuery.maximumDepth) levels",
            position: opener.position, token: opener.text)
    }

    static func badValue(_ op: SearchOperator, _ value: String, _ token: QueryToken, _ problem: String) -> GmailQueryError {
        let written = "\(op.rawValue):\(value)"
        return GmailQueryError(
            message: "\"\(written)\" at position \(token.position): \"\(value)\" \(problem)",
            position: token.position, token: written)
    }
}
