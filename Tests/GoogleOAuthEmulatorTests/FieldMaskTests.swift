import DrydockCore
import GoogleOAuthEmulator
import Testing

@Suite struct FieldMaskTests {
    let message: JSONValue = [
        "id": "m1", "threadId": "t1", "labelIds": ["INBOX", "UNREAD"],
        "payload": ["mimeType": "text/plain", "headers": [["name": "From", "value": "a@b"], ["name": "To", "value": "c@d"]]],
    ]

    func masked(_ mask: String, _ body: JSONValue) throws -> String {
        try FieldMask(mask).apply(to: body).serialized()
    }

    @Test func selectsMembersInTheResponseOrder() throws {
        #expect(try masked("threadId,id", message) == #"{"id":"m1","threadId":"t1"}"#)
    }

    @Test func slashAndParenthesesSelectInside() throws {
        #expect(try masked("payload/mimeType", message) == #"{"payload":{"mimeType":"text/plain"}}"#)
        #expect(try masked("payload(headers/name)", message) == #"{"payload":{"headers":[{"name":"From"},{"name":"To"}]}}"#)
        #expect(try masked("id,payload(mimeType,headers(value))", message)
            == #"{"id":"m1","payload":{"mimeType":"text/plain","headers":[{"value":"a@b"},{"value":"c@d"}]}}"#)
    }

    @Test func dotsSeparateLikeSlashes() throws {
        #expect(try masked("payload.mimeType", message) == #"{"payload":{"mimeType":"text/plain"}}"#)
        #expect(try FieldMask("a.b(c)").root == FieldMask("a/b(c)").root)
    }

    @Test func selectionsApplyToEveryArrayElement() throws {
        let list: JSONValue = ["messages": [["id": "1", "threadId": "a"], ["id": "2", "threadId": "b"]], "resultSizeEstimate": 2]
        #expect(try masked("messages(id)", list) == #"{"messages":[{"id":"1"},{"id":"2"}]}"#)
        #expect(try masked("messages/threadId,resultSizeEstimate", list) == #"{"messages":[{"threadId":"a"},{"threadId":"b"}],"resultSizeEstimate":2}"#)
    }

    @Test func starSelectsEveryMemberAtItsLevel() throws {
        #expect(try masked("*", message) == message.serialized())
        #expect(try masked("payload(*)", message) == #"{"payload":"# + message.objectValue!.first { $0.0 == "payload" }!.1.serialized() + "}")
    }

    @Test func wholeMemberWinsOverItsParts() throws {
        #expect(try masked("payload/mimeType,payload", message) == #"{"payload":"# + message.objectValue!.first { $0.0 == "payload" }!.1.serialized() + "}")
    }

    @Test(arguments: ["a(b", "a)", "a,,b", ",a", "a/", "a.", "a..b", "a()", "a b", "a(b))", "(a)", "a/(b)", "é"])
    func malformedMasksAreErrors(_ mask: String) {
        #expect(throws: FieldMaskError.self) { try FieldMask(mask) }
    }

    @Test func errorsNameTheFailingPathDotted() {
        #expect(throws: FieldMaskError(code: .syntax, mask: "payload(headers(name", path: "payload.headers.")) {
            try FieldMask("payload(headers(name")
        }
    }

    @Test func limitsStopDeepLongAndWideMasks() {
        let deep = String(repeating: "a(", count: 40) + "b" + String(repeating: ")", count: 40)
        #expect(throws: FieldMaskError.self) { try FieldMask(deep) }
        let slashes = (0..<40).map { "f\($0)" }.joined(separator: "/")
        #expect(throws: FieldMaskError.self) { try FieldMask(slashes) }
        let wide = (0..<1001).map { "f\($0)" }.joined(separator: ",")
        #expect(throws: FieldMaskError.self) { try FieldMask(wide) }
        #expect(throws: FieldMaskError.self) { try FieldMask(String(repeating: "a", count: FieldMask.maximumLength + 1)) }
        // At the limit: accepted.
        let atLimit = String(repeating: "a(", count: 31) + "b" + String(repeating: ")", count: 31)
        #expect(throws: Never.self) { try FieldMask(atLimit) }
    }

    @Test func invalidMaskErrorIsGooglesShape() throws {
        let error = GoogleAPIError.invalidFieldMask(FieldMaskError(code: .syntax, mask: "a(b", path: "a.b"), legacyErrors: false)
        #expect(error.body.serialized() == #"{"error":{"code":400,"message":"Request contains an invalid argument.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[{"field":"a(b","description":"Error expanding 'fields' parameter. Cannot find matching fields for path 'a.b'."}]}]}}"#)
    }
}
