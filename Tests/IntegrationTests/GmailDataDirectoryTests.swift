import DrydockCore
import DrydockHTTP
import DrydockTesting
import Foundation
import Testing

/// `drydock emulators serve --data-dir`: the Gmail mailboxes live in `DIR/gmail/`, and a server killed
/// with SIGKILL keeps every Gmail write it answered.
@Suite("Gmail data directory survives SIGKILL")
struct GmailDataDirectoryTests {
    struct Server {
        let process: StreamingProcess
        let gmail: String
        let token: String

        init(data: String, home: String) throws {
            process = try StreamingProcess(
                Drydock.path, ["emulators", "serve", "--port", "0", "--quiet", "--data-dir", data],
                environment: ["PATH": ServeCommandTests.path, "HOME": home])
            let ready = process.waitForOutput(1, timeout: 30) { $0.contains("# drydock emulators on ") }
            try #require(ready, "serve did not start; stderr: \(process.output(2))")
            let variables = ServeCommandTests.exports(process.output(1))
            gmail = try #require(variables["GMAIL_API_ENDPOINT"])
            // The fixture's full-access refresh token for bookings@ (scope https://mail.google.com/).
            let client = try #require(DefaultFixtures.clients.first)
            let refresh = try #require(DefaultFixtures.refreshTokens(of: client).first {
                $0["scopes"] == ["https://mail.google.com/"] && $0["revoked"] == nil
            }?["refresh_token"]?.stringValue)
            let clientID: String = client["client_id"]?.stringValue ?? ""
            let clientSecret: String = client["client_secret"]?.stringValue ?? ""
            let fields: [(String, String)] = [
                ("grant_type", "refresh_token"), ("refresh_token", refresh), ("client_id", clientID), ("client_secret", clientSecret),
            ]
            let form = FormEncoding.encode(fields)
            let answer = try HTTPClient().send(ClientRequest(
                method: "POST", url: try #require(variables["GOOGLE_OAUTH_TOKEN_URI"]),
                headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Array(form.utf8)))
            token = try #require(try JSONValue.parse(answer.body)["access_token"]?.stringValue)
        }

        func call(_ method: String, _ path: String, _ body: JSONValue? = nil) throws -> (status: Int, json: JSONValue) {
            var headers: HTTPHeaders = ["Authorization": "Bearer " + token]
            if body != nil { headers.set("Content-Type", "application/json") }
            let response = try HTTPClient().send(ClientRequest(method: method, url: gmail + "/gmail/v1/users/me/" + path, headers: headers, body: body?.bytes ?? []))
            return (response.status, response.body.isEmpty ? .null : try JSONValue.parse(response.body))
        }
    }

    @Test(.timeLimit(.minutes(2))) func aKilledServerKeepsEveryAnsweredGmailWrite() throws {
        let scratch = try TemporaryDirectory("gmail-crash")
        defer { scratch.remove() }
        let data = scratch.appending("data")
        var labelID = "", messageID = "", sentID = "", historyId = ""
        do {
            let server = try Server(data: data, home: scratch.path)
            defer { server.process.terminate() }
            historyId = try #require(server.call("GET", "profile").json["historyId"]?.stringValue)
            labelID = try #require(server.call("POST", "labels", ["name": "Processed"]).json["id"]?.stringValue)
            messageID = try #require(server.call("GET", "messages?labelIds=INBOX&maxResults=1").json["messages"]?.arrayValue?.first?["id"]?.stringValue)
            #expect(try server.call("POST", "messages/\(messageID)/modify", ["addLabelIds": .array([.string(labelID)]), "removeLabelIds": ["UNREAD"]]).status == 200)
            let raw = Data("To: captain@harbor-charters.example\r\nSubject: Kept\r\n\r\nAfter a crash.".utf8).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            sentID = try #require(server.call("POST", "messages/send", ["raw": .string(raw)]).json["id"]?.stringValue)
            server.process.signal(SIGKILL)
            _ = server.process.wait(timeout: 10)
        }
        #expect(FileManager.default.fileExists(atPath: data + "/gmail/generation-000000.wal"))
        let server = try Server(data: data, home: scratch.path)
        defer { server.process.terminate() }
        #expect(try server.call("GET", "labels/\(labelID)").json["name"] == "Processed")
        let message = try server.call("GET", "messages/\(messageID)?format=minimal").json
        #expect(message["labelIds"]?.arrayValue?.contains(.string(labelID)) == true)
        #expect(message["labelIds"]?.arrayValue?.contains("UNREAD") == false)
        #expect(try server.call("GET", "messages/\(sentID)?format=minimal").json["snippet"] == "After a crash.")
        let history = try server.call("GET", "history?startHistoryId=\(historyId)").json
        #expect(history["history"]?.arrayValue?.count == 2)
    }
}
