import GoogleOAuthEmulator

/// Every Gmail method's own parameters (path and query), by method id, as Gmail's discovery document
/// (gmail v1, as shipped in google-api-python-client) lists them. The conventions layer answers a
/// query parameter outside this list and Google's standard ones with Google's 400 "Cannot bind query
/// parameter", the same way for every method, implemented or not yet.
extension GmailEmulator {
    static let queryParameters: [String: [String]] = [
        "users.drafts.create": ["userId"],
        "users.drafts.delete": ["id", "userId"],
        "users.drafts.get": ["format", "id", "userId"],
        "users.drafts.list": ["includeSpamTrash", "maxResults", "pageToken", "q", "userId"],
        "users.drafts.send": ["userId"],
        "users.drafts.update": ["id", "userId"],
        "users.getProfile": ["userId"],
        "users.history.list": ["historyTypes", "labelId", "maxResults", "pageToken", "startHistoryId", "userId"],
        "users.labels.create": ["userId"],
        "users.labels.delete": ["id", "userId"],
        "users.labels.get": ["id", "userId"],
        "users.labels.list": ["userId"],
        "users.labels.patch": ["id", "userId"],
        "users.labels.update": ["id", "userId"],
        "users.messages.attachments.get": ["id", "messageId", "userId"],
        "users.messages.batchDelete": ["userId"],
        "users.messages.batchModify": ["userId"],
        "users.messages.delete": ["id", "userId"],
        "users.messages.get": ["format", "id", "metadataHeaders", "userId"],
        "users.messages.import": ["deleted", "internalDateSource", "neverMarkSpam", "processForCalendar", "userId"],
        "users.messages.insert": ["deleted", "internalDateSource", "userId"],
        "users.messages.list": ["includeSpamTrash", "labelIds", "maxResults", "pageToken", "q", "userId"],
        "users.messages.modify": ["id", "userId"],
        "users.messages.send": ["userId"],
        "users.messages.trash": ["id", "userId"],
        "users.messages.untrash": ["id", "userId"],
        "users.settings.cse.identities.create": ["userId"],
        "users.settings.cse.identities.delete": ["cseEmailAddress", "userId"],
        "users.settings.cse.identities.get": ["cseEmailAddress", "userId"],
        "users.settings.cse.identities.list": ["pageSize", "pageToken", "userId"],
        "users.settings.cse.identities.patch": ["emailAddress", "userId"],
        "users.settings.cse.keypairs.create": ["chainValidation", "userId"],
        "users.settings.cse.keypairs.disable": ["keyPairId", "userId"],
        "users.settings.cse.keypairs.enable": ["keyPairId", "userId"],
        "users.settings.cse.keypairs.get": ["keyPairId", "userId"],
        "users.settings.cse.keypairs.list": ["pageSize", "pageToken", "userId"],
        "users.settings.cse.keypairs.obliterate": ["keyPairId", "userId"],
        "users.settings.delegates.create": ["userId"],
        "users.settings.delegates.delete": ["delegateEmail", "userId"],
        "users.settings.delegates.get": ["delegateEmail", "userId"],
        "users.settings.delegates.list": ["userId"],
        "users.settings.filters.create": ["userId"],
        "users.settings.filters.delete": ["id", "userId"],
        "users.settings.filters.get": ["id", "userId"],
        "users.settings.filters.list": ["userId"],
        "users.settings.forwardingAddresses.create": ["userId"],
        "users.settings.forwardingAddresses.delete": ["forwardingEmail", "userId"],
        "users.settings.forwardingAddresses.get": ["forwardingEmail", "userId"],
        "users.settings.forwardingAddresses.list": ["userId"],
        "users.settings.getAutoForwarding": ["userId"],
        "users.settings.getImap": ["userId"],
        "users.settings.getLanguage": ["userId"],
        "users.settings.getPop": ["userId"],
        "users.settings.getVacation": ["userId"],
        "users.settings.sendAs.create": ["userId"],
        "users.settings.sendAs.delete": ["sendAsEmail", "userId"],
        "users.settings.sendAs.get": ["sendAsEmail", "userId"],
        "users.settings.sendAs.list": ["userId"],
        "users.settings.sendAs.patch": ["sendAsEmail", "userId"],
        "users.settings.sendAs.smimeInfo.delete": ["id", "sendAsEmail", "userId"],
        "users.settings.sendAs.smimeInfo.get": ["id", "sendAsEmail", "userId"],
        "users.settings.sendAs.smimeInfo.insert": ["sendAsEmail", "userId"],
        "users.settings.sendAs.smimeInfo.list": ["sendAsEmail", "userId"],
        "users.settings.sendAs.smimeInfo.setDefault": ["id", "sendAsEmail", "userId"],
        "users.settings.sendAs.update": ["sendAsEmail", "userId"],
        "users.settings.sendAs.verify": ["sendAsEmail", "userId"],
        "users.settings.updateAutoForwarding": ["userId"],
        "users.settings.updateImap": ["userId"],
        "users.settings.updateLanguage": ["userId"],
        "users.settings.updatePop": ["userId"],
        "users.settings.updateVacation": ["userId"],
        "users.stop": ["userId"],
        "users.threads.delete": ["id", "userId"],
        "users.threads.get": ["format", "id", "metadataHeaders", "userId"],
        "users.threads.list": ["includeSpamTrash", "labelIds", "maxResults", "pageToken", "q", "userId"],
        "users.threads.modify": ["id", "userId"],
        "users.threads.trash": ["id", "userId"],
        "users.threads.untrash": ["id", "userId"],
        "users.watch": ["userId"],
    ]
}

extension GmailMethod {
    /// This method's own parameters by Gmail's discovery document (empty for an id it does not list).
    var queryParameters: [String] { GmailEmulator.queryParameters[id] ?? [] }
}

extension GmailEmulator {
    /// Gmail as Google's API conventions see it: batches of up to 100 calls (Gmail's documented limit),
    /// errors with the legacy `errors` list.
    public static let googleAPI = GoogleAPIDescription(
        host: "gmail.googleapis.com", batchPath: "/batch/gmail/v1", batch: .served(limit: 100), legacyErrors: true,
        claimsUnroutedBatch: true, parameters: { queryParameters[$0] },
        schemas: { parsedSchemas }, responseSchema: { responseSchemas[$0] })

    /// `schemaText` parsed, on first use.
    static let parsedSchemas = FieldMaskSchema(text: schemaText)

    /// This emulator behind Google's API conventions (`fields`, `alt`, unknown parameters, HEAD, gzip,
    /// batch): what the edge serves.
    public func withGoogleConventions() -> GoogleAPIEmulator {
        GoogleAPIEmulator(self, api: Self.googleAPI, authority: authority)
    }
}
