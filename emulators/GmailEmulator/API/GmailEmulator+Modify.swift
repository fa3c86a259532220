import DrydockCore
import DrydockHTTP

/// `users.messages.modify`, `batchModify`, `trash`, `untrash`, `delete` and `batchDelete`, under
/// `LabelRules`. Single-message methods answer the minimal message `{"id", "threadId", "labelIds"}`;
/// the batch methods and `delete` answer 204 with no body. Each label change is one history record.
extension GmailEmulator {
    func modifyMessage(_ call: GmailCall) -> Result<HTTPResponse, GmailError> {
        let change: (add: [String], remove: [String])
        do { change = try Self.labelChange(call.request.body, members: Self.modifyMembers) } catch { return .failure(error) }
        return changeMessage(call) { message, mailbox throws(GmailError) in
            try LabelRules.modified(message.labelIds, add: change.add, remove: change.remove, in: mailbox)
        }
    }

    func trashMessage(_ call: GmailCall) -> Result<HTTPResponse, GmailError> {
        changeMessage(call) { message, _ in LabelRules.trashed(message.labelIds) }
    }

    func untrashMessage(_ call: GmailCall) -> Result<HTTPResponse, GmailError> {
        changeMessage(call) { message, _ in LabelRules.untrashed(message.labelIds) }
    }

    func deleteMessage(_ call: GmailCall) -> Result<HTTPResponse, GmailError> {
        guard let id = MessageID.parse(call.route.parameters["id"] ?? "") else { return .failure(.invalidID) }
        return write(call.email, address: address(for: call)) { mailbox, _ in
            guard mailbox.message(id) != nil else { return .failure(.notFound) }
            return .success(WritePlan([.deleteMessage(id: id)]) { _ in call.noContent })
        }
    }

    func batchModifyMessages(_ call: GmailCall) -> Result<HTTPResponse, GmailError> {
        let ids: [UInt64]
        let change: (add: [String], remove: [String])
        do {
            change = try Self.labelChange(call.request.body, members: Self.modifyMembers.union(["ids"]))
            ids = try Self.batchIDs(call.request.body)
        } catch { return .failure(error) }
        return write(call.email, address: address(for: call)) { mailbox, _ in
            var changes: [MailboxChange] = []
            do throws(GmailError) {
                guard !change.add.isEmpty || !change.remove.isEmpty else { throw GmailError.invalidArgument("No label add or removes specified") }
                try LabelRules.check(change.add + change.remove, in: mailbox)
            } catch { return .failure(error) }
            // Ids the mailbox does not hold are skipped (assumed: Gmail applies the rest).
            for id in ids {
                guard let message = mailbox.message(id) else { continue }
                changes.append(.setLabels(id: id, labelIds: LabelRules.apply(message.labelIds, add: change.add, remove: change.remove)))
            }
            return .success(WritePlan(changes) { _ in call.noContent })
        }
    }

    func batchDeleteMessages(_ call: GmailCall) -> Result<HTTPResponse, GmailError> {
        let ids: [UInt64]
        do { ids = try Self.batchIDs(call.request.body) } catch { return .failure(error) }
        return write(call.email, address: address(for: call)) { mailbox, _ in
            .success(WritePlan(ids.filter { mailbox.message($0) != nil }.map { .deleteMessage(id: $0) }) { _ in call.noContent })
        }
    }

    /// Sets the labels of the message the path names to what `labels` makes of them.
    private func changeMessage(
        _ call: GmailCall, _ labels: @escaping (StoredMessage, Mailbox) throws(GmailError) -> [String]
    ) -> Result<HTTPResponse, GmailError> {
        guard let id = MessageID.parse(call.route.parameters["id"] ?? "") else { return .failure(.invalidID) }
        return write(call.email, address: address(for: call)) { mailbox, _ in
            guard let message = mailbox.message(id) else { return .failure(.notFound) }
            let changed: [String]
            do throws(GmailError) { changed = try labels(message, mailbox) } catch { return .failure(error) }
            return .success(WritePlan([.setLabels(id: id, labelIds: changed)]) { mailbox in
                call.json(mailbox.message(id)?.minimalJSON ?? .object([]))
            })
        }
    }

    static let modifyMembers: Set<String> = ["addLabelIds", "removeLabelIds", "addClassificationLabels", "removeClassificationLabelIds"]

    /// `addLabelIds` and `removeLabelIds` of a modify body.
    static func labelChange(_ body: [UInt8], members: Set<String>) throws(GmailError) -> (add: [String], remove: [String]) {
        let json = try RequestBody.object(body, members: members)
        return (try RequestBody.strings(json, "addLabelIds", field: "add_label_ids"),
                try RequestBody.strings(json, "removeLabelIds", field: "remove_label_ids"))
    }

    /// Gmail's limit on `ids` in one batch request (documented: "at most 1000").
    static let batchLimit = 1000

    /// The `ids` of a batch body: each must parse ("Invalid id value"); more than 1,000 is refused
    /// (assumed text).
    static func batchIDs(_ body: [UInt8]) throws(GmailError) -> [UInt64] {
        let json = try RequestBody.object(body, members: modifyMembers.union(["ids"]))
        let texts = try RequestBody.strings(json, "ids", field: "ids")
        guard texts.count <= batchLimit else { throw .invalidArgument("Too many ids in the request; the limit is \(batchLimit)") }
        var ids: [UInt64] = []
        for text in texts {
            guard let id = MessageID.parse(text) else { throw .invalidID }
            if !ids.contains(id) { ids.append(id) }
        }
        return ids
    }
}
