import DrydockCore
import DrydockHTTP
import Foundation
@testable import GmailEmulator
import Testing

/// The new methods accept exactly the scopes Gmail's discovery document lists for them: a grant in the
/// list is past the scope check (whatever the method then answers), one outside it is 403.
@Suite struct WriteScopeTests {
    typealias F = MailboxFixture

    /// (HTTP method, path under /gmail/v1/users/me/, grants that pass, grants refused).
    static let matrix: [(String, String, [String], [String])] = [
        ("POST", "watch", ["readonly", "metadata", "modify", "full"], ["send", "labels", "compose"]),
        ("POST", "stop", ["readonly", "metadata"], ["send", "compose"]),
        ("POST", "labels", ["labels", "modify", "full"], ["readonly", "metadata", "compose"]),
        ("GET", "labels/INBOX", ["readonly", "labels", "metadata"], ["send", "compose"]),
        ("PATCH", "labels/Label_1", ["labels", "modify"], ["readonly", "metadata"]),
        ("DELETE", "labels/Label_1", ["labels"], ["readonly", "compose"]),
        ("POST", "messages/\(F.id(F.request))/modify", ["modify", "full"], ["readonly", "labels", "compose", "insert"]),
        ("POST", "messages/\(F.id(F.request))/trash", ["modify"], ["readonly", "send"]),
        ("POST", "messages/batchModify", ["modify", "full"], ["readonly", "labels"]),
        ("DELETE", "messages/\(F.id(F.request))", ["full"], ["modify", "readonly"]),
        ("POST", "messages/batchDelete", ["full"], ["modify"]),
        ("POST", "messages", ["insert", "modify", "full"], ["readonly", "send", "compose"]),
        ("POST", "messages/import", ["insert", "modify"], ["send", "compose"]),
        ("GET", "threads", ["readonly", "metadata", "modify"], ["send", "compose", "labels"]),
        ("GET", "threads/\(F.id(F.request))", ["readonly"], ["send", "compose", "labels"]),
        ("POST", "threads/\(F.id(F.request))/modify", ["modify"], ["readonly"]),
        ("DELETE", "threads/\(F.id(F.request))", ["full"], ["modify"]),
        ("GET", "drafts", ["readonly", "compose", "modify"], ["send", "labels", "metadata"]),
        ("POST", "drafts", ["compose", "modify"], ["send", "readonly", "insert"]),
        ("POST", "drafts/send", ["compose"], ["send", "readonly"]),
        ("GET", "history?startHistoryId=5000", ["readonly", "metadata"], ["send", "compose", "labels"]),
    ]

    @Test(arguments: matrix)
    func scopes(method: String, path: String, allowed: [String], refused: [String]) throws {
        let harness = try F.harness()
        for grant in allowed {
            let status = try harness.call(method, "/gmail/v1/users/me/" + path, grant: grant, body: [:]).status
            #expect(status != 403 && status != 401, "\(method) \(path) with \(grant): \(status)")
        }
        for grant in refused {
            let (status, json) = try harness.call(method, "/gmail/v1/users/me/" + path, grant: grant, body: [:])
            #expect(status == 403, "\(method) \(path) with \(grant)")
            #expect(json.errorMessage == "Request had insufficient authentication scopes.")
        }
    }
}
