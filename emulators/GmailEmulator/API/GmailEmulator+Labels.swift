import DrydockCore
import DrydockHTTP

/// `users.labels.*`. `list` answers the system labels, then the user labels (no counts, as Gmail);
/// `get` adds `messagesTotal`, `messagesUnread`, `threadsTotal` and `threadsUnread`, counted over the
/// mailbox. `create` mints `Label_<n>`; `update` replaces a user label's members, `patch` only those
/// given; `delete` removes the label from every message (each a history record) and answers 204.
/// System labels cannot be changed or deleted (400 "Invalid label: <id>", assumed); an id the mailbox
/// does not have is 404. A mailbox holds at most 10,000 labels (documented; the 400 text is assumed).
extension GmailEmulator {
    static let maximumLabels = 10_000

    func listLabels(_ call: GmailCall) -> Result<HTTPResponse, GmailError> {
        let labels = mailbox(call.email)?.allLabels ?? GmailLabel.system
        return .success(call.json(["labels": .array(labels.map(\.json))]))
    }

    func getLabel(_ call: GmailCall) -> Result<HTTPResponse, GmailError> {
        let id = call.route.parameters["id"] ?? ""
        let snapshot = mailbox(call.email)
        guard let label = snapshot?.label(id) ?? GmailLabel.system.first(where: { $0.id == id }) else { return .failure(.notFound) }
        return .success(call.json(label.json(counts: snapshot?.counts(id) ?? LabelCounts())))
    }

    func createLabel(_ call: GmailCall) -> Result<HTTPResponse, GmailError> {
        let request: LabelRequest
        do { request = try LabelRequest(call.request.body) } catch { return .failure(error) }
        return write(call.email, address: address(for: call)) { mailbox, _ in
            let name: String
            do throws(GmailError) { name = try LabelRequest.checkName(request.name, in: mailbox, except: nil) } catch { return .failure(error) }
            guard mailbox.userLabels.count < Self.maximumLabels else {
                return .failure(.invalidArgument("Too many labels: a mailbox holds at most \(Self.maximumLabels)"))
            }
            let label = GmailLabel(
                id: mailbox.newLabelID, name: name, messageListVisibility: request.messageListVisibility ?? nil,
                labelListVisibility: request.labelListVisibility ?? nil, type: "user", color: request.color ?? nil)
            return .success(WritePlan([.putLabel(label)]) { _ in call.json(label.json) })
        }
    }

    /// `update` (PUT, `replace`) and `patch`.
    func changeLabel(_ call: GmailCall, replace: Bool) -> Result<HTTPResponse, GmailError> {
        let id = call.route.parameters["id"] ?? ""
        let request: LabelRequest
        do { request = try LabelRequest(call.request.body) } catch { return .failure(error) }
        return write(call.email, address: address(for: call)) { mailbox, _ in
            guard let current = mailbox.label(id) else { return .failure(.notFound) }
            guard current.type == "user" else { return .failure(.invalidLabel(id)) }
            var label = current
            do throws(GmailError) {
                if replace || request.name != nil { label.name = try LabelRequest.checkName(request.name, in: mailbox, except: id) }
            } catch { return .failure(error) }
            if replace {
                label.messageListVisibility = request.messageListVisibility ?? nil
                label.labelListVisibility = request.labelListVisibility ?? nil
                label.color = request.color ?? nil
            } else {
                if let value = request.messageListVisibility { label.messageListVisibility = value }
                if let value = request.labelListVisibility { label.labelListVisibility = value }
                if let value = request.color { label.color = value }
            }
            let changed = label
            return .success(WritePlan(changed == current ? [] : [.putLabel(changed)]) { _ in call.json(changed.json) })
        }
    }

    func deleteLabel(_ call: GmailCall) -> Result<HTTPResponse, GmailError> {
        let id = call.route.parameters["id"] ?? ""
        return write(call.email, address: address(for: call)) { mailbox, _ in
            guard let label = mailbox.label(id) else { return .failure(.notFound) }
            guard label.type == "user" else { return .failure(.invalidLabel(id)) }
            return .success(WritePlan([.deleteLabel(id: id)]) { _ in call.noContent })
        }
    }
}
