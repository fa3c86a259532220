import DrydockCore
import DrydockHTTP
import DrydockTesting
import EmulatorKit
import Foundation
@testable import GmailEmulator
import GoogleOAuthEmulator

/// A Gmail emulator over mailboxes written to a temporary fixture directory, with an OAuth authority
/// that issues real bearer tokens for a handful of scope sets, on a manual clock. No sockets.
final class GmailTestHarness {
    static let owner = "owner@harbor.example"
    static let other = "other@harbor.example"

    let directory: TemporaryDirectory
    let clock: VirtualClock
    let authority: GoogleTokenAuthority
    let gmail: GmailEmulator
    private let client: OAuthClient

    /// Refresh tokens by name: each grants the listed scopes to `owner` (or `other`).
    static let grants: [String: (email: String, scopes: [String])] = [
        "readonly": (owner, [Scope.readonly]),
        "modify": (owner, [Scope.modify]),
        "full": (owner, [Scope.full]),
        "metadata": (owner, [Scope.metadata]),
        "metadata+readonly": (owner, [Scope.metadata, Scope.readonly]),
        "send": (owner, [Scope.send]),
        "labels": (owner, [Scope.labels]),
        "compose": (owner, [Scope.compose]),
        "insert": (owner, [Scope.insert]),
        "sheets": (owner, ["https://www.googleapis.com/auth/spreadsheets.readonly"]),
        "other-readonly": (other, [Scope.readonly, Scope.send]),
    ]

    /// - Parameters:
    ///   - mailboxes: address → (file name → message text); `\n` becomes CRLF unless `lf`.
    ///   - labels: address → labels.json text.
    ///   - profiles: profiles.json text.
    init(mailboxes: [String: [String: String]] = [:], labels: [String: String] = [:], profiles: String? = nil,
         lf: Bool = false, inlineLimit: Int = GmailEmulator.defaultInlineLimit,
         mailboxQuotaBytes: Int = GmailEmulator.defaultMailboxQuotaBytes, dataDirectory: String? = nil,
         textIndexWait: TimeInterval = 120, beforeTextBatch: (@Sendable (String, Int) -> Void)? = nil) throws {
        directory = try TemporaryDirectory("gmail-emulator")
        let gmailDirectory = directory.appending("gmail")
        try FileManager.default.createDirectory(atPath: gmailDirectory, withIntermediateDirectories: true)
        for (address, files) in mailboxes {
            let box = gmailDirectory + "/" + address
            try FileManager.default.createDirectory(atPath: box, withIntermediateDirectories: true)
            for (name, text) in files {
                let body = lf ? text : text.replacingOccurrences(of: "\n", with: "\r\n")
                try Data(body.utf8).write(to: URL(fileURLWithPath: box + "/" + name))
            }
        }
        for (address, text) in labels {
            try Data(text.utf8).write(to: URL(fileURLWithPath: gmailDirectory + "/" + address + "/labels.json"))
        }
        if let profiles { try Data(profiles.utf8).write(to: URL(fileURLWithPath: gmailDirectory + "/profiles.json")) }

        clock = VirtualClock(base: ManualClock(now: Date(timeIntervalSince1970: 1_800_000_000)))
        client = OAuthClient(
            clientID: "987654321-gmailtests.apps.googleusercontent.com", clientSecret: "GOCSPX-test",
            refreshTokens: Self.grants.sorted { $0.key < $1.key }.map { name, grant in
                RefreshTokenRecord(token: "1//0test-" + name, email: grant.email, scopes: grant.scopes, issuedAt: Date(timeIntervalSince1970: 1_799_000_000))
            })
        authority = GoogleTokenAuthority(fixtures: OAuthFixtureSet(clients: [client]), clock: clock, tokenGenerator: .seeded(7))
        if textIndexWait != 120 || beforeTextBatch != nil {
            // The background text indexer observed or held (`GmailEmulator+TextIndex.swift`).
            let profiles = try GmailProfile.load(fixturesDirectory: directory.path)
            let byEmail = Dictionary(profiles.map { ($0.emailAddress.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
            gmail = GmailEmulator(
                authority: authority, profiles: profiles, mailboxes: try MailboxLoader.loadAll(fixturesDirectory: directory.path, profiles: byEmail),
                inlineLimit: inlineLimit, mailboxQuotaBytes: mailboxQuotaBytes, textIndexWait: textIndexWait, beforeTextBatch: beforeTextBatch)
        } else if let dataDirectory {
            gmail = try GmailEmulator(fixturesDirectory: directory.path, authority: authority, dataDirectory: dataDirectory,
                                      inlineLimit: inlineLimit, mailboxQuotaBytes: mailboxQuotaBytes)
        } else {
            gmail = try GmailEmulator(fixturesDirectory: directory.path, authority: authority, inlineLimit: inlineLimit,
                                      mailboxQuotaBytes: mailboxQuotaBytes)
        }
    }

    /// Another emulator over the same fixtures, authority and data directory: a restart.
    func restarted(dataDirectory: String, compactionThreshold: Int = 16 << 20) throws -> GmailEmulator {
        try GmailEmulator(fixturesDirectory: directory.path, authority: authority, dataDirectory: dataDirectory,
                          compactionThreshold: compactionThreshold)
    }

    /// Any request with the named grant and a JSON body; the answer parsed as JSON (`null` for an
    /// empty body).
    func call(_ method: String, _ target: String, grant: String = "modify", body: JSONValue? = nil,
              to emulator: GmailEmulator? = nil) throws -> (status: Int, json: JSONValue) {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        headers.set("Authorization", "Bearer " + (try token(grant)))
        let response = (emulator ?? gmail).handle(HTTPRequest(method: method, target: target, headers: headers, body: body?.bytes ?? []))
        return (response.status, response.body.isEmpty ? .null : try JSONValue.parse(response.body))
    }

    deinit { directory.remove() }

    /// A fresh access token for the named grant (see `grants`).
    func token(_ name: String = "readonly") throws -> String {
        try authority.refresh("1//0test-" + name, client: client).get().grant.accessToken
    }

    func get(_ target: String, token: String?) -> HTTPResponse {
        var headers: HTTPHeaders = [:]
        if let token { headers.set("Authorization", "Bearer " + token) }
        return gmail.handle(HTTPRequest(method: "GET", target: target, headers: headers))
    }

    func post(_ target: String, token: String?, body: [UInt8], contentType: String = "application/json") -> HTTPResponse {
        var headers: HTTPHeaders = ["Content-Type": contentType]
        if let token { headers.set("Authorization", "Bearer " + token) }
        return gmail.handle(HTTPRequest(method: "POST", target: target, headers: headers, body: body))
    }

    /// `GET` with the named grant, parsed as JSON (throws on a non-JSON body).
    func getJSON(_ target: String, grant: String = "readonly") throws -> (status: Int, json: JSONValue) {
        let response = get(target, token: try token(grant))
        return (response.status, try JSONValue.parse(response.body))
    }

    /// Sends `message` through `users.messages.send` as JSON `{"raw": …}`.
    func send(_ message: String, threadId: String? = nil, grant: String = "send") throws -> (status: Int, json: JSONValue) {
        var members: [(String, JSONValue)] = [("raw", .string(base64url(message.replacingOccurrences(of: "\n", with: "\r\n"))))]
        if let threadId { members.append(("threadId", .string(threadId))) }
        let response = post("/gmail/v1/users/me/messages/send", token: try token(grant), body: JSONValue.object(members).bytes)
        return (response.status, try JSONValue.parse(response.body))
    }
}

enum Scope {
    static let full = "https://mail.google.com/"
    static let modify = "https://www.googleapis.com/auth/gmail.modify"
    static let compose = "https://www.googleapis.com/auth/gmail.compose"
    static let readonly = "https://www.googleapis.com/auth/gmail.readonly"
    static let metadata = "https://www.googleapis.com/auth/gmail.metadata"
    static let send = "https://www.googleapis.com/auth/gmail.send"
    static let labels = "https://www.googleapis.com/auth/gmail.labels"
    static let insert = "https://www.googleapis.com/auth/gmail.insert"
}

/// Base64url with padding, as Gmail writes it.
func base64url(_ text: String) -> String { base64url(Array(text.utf8)) }

func base64url(_ bytes: [UInt8]) -> String {
    Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
}

/// Decodes Gmail's base64url (padded or not).
func fromBase64url(_ text: String) -> [UInt8]? {
    var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    while standard.count % 4 != 0 { standard += "=" }
    return Data(base64Encoded: standard).map(Array.init)
}

extension JSONValue {
    /// The error message of a Google error body.
    var errorMessage: String? { self["error"]?["message"]?.stringValue }
    var errorReason: String? { self["error"]?["errors"]?.arrayValue?.first?["reason"]?.stringValue }
}
