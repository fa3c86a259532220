import DrydockCore
@testable import GmailEmulator
import Testing

@Suite struct MessageListTests {
    static let owner = GmailTestHarness.owner

    /// 12 messages a day apart (m01 oldest … m12 newest), with labels, spam and trash.
    func harness() throws -> GmailTestHarness {
        var files: [String: String] = [:]
        for day in 1...12 {
            let name = String(format: "m%02d.eml", day)
            files[name] = MailFixtures.plain(subject: "Message \(day)", date: String(format: "Mon, %02d Jun 2026 08:00:00 +0000", day),
                                             body: day % 2 == 0 ? "even charter" : "odd charter")
        }
        let labels = """
        {"labels": [{"id": "Label_1", "name": "Bookings"}, {"id": "Label_2", "name": "Partners/CharterHub", "messageListVisibility": "show", "labelListVisibility": "labelShow"}],
         "messages": {
           "m01.eml": ["INBOX", "Label_1"], "m02.eml": ["INBOX", "Label_1", "Label_2"], "m03.eml": ["INBOX", "UNREAD", "Label_2"],
           "m04.eml": ["SPAM"], "m05.eml": ["TRASH", "Label_1"], "m06.eml": ["INBOX", "UNREAD", "Label_1", "Label_2"]
         }}
        """
        return try GmailTestHarness(mailboxes: [Self.owner: files], labels: [Self.owner: labels])
    }

    func subjects(_ harness: GmailTestHarness, _ json: JSONValue) throws -> [Int] {
        try (json["messages"]?.arrayValue ?? []).map { entry in
            let id = try #require(entry["id"]?.stringValue)
            let message = try harness.getJSON("/gmail/v1/users/me/messages/\(id)?format=metadata&metadataHeaders=Subject").json
            let subject = try #require(message["payload"]?["headers"]?.arrayValue?.first?["value"]?.stringValue)
            return try #require(Int(subject.dropFirst("Message ".count)))
        }
    }

    @Test func newestFirstWithoutSpamAndTrash() throws {
        let harness = try harness()
        let (status, json) = try harness.getJSON("/gmail/v1/users/me/messages")
        #expect(status == 200)
        #expect(json.objectValue?.map(\.0) == ["messages", "resultSizeEstimate"])
        #expect(try subjects(harness, json) == [12, 11, 10, 9, 8, 7, 6, 3, 2, 1])
        #expect(json["resultSizeEstimate"] == 10)
        let first = try #require(json["messages"]?.arrayValue?.first)
        #expect(first.objectValue?.map(\.0) == ["id", "threadId"])
        #expect(first["id"]?.stringValue?.count == 16)
    }

    @Test func includeSpamTrashAndExplicitLabels() throws {
        let harness = try harness()
        #expect(try subjects(harness, harness.getJSON("/gmail/v1/users/me/messages?includeSpamTrash=true").json) == Array((1...12).reversed()))
        #expect(try subjects(harness, harness.getJSON("/gmail/v1/users/me/messages?labelIds=SPAM").json) == [4])
        #expect(try subjects(harness, harness.getJSON("/gmail/v1/users/me/messages?q=in:trash").json) == [5])
        #expect(try subjects(harness, harness.getJSON("/gmail/v1/users/me/messages?q=label:bookings").json) == [6, 2, 1])
        #expect(try subjects(harness, harness.getJSON("/gmail/v1/users/me/messages?q=label:bookings&includeSpamTrash=true").json) == [6, 5, 2, 1])
        let bad = try harness.getJSON("/gmail/v1/users/me/messages?includeSpamTrash=maybe")
        #expect(bad.status == 400)
        #expect(bad.json.errorMessage == "Invalid value at 'include_spam_trash' (TYPE_BOOL), \"maybe\"")
    }

    @Test func everyLabelIdMustMatch() throws {
        let harness = try harness()
        #expect(try subjects(harness, harness.getJSON("/gmail/v1/users/me/messages?labelIds=Label_1&labelIds=Label_2").json) == [6, 2])
        #expect(try subjects(harness, harness.getJSON("/gmail/v1/users/me/messages?labelIds=UNREAD&labelIds=Label_2&labelIds=INBOX").json) == [6, 3])
        #expect(try subjects(harness, harness.getJSON("/gmail/v1/users/me/messages?labelIds=Label_1&q=even").json) == [6, 2])
    }

    @Test func nothingMatchingHasNoMessagesMember() throws {
        let harness = try harness()
        for target in ["/gmail/v1/users/me/messages?q=nonexistentword", "/gmail/v1/users/me/messages?labelIds=Label_404"] {
            let response = harness.get(target, token: try harness.token())
            #expect(response.status == 200)
            #expect(response.bodyText == "{\n  \"resultSizeEstimate\": 0\n}\n")
        }
    }

    @Test func pagesAreStableAndCoverEverythingOnce() throws {
        let harness = try harness()
        var seen: [String] = []
        var tokens: [String] = []
        var target = "/gmail/v1/users/me/messages?maxResults=3&includeSpamTrash=true"
        while true {
            let (status, json) = try harness.getJSON(target)
            #expect(status == 200)
            #expect(json["resultSizeEstimate"] == 12)
            seen += (json["messages"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
            guard let token = json["nextPageToken"]?.stringValue else { break }
            #expect(token.allSatisfy { $0.isNumber })
            tokens.append(token)
            target = "/gmail/v1/users/me/messages?maxResults=3&includeSpamTrash=true&pageToken=\(token)"
        }
        #expect(seen.count == 12)
        #expect(Set(seen).count == 12)
        #expect(tokens.count == 3)

        // The same request gives the same token, and the token still works after a send.
        let again = try harness.getJSON("/gmail/v1/users/me/messages?maxResults=3&includeSpamTrash=true").json
        #expect(again["nextPageToken"]?.stringValue == tokens[0])
        _ = try harness.send("To: someone@elsewhere.example\nSubject: new\nDate: Mon, 30 Nov 2026 08:00:00 +0000\n\nhi")
        let second = try harness.getJSON("/gmail/v1/users/me/messages?maxResults=3&includeSpamTrash=true&pageToken=\(tokens[0])").json
        #expect((second["messages"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue } == Array(seen[3..<6]))
    }

    @Test(arguments: ["garbage", "12345", "-1"])
    func foreignPageTokensAreInvalid(token: String) throws {
        let harness = try harness()
        let (status, json) = try harness.getJSON("/gmail/v1/users/me/messages?pageToken=\(token)")
        #expect(status == 400)
        #expect(json["error"] == .object([
            ("code", 400), ("message", "Invalid pageToken"),
            ("errors", [["message": "Invalid pageToken", "domain": "global", "reason": "invalidArgument"]]),
            ("status", "INVALID_ARGUMENT"),
        ]))
    }

    @Test(arguments: [("1", 1), ("+2", 2), ("02", 2), ("500", 10), ("501", 10), ("100000", 10), ("2147483647", 10)])
    func maxResultsWithinBounds(value: String, served: Int) throws {
        let harness = try harness()
        let (status, json) = try harness.getJSON("/gmail/v1/users/me/messages?maxResults=\(value.replacingOccurrences(of: "+", with: "%2B"))")
        #expect(status == 200)
        #expect(json["messages"]?.arrayValue?.count == served)
    }

    @Test func maxResultsAbove500Serves500() throws {
        var files: [String: String] = [:]
        for index in 0..<520 {
            files["n\(index).eml"] = "From: a@b.example\nSubject: n\(index)\nDate: Mon, 1 Jun 2026 08:00:00 +0000\n\nx"
        }
        let harness = try GmailTestHarness(mailboxes: [Self.owner: files])
        let big = try harness.getJSON("/gmail/v1/users/me/messages?maxResults=1000").json
        #expect(big["messages"]?.arrayValue?.count == 500)
        #expect(big["resultSizeEstimate"] == 520)
        let standard = try harness.getJSON("/gmail/v1/users/me/messages").json
        #expect(standard["messages"]?.arrayValue?.count == 100)
        let next = try #require(big["nextPageToken"]?.stringValue)
        #expect(try harness.getJSON("/gmail/v1/users/me/messages?maxResults=1000&pageToken=\(next)").json["messages"]?.arrayValue?.count == 20)
    }

    @Test(arguments: ["0", "00", "2147483648", "4294967295"])
    func maxResultsOutOfRangeIs400(value: String) throws {
        let harness = try harness()
        let (status, json) = try harness.getJSON("/gmail/v1/users/me/messages?maxResults=\(value)")
        #expect(status == 400)
        #expect(json.errorMessage == "Invalid maxResults")
        #expect(json.errorReason == "invalidArgument")
    }

    @Test func unreadableMaxResultsIsTheProtoLayers400() throws {
        let harness = try harness()
        let (status, json) = try harness.getJSON("/gmail/v1/users/me/messages?maxResults=abc&maxResults=3&maxResults=-1")
        #expect(status == 400)
        let message = "Invalid value at 'max_results' (TYPE_UINT32), \"abc\"\nInvalid value at 'max_results' (TYPE_UINT32), \"-1\""
        #expect(json["error"] == .object([
            ("code", 400), ("message", .string(message)),
            ("errors", [.object([("message", .string(message)), ("reason", "invalid")])]),
            ("status", "INVALID_ARGUMENT"),
            ("details", [.object([
                ("@type", "type.googleapis.com/google.rpc.BadRequest"),
                ("fieldViolations", [
                    ["field": "max_results", "description": "Invalid value at 'max_results' (TYPE_UINT32), \"abc\""],
                    ["field": "max_results", "description": "Invalid value at 'max_results' (TYPE_UINT32), \"-1\""],
                ]),
            ])]),
        ]))
    }

    @Test func queriesUseTheSearchEngine() throws {
        let harness = try harness()
        #expect(try subjects(harness, harness.getJSON("/gmail/v1/users/me/messages?q=subject:%22Message%2011%22").json) == [11])
        #expect(try subjects(harness, harness.getJSON("/gmail/v1/users/me/messages?q=is:unread").json) == [6, 3])
        #expect(try subjects(harness, harness.getJSON("/gmail/v1/users/me/messages?q=after:2026/06/10").json) == [12, 11, 10])
        #expect(try subjects(harness, harness.getJSON("/gmail/v1/users/me/messages?q=from:ana%40clients.example+before:2026/06/03").json) == [2, 1])
        let (status, json) = try harness.getJSON("/gmail/v1/users/me/messages?q=(unbalanced")
        #expect(status == 400)
        #expect(json.errorMessage == "Invalid query")
    }

    @Test func accountsWithoutAMailboxListNothing() throws {
        let harness = try harness()
        let response = harness.get("/gmail/v1/users/me/messages", token: try harness.token("other-readonly"))
        #expect(response.status == 200)
        #expect(try JSONValue.parse(response.body) == ["resultSizeEstimate": 0])
    }
}
