import DrydockCore
import DrydockHTTP

/// `GET /gmail/v1/users/{userId}/messages/{messageId}/attachments/{id}` →
/// `{"attachmentId", "size", "data"}` with the part's transfer-decoded bytes in base64url.
extension GmailEmulator {
    func getAttachment(_ call: GmailCall) -> Result<HTTPResponse, GmailError> {
        lookUp(call, id: call.route.parameters["messageId"] ?? "").flatMap { message in
            let attachmentID = call.route.parameters["id"] ?? ""
            // Gmail's answer for an attachment id it cannot use is assumed to be this 400.
            guard let part = message.attachment(attachmentID, inlineLimit: inlineLimit) else {
                return .failure(.invalidArgument("Invalid attachment token"))
            }
            return .success(call.json(.object([
                ("attachmentId", .string(attachmentID)),
                ("size", .number(part.body.count)),
                ("data", .string(TransferEncoding.encodeBase64URL(part.body))),
            ])))
        }
    }
}
