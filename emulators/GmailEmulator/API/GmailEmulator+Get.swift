import DrydockCore
import DrydockHTTP

/// `GET /gmail/v1/users/{userId}/messages/{id}?format=…&metadataHeaders=…`.
extension GmailEmulator {
    func getMessage(_ call: GmailCall) -> Result<HTTPResponse, GmailError> {
        let request = call.request
        var format = MessageFormat.full
        let formats = request.queryItems.filter { $0.name == "format" }.map(\.value)
        if !formats.isEmpty {
            let invalid = formats.filter { MessageFormat(parameter: $0) == nil }
            // Assumed text: Google's transcoder names enum fields this way for other APIs.
            guard invalid.isEmpty else { return .failure(.invalidValues(field: "format", type: "TYPE_ENUM", values: invalid)) }
            format = MessageFormat(parameter: formats[formats.count - 1])!
        }
        if call.metadataRestricted, format == .full || format == .raw {
            return .failure(.forbidden("Metadata scope doesn't allow format \(format.name.uppercased())"))
        }
        return lookUp(call, id: call.route.parameters["id"] ?? "").map { message in
            let headers = request.queryItems.filter { $0.name == "metadataHeaders" }.map(\.value)
            return call.json(MessageResource.json(message, format: format, metadataHeaders: headers, inlineLimit: inlineLimit))
        }
    }

    /// The message `id` in the caller's mailbox: 400 "Invalid id value" when Gmail could not parse the
    /// id, 404 when it holds no such message.
    func lookUp(_ call: GmailCall, id: String) -> Result<StoredMessage, GmailError> {
        guard let numeric = MessageID.parse(id) else { return .failure(.invalidID) }
        guard let message = mailbox(call.email)?.message(numeric) else { return .failure(.notFound) }
        return .success(message)
    }
}
