import DrydockHTTP

/// The Gmail methods the emulator serves (every method of Gmail v1 but `settings.*` and `cse.*`), with
/// the scopes each accepts (from Gmail's discovery document: any one suffices) and the RPC names
/// Google's ErrorInfo reports (`GetProfile` and `ListMessages` seen in real error bodies; the others
/// follow the same naming, unconfirmed). Upload-capable methods have a row under `/upload/gmail/v1/`
/// too, and the POST ones a `PUT` row for their resumable sessions.
extension GmailEmulator {
    static let methods: [GmailMethod] = {
        typealias S = GmailScope
        let read = [S.full, S.modify, S.readonly, S.metadata]
        let modify = [S.full, S.modify]
        let labels = [S.full, S.modify, S.labels]
        let compose = [S.full, S.modify, S.compose, S.addonsCompose]
        let draftsRead = [S.full, S.modify, S.compose, S.readonly]
        let insert = [S.full, S.modify, S.insert]
        let getScopes = [S.full, S.modify, S.readonly, S.metadata, S.addonsAction, S.addonsMetadata, S.addonsReadonly]
        func method(_ id: String, _ http: String, _ path: String, _ scopes: [String], _ rpc: String) -> GmailMethod {
            GmailMethod(
                id: id, httpMethod: http, pattern: ["users", "{userId}"] + path.split(separator: "/").map(String.init),
                acceptedScopes: scopes, rpcMethod: "caribou.api.proto.MailboxService." + rpc)
        }
        /// A method, its upload row, and (for POST) the PUT row of its resumable sessions.
        func uploadable(_ id: String, _ http: String, _ path: String, _ scopes: [String], _ rpc: String) -> [GmailMethod] {
            var plain = method(id, http, path, scopes, rpc)
            var upload = plain
            upload.upload = true
            var rows = [plain, upload]
            if http == "POST" {
                var session = GmailMethod(id: id, httpMethod: "PUT", pattern: upload.pattern, acceptedScopes: scopes, rpcMethod: upload.rpcMethod)
                session.upload = true
                session.sessionOnly = true
                rows.append(session)
            }
            plain.upload = false
            return rows
        }
        var rows: [GmailMethod] = [
            method("users.getProfile", "GET", "profile", [S.full, S.modify, S.compose, S.readonly, S.metadata], "GetProfile"),
            method("users.watch", "POST", "watch", read, "Watch"),
            method("users.stop", "POST", "stop", read, "Stop"),
            method("users.labels.list", "GET", "labels", [S.full, S.modify, S.readonly, S.labels, S.metadata], "ListLabels"),
            method("users.labels.create", "POST", "labels", labels, "CreateLabel"),
            method("users.labels.get", "GET", "labels/{id}", [S.full, S.modify, S.readonly, S.labels, S.metadata], "GetLabel"),
            method("users.labels.update", "PUT", "labels/{id}", labels, "UpdateLabel"),
            method("users.labels.patch", "PATCH", "labels/{id}", labels, "PatchLabel"),
            method("users.labels.delete", "DELETE", "labels/{id}", labels, "DeleteLabel"),
            method("users.messages.list", "GET", "messages", read, "ListMessages"),
            method("users.messages.batchModify", "POST", "messages/batchModify", modify, "BatchModifyMessages"),
            method("users.messages.batchDelete", "POST", "messages/batchDelete", [S.full], "BatchDeleteMessages"),
            method("users.messages.get", "GET", "messages/{id}", getScopes, "GetMessage"),
            method("users.messages.delete", "DELETE", "messages/{id}", [S.full], "DeleteMessage"),
            method("users.messages.modify", "POST", "messages/{id}/modify", modify, "ModifyMessage"),
            method("users.messages.trash", "POST", "messages/{id}/trash", modify, "TrashMessage"),
            method("users.messages.untrash", "POST", "messages/{id}/untrash", modify, "UntrashMessage"),
            method("users.messages.attachments.get", "GET", "messages/{messageId}/attachments/{id}",
                   [S.full, S.modify, S.readonly, S.addonsAction, S.addonsReadonly], "GetAttachment"),
            method("users.threads.list", "GET", "threads", read, "ListThreads"),
            method("users.threads.get", "GET", "threads/{id}", getScopes, "GetThread"),
            method("users.threads.delete", "DELETE", "threads/{id}", [S.full], "DeleteThread"),
            method("users.threads.modify", "POST", "threads/{id}/modify", modify, "ModifyThread"),
            method("users.threads.trash", "POST", "threads/{id}/trash", modify, "TrashThread"),
            method("users.threads.untrash", "POST", "threads/{id}/untrash", modify, "UntrashThread"),
            method("users.drafts.list", "GET", "drafts", draftsRead, "ListDrafts"),
            method("users.drafts.get", "GET", "drafts/{id}", draftsRead, "GetDraft"),
            method("users.drafts.delete", "DELETE", "drafts/{id}", compose, "DeleteDraft"),
            method("users.history.list", "GET", "history", read, "ListHistory"),
        ]
        rows += uploadable("users.messages.send", "POST", "messages/send", [S.full, S.modify, S.compose, S.send, S.addonsCompose], "SendMessage")
        rows += uploadable("users.messages.insert", "POST", "messages", insert, "InsertMessage")
        rows += uploadable("users.messages.import", "POST", "messages/import", insert, "ImportMessage")
        rows += uploadable("users.drafts.create", "POST", "drafts", compose, "CreateDraft")
        rows += uploadable("users.drafts.send", "POST", "drafts/send", compose, "SendDraft")
        rows += uploadable("users.drafts.update", "PUT", "drafts/{id}", compose, "UpdateDraft")
        return rows
    }()

    /// Every operation id, once each.
    static let operationIDs: [String] = {
        var ids: [String] = []
        for method in methods where !ids.contains(method.id) { ids.append(method.id) }
        return ids
    }()

    /// Runs the method `call` routes to (`input` is the completed upload of a resumable session).
    func run(_ call: GmailCall, input: MessageUpload? = nil) -> Result<HTTPResponse, GmailError> {
        func upload(draft: Bool, _ method: (GmailCall, MessageUpload) -> Result<HTTPResponse, GmailError>) -> Result<HTTPResponse, GmailError> {
            if let input { return method(call, input) }
            return withUpload(call, draft: draft, method)
        }
        switch call.route.method.id {
        case "users.getProfile": return getProfile(call)
        case "users.watch": return watch(call)
        case "users.stop": return stop(call)
        case "users.labels.list": return listLabels(call)
        case "users.labels.create": return createLabel(call)
        case "users.labels.get": return getLabel(call)
        case "users.labels.update": return changeLabel(call, replace: true)
        case "users.labels.patch": return changeLabel(call, replace: false)
        case "users.labels.delete": return deleteLabel(call)
        case "users.messages.list": return listMessages(call)
        case "users.messages.get": return getMessage(call)
        case "users.messages.attachments.get": return getAttachment(call)
        case "users.messages.send": return upload(draft: false, sendMessage)
        case "users.messages.insert": return upload(draft: false) { insertMessage($0, $1, importing: false) }
        case "users.messages.import": return upload(draft: false) { insertMessage($0, $1, importing: true) }
        case "users.messages.modify": return modifyMessage(call)
        case "users.messages.batchModify": return batchModifyMessages(call)
        case "users.messages.trash": return trashMessage(call)
        case "users.messages.untrash": return untrashMessage(call)
        case "users.messages.delete": return deleteMessage(call)
        case "users.messages.batchDelete": return batchDeleteMessages(call)
        case "users.threads.list": return listThreads(call)
        case "users.threads.get": return getThread(call)
        case "users.threads.modify": return modifyThread(call)
        case "users.threads.trash": return trashThread(call)
        case "users.threads.untrash": return untrashThread(call)
        case "users.threads.delete": return deleteThread(call)
        case "users.drafts.list": return listDrafts(call)
        case "users.drafts.get": return getDraft(call)
        case "users.drafts.create": return upload(draft: true, createDraft)
        case "users.drafts.update": return upload(draft: true, updateDraft)
        case "users.drafts.send": return upload(draft: true, sendDraft)
        case "users.drafts.delete": return deleteDraft(call)
        case "users.history.list": return listHistory(call)
        default: return .failure(.notFound)
        }
    }
}
