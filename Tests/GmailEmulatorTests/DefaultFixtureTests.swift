import DrydockCore
import DrydockFixtures
import DrydockHTTP
import DrydockTesting
import Foundation
import Testing

/// The emulator over the bundled default fixture set, through the whole edge (in-process and on a real
/// port), with a token obtained from the OAuth emulator the way production code gets one.
@Suite struct DefaultFixtureTests {
    static let fixtures = DrydockFixtures.defaultDirectory
    static let mailbox = "bookings@harbor-charters.example"

    /// The first client and its first refresh token from `oauth/clients.json` (bookings@: gmail.readonly + gmail.send).
    static func credentials() throws -> (clientID: String, secret: String, refreshToken: String) {
        let clients = try JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: fixtures + "/oauth/clients.json"))))
        let client = try #require(clients["clients"]?.arrayValue?.first)
        return (try #require(client["client_id"]?.stringValue), try #require(client["client_secret"]?.stringValue),
                try #require(client["refresh_tokens"]?.arrayValue?.first?["refresh_token"]?.stringValue))
    }

    struct Client {
        let harness: EmulatorHarness
        let token: String

        init(_ harness: EmulatorHarness) throws {
            self.harness = harness
            let (id, secret, refresh) = try DefaultFixtureTests.credentials()
            let form = FormEncoding.encode([("grant_type", "refresh_token"), ("client_id", id), ("client_secret", secret), ("refresh_token", refresh)])
            let response = try harness.transport.send(ClientRequest(
                method: "POST", url: harness.baseURL + "/token", headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Array(form.utf8)))
            token = try #require(try JSONValue.parse(response.body)["access_token"]?.stringValue)
        }

        func get(_ path: String) throws -> (status: Int, json: JSONValue) {
            let response = try harness.transport.send(ClientRequest(method: "GET", url: harness.baseURL + path, headers: ["Authorization": "Bearer " + token]))
            return (response.status, try JSONValue.parse(response.body))
        }

        func post(_ path: String, _ body: JSONValue) throws -> (status: Int, json: JSONValue) {
            let response = try harness.transport.send(ClientRequest(
                method: "POST", url: harness.baseURL + path, headers: ["Authorization": "Bearer " + token, "Content-Type": "application/json"], body: body.bytes))
            return (response.status, try JSONValue.parse(response.body))
        }
    }

    static func emlFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: fixtures + "/gmail/" + mailbox).filter { $0.hasSuffix(".eml") }.sorted()
    }

    @Test(arguments: EmulatorHarness.Mode.allCases)
    func theBookingsMailboxReadsBackExactly(mode: EmulatorHarness.Mode) throws {
        try withEmulators(mode) { harness in
            let client = try Client(harness)
            let files = try Self.emlFiles()
            let profiles = try JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: Self.fixtures + "/gmail/profiles.json"))))
            let expected = try #require(profiles["profiles"]?.arrayValue?.first { $0["email"]?.stringValue == Self.mailbox })

            let profile = try client.get("/gmail/v1/users/me/profile").json
            #expect(profile["messagesTotal"]?.intValue == files.count)
            #expect(profile["threadsTotal"] == expected["threads_total"])
            #expect(profile["historyId"] == expected["history_id"])

            // Page through everything; each id once.
            var ids: [String] = []
            var target = "/gmail/v1/users/me/messages?includeSpamTrash=true&maxResults=20"
            while true {
                let (status, page) = try client.get(target)
                #expect(status == 200)
                ids += (page["messages"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
                guard let token = page["nextPageToken"]?.stringValue else { break }
                target = "/gmail/v1/users/me/messages?includeSpamTrash=true&maxResults=20&pageToken=\(token)"
            }
            #expect(ids.count == files.count)
            #expect(Set(ids).count == files.count)

            // Every message in raw is byte-identical to one of the files.
            let contents = Set(try files.map { try Data(contentsOf: URL(fileURLWithPath: Self.fixtures + "/gmail/" + Self.mailbox + "/" + $0)) })
            for id in ids.prefix(mode == .live ? 20 : ids.count) {
                let raw = try #require(try client.get("/gmail/v1/users/me/messages/\(id)?format=raw").json["raw"]?.stringValue)
                #expect(contents.contains(Data(fromBase64url(raw) ?? [])))
                #expect(try client.get("/gmail/v1/users/me/messages/\(id)").status == 200)
            }

            let labels = try #require(try client.get("/gmail/v1/users/me/labels").json["labels"]?.arrayValue)
            #expect(labels.contains { $0["type"] == "user" })

            let sent = try client.post("/gmail/v1/users/me/messages/send", .object([("raw", .string(base64url("To: guest@example.com\r\nSubject: Test\r\n\r\nHello")))]))
            #expect(sent.status == 200)
            let id = try #require(sent.json["id"]?.stringValue)
            #expect(try client.get("/gmail/v1/users/me/messages/\(id)?format=minimal").json["snippet"] == "Hello")
            #expect(harness.journal(service: "gmail", operation: "users.messages.send").count == 1)
        }
    }
}
