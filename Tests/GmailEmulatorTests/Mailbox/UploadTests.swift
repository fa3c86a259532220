import DrydockCore
import DrydockHTTP
import Foundation
@testable import GmailEmulator
import Testing

@Suite struct UploadTests {
    typealias F = MailboxFixture
    static let message = Array("To: ana@clients.example\r\nSubject: Uploaded\r\n\r\nA message sent in three chunks.".utf8)

    func request(_ harness: GmailTestHarness, _ method: String, _ target: String, headers: [(String, String)] = [], body: [UInt8] = []) throws -> HTTPResponse {
        var all: HTTPHeaders = ["Host": "127.0.0.1:9000"]
        all.set("Authorization", "Bearer " + (try harness.token("modify")))
        for (name, value) in headers { all.set(name, value) }
        return harness.gmail.handle(HTTPRequest(method: method, target: target, headers: all, body: body))
    }

    @Test func aResumableSendInChunksWithAStatusQuery() throws {
        let harness = try F.harness()
        let start = try request(harness, "POST", "/upload/gmail/v1/users/me/messages/send?uploadType=resumable",
                                headers: [("Content-Type", "application/json"), ("X-Upload-Content-Length", String(Self.message.count))], body: Array("{}".utf8))
        #expect(start.status == 200)
        let location = try #require(start.headers["Location"])
        #expect(location.hasPrefix("http://127.0.0.1:9000/upload/gmail/v1/users/me/messages/send?uploadType=resumable&upload_id="))
        let session = String(location.dropFirst("http://127.0.0.1:9000".count))
        let total = Self.message.count

        let first = try request(harness, "PUT", session, headers: [("Content-Range", "bytes 0-9/\(total)")], body: Array(Self.message[0..<10]))
        #expect(first.status == 308)
        #expect(first.headers["Range"] == "bytes=0-9")
        let status = try request(harness, "PUT", session, headers: [("Content-Range", "bytes */\(total)")])
        #expect(status.status == 308)
        #expect(status.headers["Range"] == "bytes=0-9")
        // An overlapping resend is taken from where the received bytes end.
        let second = try request(harness, "PUT", session, headers: [("Content-Range", "bytes 5-29/\(total)")], body: Array(Self.message[5..<30]))
        #expect(second.headers["Range"] == "bytes=0-29")
        #expect(try request(harness, "PUT", session, headers: [("Content-Range", "bytes 40-49/\(total)")], body: Array(Self.message[40..<50])).status == 400)
        let last = try request(harness, "PUT", session, headers: [("Content-Range", "bytes 30-\(total - 1)/\(total)")], body: Array(Self.message[30...]))
        #expect(last.status == 200)
        let sent = try JSONValue.parse(last.body)
        #expect(sent["labelIds"] == ["SENT"])
        let id = try #require(sent["id"]?.stringValue)
        #expect(try harness.call("GET", "/gmail/v1/users/me/messages/\(id)?format=minimal").json["snippet"] == "A message sent in three chunks.")
        #expect(try request(harness, "PUT", session, headers: [("Content-Range", "bytes */\(total)")]).status == 404)
    }

    @Test func resumableInsertAndDraftsCarryTheirMetadata() throws {
        let harness = try F.harness()
        let start = try request(harness, "POST", "/upload/gmail/v1/users/me/messages?uploadType=resumable&internalDateSource=dateHeader",
                                headers: [("Content-Type", "application/json")], body: Array(#"{"labelIds": ["INBOX", "Label_1"]}"#.utf8))
        let session = String(try #require(start.headers["Location"]).dropFirst("http://127.0.0.1:9000".count))
        let done = try request(harness, "PUT", session, body: Self.message)
        #expect(done.status == 200)
        #expect(try JSONValue.parse(done.body)["labelIds"] == ["INBOX", "Label_1"])

        let draftStart = try request(harness, "POST", "/upload/gmail/v1/users/me/drafts?uploadType=resumable",
                                     headers: [("Content-Type", "application/json")], body: Array("{}".utf8))
        let draftSession = String(try #require(draftStart.headers["Location"]).dropFirst("http://127.0.0.1:9000".count))
        let draft = try request(harness, "PUT", draftSession, headers: [("Content-Range", "bytes 0-\(Self.message.count - 1)/*")], body: Self.message)
        #expect(draft.status == 308)
        let finished = try request(harness, "PUT", draftSession, headers: [("Content-Range", "bytes */\(Self.message.count)")])
        #expect(finished.status == 200)
        #expect(try JSONValue.parse(finished.body)["message"]?["labelIds"] == ["DRAFT"])
    }

    @Test func mediaAndMultipartUploadsAndTheSizeLimit() throws {
        let harness = try F.harness()
        let media = try request(harness, "POST", "/upload/gmail/v1/users/me/messages/import?uploadType=media",
                                headers: [("Content-Type", "message/rfc822")], body: Self.message)
        #expect(media.status == 200)
        let multipart = Array("--b\r\nContent-Type: application/json\r\n\r\n{\"labelIds\": [\"STARRED\"]}\r\n--b\r\nContent-Type: message/rfc822\r\n\r\n".utf8)
            + Self.message + Array("\r\n--b--\r\n".utf8)
        let inserted = try request(harness, "POST", "/upload/gmail/v1/users/me/messages?uploadType=multipart",
                                   headers: [("Content-Type", "multipart/related; boundary=b")], body: multipart)
        #expect(inserted.status == 200)
        #expect(try JSONValue.parse(inserted.body)["labelIds"] == ["STARRED"])
        let tooLarge = try request(harness, "POST", "/upload/gmail/v1/users/me/messages/send?uploadType=resumable",
                                   headers: [("X-Upload-Content-Length", "36700161")])
        #expect(tooLarge.status == 413)
        #expect(try request(harness, "PUT", "/upload/gmail/v1/users/me/messages/send").status == 404)
        #expect(try request(harness, "PUT", "/upload/gmail/v1/users/me/messages/send?uploadType=resumable&upload_id=nope", body: Self.message).status == 404)
    }

    @Test func theDiscoveryDocumentsResumablePathAndGooglesHostNames() throws {
        let harness = try F.harness()
        let start = try request(harness, "POST", "/resumable/upload/gmail/v1/users/me/messages/send?uploadType=resumable",
                                headers: [("Host", "gmail.googleapis.com")], body: Array("{}".utf8))
        #expect(start.status == 200)
        let location = try #require(start.headers["Location"])
        #expect(location.hasPrefix("https://gmail.googleapis.com/resumable/upload/gmail/v1/users/me/messages/send?uploadType=resumable&upload_id="))
        let done = try request(harness, "PUT", String(location.dropFirst("https://gmail.googleapis.com".count)), body: Self.message)
        #expect(done.status == 200)
    }

    @Test func contentRangeParsing() {
        #expect(ContentRange("bytes */100") == .query(total: 100))
        #expect(ContentRange("bytes */*") == .query(total: nil))
        #expect(ContentRange("bytes 0-9/100") == .chunk(first: 0, last: 9, total: 100))
        #expect(ContentRange("bytes 0-9/*") == .chunk(first: 0, last: 9, total: nil))
        for bad in ["bytes 9-0/100", "bytes -1-2/3", "items 0-1/2", "bytes 0-99999999999999999999/5", "bytes 0-1"] {
            #expect(ContentRange(bad) == nil, "\(bad)")
        }
    }
}
