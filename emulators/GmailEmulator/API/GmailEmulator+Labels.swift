import DrydockCore
import DrydockHTTP

/// `GET /gmail/v1/users/{userId}/labels`: the system labels, then the mailbox's user labels.
extension GmailEmulator {
    func listLabels(_ call: GmailCall) -> Result<HTTPResponse, GmailError> {
        let labels = mailbox(call.email)?.allLabels ?? GmailLabel.system
        return .success(call.json(["labels": .array(labels.map(\.json))]))
    }
}
