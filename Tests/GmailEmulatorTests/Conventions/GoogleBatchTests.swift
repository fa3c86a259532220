import DrydockCore
import DrydockHTTP
@testable import GmailEmulator
import GoogleOAuthEmulator
import Testing

/// Google's batch endpoint around the Gmail emulator: multipart/mixed in, multipart/mixed out.
@Suite struct GoogleBatchTests {
    static let owner = GmailTestHarness.owner

    func harness() throws -> (GmailTestHarness, GoogleAPIEmulator) {
        let files = ["m1.eml": MailFixtures.plain(subject: "One", date: "Mon, 01 Jun 2026 08:00:00 +0000", body: "one")]
        let harness = try GmailTestHarness(mailboxes: [Self.owner: files])
        return (harness, harness.gmail.withGoogleConventions())
    }

    /// A batch body as google-api-python-client writes it (LF line ends, `<base + n>` Content-IDs).
    func batchBody(_ requests: [String], boundary: String = "===============7330845974216740156==") -> [UInt8] {
        var text = ""
        for (index, inner) in requests.enumerated() {
            text += "--\(boundary)\nContent-Type: application/http\nContent-Transfer-Encoding: binary\nContent-ID: <b29c5de2 + \(index + 1)>\n\n\(inner)\n"
        }
        text += "--\(boundary)--"
        return Array(text.utf8)
    }

    func post(_ api: GoogleAPIEmulator, _ body: [UInt8], token: String?, path: String = "/batch/gmail/v1",
              contentType: String = "multipart/mixed; boundary=\"===============7330845974216740156==\"") -> HTTPResponse {
        var headers: HTTPHeaders = ["Content-Type": contentType]
        if let token { headers.set("Authorization", "Bearer " + token) }
        return api.handle(HTTPRequest(method: "POST", target: path, headers: headers, body: body))
    }

    /// (Content-ID, status, body) of each part of a batch answer.
    func parts(_ response: HTTPResponse) throws -> [(id: String, status: Int, body: String)] {
        let contentType = try #require(response.headers["Content-Type"])
        let boundary = try #require(contentType.split(separator: "=").last.map(String.init))
        let text = response.bodyText
        #expect(text.hasSuffix("--\(boundary)--\r\n"))
        return try text.components(separatedBy: "--\(boundary)").dropFirst().dropLast().map { part in
            let sections = part.components(separatedBy: "\r\n\r\n")
            let id = try #require(sections[0].components(separatedBy: "\r\n").first { $0.hasPrefix("Content-ID: ") }).dropFirst(12)
            let status = try #require(Int(sections[1].split(separator: " ")[1]))
            return (String(id), status, sections[2...].joined(separator: "\r\n\r\n").trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    @Test func answersEachPartInOrderWithResponseContentIDs() throws {
        let (harness, api) = try harness()
        let body = batchBody([
            "GET /gmail/v1/users/me/profile?fields=emailAddress&alt=json HTTP/1.1\nHost: gmail.googleapis.com\naccept-encoding: gzip, deflate\nuser-agent: (gzip)\n",
            "GET /gmail/v1/users/me/messages/0123456789abcdef HTTP/1.1\n",
            "GET /gmail/v1/users/me/nowhere HTTP/1.1\n",
            "GET /gmail/v1/users/me/labels?bogus=1 HTTP/1.1\n",
        ])
        let response = post(api, body, token: try harness.token())
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"]?.hasPrefix("multipart/mixed; boundary=batch_") == true)
        let answers = try parts(response)
        #expect(answers.map(\.id) == (1...4).map { "<response-b29c5de2 + \($0)>" })
        #expect(answers.map(\.status) == [200, 404, 404, 400])
        #expect(try JSONValue.parse(answers[0].body) == ["emailAddress": .string(Self.owner)])
        #expect(answers[2].body.contains("<!DOCTYPE html>"))
        #expect(answers[3].body.contains("Cannot bind query parameter"))
    }

    @Test func innerAuthorizationOverridesTheOuter() throws {
        let (harness, api) = try harness()
        let token = try harness.token()
        let body = batchBody([
            "GET /gmail/v1/users/me/profile HTTP/1.1\n",
            "GET /gmail/v1/users/me/profile HTTP/1.1\nAuthorization: Bearer ya29.not-issued\n",
        ])
        #expect(try parts(post(api, body, token: token)).map(\.status) == [200, 401])
        let innerOnly = batchBody(["GET /gmail/v1/users/me/profile HTTP/1.1\nAuthorization: Bearer \(token)\n"])
        #expect(try parts(post(api, innerOnly, token: nil)).map(\.status) == [200])
    }

    @Test func moreThan100CallsIsGmails400() throws {
        let (harness, api) = try harness()
        let body = batchBody(Array(repeating: "GET /gmail/v1/users/me/profile HTTP/1.1\n", count: 101))
        let response = post(api, body, token: try harness.token())
        #expect(response.status == 400)
        #expect(try JSONValue.parse(response.body)["error"]?["message"] == "Inner request count exceeds the limit. Received: 101, Limit: 100")
        let hundred = batchBody(Array(repeating: "GET /gmail/v1/users/me/profile HTTP/1.1\n", count: 100))
        #expect(try parts(post(api, hundred, token: try harness.token())).count == 100)
    }

    @Test(arguments: [
        ("not multipart", "application/json"),
        ("--x\nContent-Type: application/http\n\nGET /gmail/v1/users/me/profile HTTP/1.1\n", "multipart/mixed; boundary=x"),
        ("--x\nContent-Type: application/http\n\nhello world\n--x--", "multipart/mixed; boundary=x"),
        ("--x--", "multipart/mixed; boundary=x"),
        ("--x\n\nGET /gmail/v1/users/me/profile HTTP/1.1\n--x--", "multipart/mixed"),
    ])
    func malformedBatchesAre400(_ text: String, _ contentType: String) throws {
        let (harness, api) = try harness()
        let response = post(api, Array(text.utf8), token: try harness.token(), contentType: contentType)
        #expect(response.status == 400)
        #expect(try JSONValue.parse(response.body)["error"]?["message"]?.stringValue?.hasPrefix("Failed to parse batch request: ") == true)
    }

    @Test func bareBatchPathGoesToTheAPIOfItsFirstPart() throws {
        let (harness, api) = try harness()
        let body = batchBody(["POST /gmail/v1/users/me/messages/send HTTP/1.1\nContent-Type: application/json\nContent-Length: 2\n\n{}"])
        let request = HTTPRequest(method: "POST", target: "/batch", headers: ["Content-Type": "multipart/mixed; boundary=\"===============7330845974216740156==\""], body: body)
        #expect(api.claims(request))
        #expect(api.operation(for: request) == "batch")
        let elsewhere = HTTPRequest(method: "POST", target: "/batch", headers: ["Host": "sheets.googleapis.com"], body: body)
        #expect(!api.claims(elsewhere))
        let answers = try parts(post(api, body, token: try harness.token("send"), path: "/batch"))
        #expect(answers.map(\.status) == [400])  // an empty message: Gmail's own 400, through the batch
    }
}
