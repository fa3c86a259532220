import DrydockCore
import EmulatorKit
import Foundation
@testable import GmailEmulator
import Testing

@Suite struct GmailFixtureLoadingTests {
    static let owner = GmailTestHarness.owner

    @Test func defaultLabelsAreInboxOrSentByFrom() throws {
        let harness = try GmailTestHarness(mailboxes: [Self.owner: [
            "in.eml": MailFixtures.plain(subject: "In", date: "Mon, 1 Jun 2026 08:00:00 +0000"),
            "out.eml": MailFixtures.plain(subject: "Out", date: "Mon, 1 Jun 2026 09:00:00 +0000", from: "Owner <OWNER@harbor.example>", to: "ana@clients.example"),
        ]], lf: true)
        #expect(try harness.getJSON("/gmail/v1/users/me/messages?labelIds=INBOX").json["resultSizeEstimate"] == 1)
        #expect(try harness.getJSON("/gmail/v1/users/me/messages?labelIds=SENT").json["resultSizeEstimate"] == 1)
    }

    @Test func idsAreStableAndGmailShaped() throws {
        let files = [Self.owner: ["one.eml": MailFixtures.plain(subject: "One", date: "Mon, 1 Jun 2026 08:00:00 +0000")]]
        let first = try GmailTestHarness(mailboxes: files)
        let second = try GmailTestHarness(mailboxes: files)
        let a = try first.getJSON("/gmail/v1/users/me/messages").json["messages"]?.arrayValue?.first?["id"]?.stringValue
        let b = try second.getJSON("/gmail/v1/users/me/messages").json["messages"]?.arrayValue?.first?["id"]?.stringValue
        #expect(a != nil && a == b)
        #expect(a == MessageID.string(MessageID.forFile("one.eml")))
        #expect(a?.first == "1")
        #expect(a.flatMap(MessageID.parse) != nil)
    }

    @Test func threadsFollowReferencesAndTakeTheFirstMessagesID() throws {
        let harness = try GmailTestHarness(mailboxes: [Self.owner: [
            "a-reply.eml": MailFixtures.plain(subject: "Re: Trip", date: "Tue, 2 Jun 2026 08:00:00 +0000",
                                               extraHeaders: "In-Reply-To: <Trip@clients.example>\nReferences: <Trip@clients.example>\n"),
            "b-original.eml": MailFixtures.plain(subject: "Trip", date: "Mon, 1 Jun 2026 08:00:00 +0000"),
            "c-later.eml": MailFixtures.plain(subject: "Re: Re: Trip", date: "Wed, 3 Jun 2026 08:00:00 +0000",
                                               extraHeaders: "References: <Trip@clients.example> <Re:-Trip@clients.example>\n"),
            "d-other.eml": MailFixtures.plain(subject: "Other", date: "Wed, 3 Jun 2026 09:00:00 +0000"),
        ]])
        let list = try #require(harness.getJSON("/gmail/v1/users/me/messages").json["messages"]?.arrayValue)
        let original = MessageID.string(MessageID.forFile("b-original.eml"))
        #expect(list.map { $0["threadId"]?.stringValue } == [
            MessageID.string(MessageID.forFile("d-other.eml")), original, original, original,
        ])
        let profile = try harness.getJSON("/gmail/v1/users/me/profile").json
        #expect(profile == .object([("emailAddress", .string(Self.owner)), ("messagesTotal", 4), ("threadsTotal", 2), ("historyId", "1004")]))
    }

    @Test func historyIdsRiseWithTheDateAndEndAtTheProfiles() throws {
        let harness = try GmailTestHarness(mailboxes: [Self.owner: [
            "new.eml": MailFixtures.plain(subject: "New", date: "Tue, 2 Jun 2026 08:00:00 +0000"),
            "old.eml": MailFixtures.plain(subject: "Old", date: "Mon, 1 Jun 2026 08:00:00 +0000"),
        ]], profiles: "{\"profiles\": [{\"email\": \"owner@harbor.example\", \"messages_total\": 99, \"threads_total\": 99, \"history_id\": \"483920\"}]}")
        let list = try #require(harness.getJSON("/gmail/v1/users/me/messages").json["messages"]?.arrayValue)
        let histories = try list.map { try harness.getJSON("/gmail/v1/users/me/messages/\($0["id"]!.stringValue!)?format=minimal").json["historyId"] }
        #expect(histories == ["483920", "483919"])
        #expect(try harness.getJSON("/gmail/v1/users/me/profile").json == .object([
            ("emailAddress", .string(Self.owner)), ("messagesTotal", 2), ("threadsTotal", 2), ("historyId", "483920"),
        ]))
        let sent = try harness.send("To: a@b.example\n\nx").json
        let history = try harness.getJSON("/gmail/v1/users/me/messages/\(sent["id"]!.stringValue!)?format=minimal").json["historyId"]
        #expect(history == "483921")
    }

    @Test func labelsListHasSystemThenUserLabels() throws {
        let harness = try GmailTestHarness(
            mailboxes: [Self.owner: ["a.eml": MailFixtures.plain(subject: "A", date: "Mon, 1 Jun 2026 08:00:00 +0000")]],
            labels: [Self.owner: "{\"labels\": [{\"id\": \"Label_7\", \"name\": \"Partners/CharterHub\", \"messageListVisibility\": \"show\", \"labelListVisibility\": \"labelShow\"}, {\"id\": \"Label_8\", \"name\": \"Plain\"}]}"])
        let labels = try #require(harness.getJSON("/gmail/v1/users/me/labels").json["labels"]?.arrayValue)
        #expect(labels.map { $0["id"]?.stringValue ?? "" } == [
            "CHAT", "SENT", "INBOX", "IMPORTANT", "TRASH", "DRAFT", "SPAM", "CATEGORY_FORUMS", "CATEGORY_UPDATES",
            "CATEGORY_PERSONAL", "CATEGORY_PROMOTIONS", "CATEGORY_SOCIAL", "STARRED", "UNREAD", "Label_7", "Label_8",
        ])
        #expect(labels[0] == .object([("id", "CHAT"), ("name", "CHAT"), ("messageListVisibility", "hide"), ("labelListVisibility", "labelHide"), ("type", "system")]))
        #expect(labels[1] == .object([("id", "SENT"), ("name", "SENT"), ("type", "system")]))
        #expect(labels[14] == .object([("id", "Label_7"), ("name", "Partners/CharterHub"), ("messageListVisibility", "show"), ("labelListVisibility", "labelShow"), ("type", "user")]))
        #expect(labels[15] == .object([("id", "Label_8"), ("name", "Plain"), ("type", "user")]))
        // An account without a mailbox still has the system labels.
        let other = harness.get("/gmail/v1/users/me/labels", token: try harness.token("other-readonly"))
        #expect(try JSONValue.parse(other.body)["labels"]?.arrayValue?.count == 14)
    }

    @Test func garbageMessagesLoadAndNeverCrash() throws {
        var generator = SystemRandomNumberGenerator()
        var files: [String: String] = [
            "no-body.eml": "Subject: only a header",
            "binary-after-header.eml": "Subject: bin\n\n\u{0}\u{1}\u{2}\u{FFFD}",
            "bad-mime.eml": "Content-Type: multipart/mixed; boundary=\"b\"\nContent-Transfer-Encoding: base64\n\n--b\nContent-Type: ???\nContent-Transfer-Encoding: quoted-printable\n\n=Z=\n--b\nContent-Type: text/plain; charset=x-klingon\n\n\u{00E9}",
            "deep.eml": "Content-Type: multipart/mixed; boundary=x\n\n" + String(repeating: "--x\nContent-Type: multipart/mixed; boundary=x\n\n", count: 200),
            "bad-date.eml": "From: <<<>>>\nDate: someday\nTo: ,,,\nSubject: =?utf-8?B?####?=\n\nbody",
            "mbox.eml": "From sender@example.com Mon Jun  1 08:00:00 2026\nFrom: a@b.example\nSubject: mbox\n\nbody",
        ]
        for index in 0..<20 {
            let bytes = (0..<200).map { _ in UInt8.random(in: 32...126, using: &generator) }
            files["random\(index).eml"] = "X-Random: \(index)\n\n" + String(decoding: bytes, as: UTF8.self)
        }
        let harness = try GmailTestHarness(mailboxes: [Self.owner: files], lf: true)
        let list = try #require(harness.getJSON("/gmail/v1/users/me/messages?maxResults=500").json["messages"]?.arrayValue)
        #expect(list.count == files.count)
        for entry in list {
            let id = try #require(entry["id"]?.stringValue)
            for format in ["full", "metadata", "minimal", "raw"] {
                #expect(try harness.getJSON("/gmail/v1/users/me/messages/\(id)?format=\(format)").status == 200)
            }
        }
        #expect(try harness.getJSON("/gmail/v1/users/me/messages?q=body").status == 200)
    }

    @Test func randomBytesNeverCrashTheParser() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("=?-:;\"<>\r\n\t boundary=Content-Type:multipart/mixed;base64quoted-printable".utf8)
        for _ in 0..<300 {
            let bytes = (0..<Int.random(in: 0...600, using: &generator)).map { _ in
                Bool.random(using: &generator) ? alphabet.randomElement(using: &generator)! : UInt8.random(in: 0...255, using: &generator)
            }
            let content = MessageContent(raw: bytes)
            _ = content.root.leaves.count
            _ = HTMLText.text(String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test(arguments: [
        ("empty.eml", "", nil, "empty file"),
        ("headless.eml", "\n\njust a body", nil, "no header fields"),
        ("a.eml", "Subject: x\n\ny", "{\"labels\": [{\"id\": \"INBOX\", \"name\": \"Mine\"}]}", "is a system label id"),
        ("a.eml", "Subject: x\n\ny", "{\"messages\": {\"a.eml\": [\"Label_9\"]}}", "unknown label \"Label_9\""),
        ("a.eml", "Subject: x\n\ny", "{\"messages\": {\"missing.eml\": [\"INBOX\"]}}", "no such .eml file"),
        ("a.eml", "Subject: x\n\ny", "{\"labels\": [{\"id\": \"Label_1\"}]}", "labels[0].name: expected a non-empty string"),
        ("a.eml", "Subject: x\n\ny", "{\"labels\": [}", "invalid JSON"),
        ("a.eml", "Subject: x\n\ny", "{\"label\": []}", "unknown member \"label\""),
    ])
    func brokenFixturesNameTheFileAndTheProblem(file: String, text: String, labels: String?, reason: String) {
        do {
            _ = try GmailTestHarness(mailboxes: [Self.owner: [file: text]], labels: labels.map { [Self.owner: $0] } ?? [:], lf: true)
            Issue.record("expected a FixtureError")
        } catch let error as FixtureError {
            #expect(error.reason.contains(reason), "\(error)")
            #expect(error.path.hasSuffix(labels == nil ? file : "labels.json"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
