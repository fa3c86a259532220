import DrydockCore
import DrydockHTTP

/// `GET /gmail/v1/users/{userId}/messages/{id}?format=…&metadataHeaders=…`.
extension GmailEmulator {
    func getMessage(_ call: GmailCall) -> Result<HTTPResponse, GmailError> {
        let format: MessageFormat
        switch messageFormat(call, allowed: [.full, .metadata, .minimal, .raw]) {
        case .success(let parsed): format = parsed
        case .failure(let error): return .failure(error)
        }
        return lookUp(call, id: call.route.parameters["id"] ?? "").map { message in
            let headers = call.request.queryItems.filter { $0.name == "metadataHeaders" }.map(\.value)
            return call.json(MessageResource.json(message, format: format, metadataHeaders: headers, inlineLimit: inlineLimit))
        }
    }

    /// The `format` parameter (the last one wins; `full` when absent): a value outside `allowed` is the
    /// proto layer's enum error, and `full`/`raw` are 403 under the metadata scope.
    func messageFormat(_ call: GmailCall, allowed: [MessageFormat]) -> Result<MessageFormat, GmailError> {
        let formats = call.request.queryItems.filter { $0.name == "format" }.map(\.value)
        var format = MessageFormat.full
        if !formats.isEmpty {
            let invalid = formats.filter { value in MessageFormat(parameter: value).map(allowed.contains) != true }
            // Assumed text: Google's transcoder names enum fields this way for other APIs.
            guard invalid.isEmpty, let last = MessageFormat(parameter: formats[formats.count - 1]) else {
                return .failure(.invalidValues(field: "format", type: "TYPE_ENUM", values: invalid))
            }
            format = last
        }
        if call.metadataRestricted, format == .full || format == .raw {
            return .failure(.forbidden("Metadata scope doesn't allow format \(format.name.uppercased())"))
        }
        return .success(format)
    }

    /// The message `id` in the caller's mailbox: 400 "Invalid id value" when Gmail could not parse the
    /// id, 404 when it holds no such message.
    func lookUp(_ call: GmailCall, id: String) -> Result<StoredMessage, GmailError> {
        guard let numeric = MessageID.parse(id) else { return .failure(.invalidID) }
        guard let message = mailbox(call.email)?.message(numeric) else { return .failure(.notFound) }
        return .success(message)
    }
}
