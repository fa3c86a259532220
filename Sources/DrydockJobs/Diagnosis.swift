import DrydockCore
import DrydockCredentials
import DrydockServices
import Foundation

/// `drydock diag`: the state of every link in the Google chain, checked in order, without revealing a
/// secret. Each check is `ok`, `warn` or `fail`; any `fail` makes the command exit non-zero.
public struct Diagnosis: Sendable {
    /// One line of the report.
    public struct Check: Sendable, Equatable {
        public enum Outcome: String, Sendable { case ok, warn, fail, skipped }
        public let name: String
        public let outcome: Outcome
        public let detail: String
        /// Extra machine-readable fields for `--json`.
        public let fields: [(String, JSONValue)]

        public init(_ name: String, _ outcome: Outcome, _ detail: String, fields: [(String, JSONValue)] = []) {
            self.name = name
            self.outcome = outcome
            self.detail = detail
            self.fields = fields
        }

        public static func == (lhs: Check, rhs: Check) -> Bool {
            lhs.name == rhs.name && lhs.outcome == rhs.outcome && lhs.detail == rhs.detail
        }
    }

    public let checks: [Check]

    /// Whether every check passed (warnings allowed).
    public var healthy: Bool { !checks.contains { $0.outcome == .fail } }

    /// Runs the checks. With `refresh`, forces a live refresh through the single-flight path first.
    public static func run(session: GoogleSession, refresh: Bool) -> Diagnosis {
        var checks: [Check] = []
        let secretChecks = session.store.checkSecrets(environment: session.environment)
        for secret in secretChecks {
            checks.append(Check(
                secret.name, secret.isOK ? .ok : .fail, secret.isOK ? secret.location : secret.problem?.message ?? "",
                fields: [("path", .string(secret.location))]))
        }
        let secretsUsable = secretChecks.allSatisfy(\.isOK)

        let status = session.refresher.cacheStatus()
        checks.append(tokenCacheCheck(status))

        if refresh {
            if secretsUsable {
                do {
                    let outcome = try session.refresher.refresh(rejecting: nil, force: true)
                    let expiresIn = outcome.token.expiresIn(at: session.clock.now())
                    checks.append(Check(
                        "live refresh", .ok, "new token expires in \(Int(expiresIn)) s",
                        fields: [("expiresAt", .string(RFC3339.string(from: outcome.token.expiresAt)))]))
                } catch {
                    checks.append(Check("live refresh", .fail, "\(error)"))
                }
            } else {
                checks.append(Check("live refresh", .skipped, "secrets are not usable"))
            }
        }

        if secretsUsable {
            do {
                let profile = try session.gmail.profile()
                checks.append(Check(
                    "gmail", .ok, "getProfile answered for \(profile.emailAddress) (\(profile.messagesTotal) messages)",
                    fields: [("emailAddress", .string(profile.emailAddress)), ("messagesTotal", .number(profile.messagesTotal))]))
            } catch {
                checks.append(Check("gmail", .fail, "\(error)"))
            }
        } else {
            checks.append(Check("gmail", .skipped, "secrets are not usable"))
        }
        return Diagnosis(checks: checks)
    }

    static func tokenCacheCheck(_ status: TokenCacheStatus) -> Check {
        var fields: [(String, JSONValue)] = [
            ("path", .string(status.path)), ("present", .bool(status.present)),
            ("permissionsOK", .bool(status.permissionsOK)),
        ]
        if let problem = status.problem { return Check("token cache", .fail, problem.message, fields: fields) }
        guard let token = status.token, let expiresIn = status.expiresIn else {
            return Check("token cache", .warn, "no cached token yet; the next job refreshes", fields: fields)
        }
        fields += [
            ("expiresAt", .string(RFC3339.string(from: token.expiresAt))),
            ("expiresInSeconds", .number(Int(expiresIn.rounded(.down)))),
            ("scopes", .array(token.scopes.map { .string($0) })),
            ("needsRefresh", .bool(status.needsRefresh)),
        ]
        let life = expiresIn > 0 ? "expires in \(Int(expiresIn)) s" : "expired \(Int(-expiresIn)) s ago"
        return Check(
            "token cache", status.needsRefresh ? .warn : .ok,
            "\(life); scopes: \(token.scope.isEmpty ? "none recorded" : token.scope)", fields: fields)
    }

    /// The report for people: one aligned line per check.
    public var text: String {
        let width = checks.map(\.name.count).max() ?? 0
        var lines = checks.map { check in
            "\(check.outcome.rawValue.uppercased().padding(toLength: 5, withPad: " ", startingAt: 0)) "
                + check.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + check.detail
        }
        lines.append(healthy ? "all checks passed" : "problems found")
        return lines.joined(separator: "\n")
    }

    /// The report for machines: `{"healthy": bool, "checks": [{"name", "outcome", "detail", …}]}`.
    public var json: JSONValue {
        .object([
            ("healthy", .bool(healthy)),
            ("checks", .array(checks.map { check in
                .object([("name", .string(check.name)), ("outcome", .string(check.outcome.rawValue)),
                         ("detail", .string(check.detail))] + check.fields)
            })),
        ])
    }
}
