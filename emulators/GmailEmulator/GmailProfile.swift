import DrydockCore
import EmulatorKit
import Foundation

/// The mailbox summary `users.getProfile` reports for one account.
public struct GmailProfile: Sendable, Equatable {
    public var emailAddress: String
    public var messagesTotal: Int
    public var threadsTotal: Int
    /// Gmail sends history ids as decimal strings.
    public var historyId: String

    public init(emailAddress: String, messagesTotal: Int, threadsTotal: Int, historyId: String) {
        self.emailAddress = emailAddress
        self.messagesTotal = messagesTotal
        self.threadsTotal = threadsTotal
        self.historyId = historyId
    }

    /// What an account with no fixture gets: an empty mailbox.
    public static func empty(_ email: String) -> GmailProfile {
        GmailProfile(emailAddress: email, messagesTotal: 0, threadsTotal: 0, historyId: "1")
    }

    /// The response body, in Gmail's member order.
    var json: JSONValue {
        [
            "emailAddress": .string(emailAddress),
            "messagesTotal": .number(messagesTotal),
            "threadsTotal": .number(threadsTotal),
            "historyId": .string(historyId),
        ]
    }

    /// `<fixturesDirectory>/gmail/profiles.json`.
    public static func fixtureFile(in fixturesDirectory: String) -> String {
        (fixturesDirectory.hasSuffix("/") ? fixturesDirectory : fixturesDirectory + "/") + "gmail/profiles.json"
    }

    /// Loads `<fixturesDirectory>/gmail/profiles.json` (`{"profiles": [{"email", "messages_total",
    /// "threads_total", "history_id"}]}`); an absent file means no profiles.
    public static func load(fixturesDirectory: String) throws(FixtureError) -> [GmailProfile] {
        let path = fixtureFile(in: fixturesDirectory)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return [] }
        let document = try FixtureFile.loadJSON(path)
        guard let items = document["profiles"]?.arrayValue else {
            throw FixtureError(path: path, reason: "expected an object with a \"profiles\" array")
        }
        var profiles: [GmailProfile] = []
        for (index, item) in items.enumerated() {
            guard let email = item["email"]?.stringValue, !email.isEmpty else {
                throw FixtureError(path: path, reason: "profiles[\(index)].email: expected a non-empty string")
            }
            let messages = item["messages_total"]?.intValue ?? 0
            let threads = item["threads_total"]?.intValue ?? 0
            let history = item["history_id"]?.stringValue ?? item["history_id"]?.intValue.map(String.init) ?? "1"
            guard messages >= 0, threads >= 0, let historyValue = UInt64(history) else {
                throw FixtureError(path: path, reason: "profiles[\(index)]: totals must be non-negative and history_id a decimal string")
            }
            // Sends count the history id up from here; 2⁶³ leaves them room.
            guard historyValue <= UInt64(Int64.max) else {
                throw FixtureError(path: path, reason: "profiles[\(index)].history_id: \(history) is too large (at most \(Int64.max))")
            }
            profiles.append(GmailProfile(emailAddress: email, messagesTotal: messages, threadsTotal: threads, historyId: history))
        }
        return profiles
    }
}
