/// The Gmail methods the emulator serves, with the scopes each accepts (from Gmail's discovery
/// document: any one suffices) and the RPC names Google's ErrorInfo reports (`GetProfile` and
/// `ListMessages` seen in real error bodies; the others follow the same naming, unconfirmed).
extension GmailEmulator {
    static let methods: [GmailMethod] = [
        GmailMethod(
            id: "users.getProfile", httpMethod: "GET", pattern: ["users", "{userId}", "profile"],
            acceptedScopes: [GmailScope.full, GmailScope.modify, GmailScope.compose, GmailScope.readonly, GmailScope.metadata],
            rpcMethod: "caribou.api.proto.MailboxService.GetProfile"),
        GmailMethod(
            id: "users.labels.list", httpMethod: "GET", pattern: ["users", "{userId}", "labels"],
            acceptedScopes: [GmailScope.full, GmailScope.modify, GmailScope.readonly, GmailScope.labels, GmailScope.metadata],
            rpcMethod: "caribou.api.proto.MailboxService.ListLabels"),
        GmailMethod(
            id: "users.messages.list", httpMethod: "GET", pattern: ["users", "{userId}", "messages"],
            acceptedScopes: [GmailScope.full, GmailScope.modify, GmailScope.readonly, GmailScope.metadata],
            rpcMethod: "caribou.api.proto.MailboxService.ListMessages"),
        GmailMethod(
            id: "users.messages.send", httpMethod: "POST", pattern: ["users", "{userId}", "messages", "send"],
            acceptedScopes: [GmailScope.full, GmailScope.modify, GmailScope.compose, GmailScope.send, GmailScope.addonsCompose],
            rpcMethod: "caribou.api.proto.MailboxService.SendMessage"),
        GmailMethod(
            id: "users.messages.send", httpMethod: "POST", pattern: ["users", "{userId}", "messages", "send"],
            acceptedScopes: [GmailScope.full, GmailScope.modify, GmailScope.compose, GmailScope.send, GmailScope.addonsCompose],
            rpcMethod: "caribou.api.proto.MailboxService.SendMessage", upload: true),
        GmailMethod(
            id: "users.messages.get", httpMethod: "GET", pattern: ["users", "{userId}", "messages", "{id}"],
            acceptedScopes: [GmailScope.full, GmailScope.modify, GmailScope.readonly, GmailScope.metadata,
                             GmailScope.addonsAction, GmailScope.addonsMetadata, GmailScope.addonsReadonly],
            rpcMethod: "caribou.api.proto.MailboxService.GetMessage"),
        GmailMethod(
            id: "users.messages.attachments.get", httpMethod: "GET",
            pattern: ["users", "{userId}", "messages", "{messageId}", "attachments", "{id}"],
            acceptedScopes: [GmailScope.full, GmailScope.modify, GmailScope.readonly, GmailScope.addonsAction, GmailScope.addonsReadonly],
            rpcMethod: "caribou.api.proto.MailboxService.GetAttachment"),
    ]

    /// Every operation id, once each.
    static let operationIDs: [String] = {
        var ids: [String] = []
        for method in methods where !ids.contains(method.id) { ids.append(method.id) }
        return ids
    }()
}
