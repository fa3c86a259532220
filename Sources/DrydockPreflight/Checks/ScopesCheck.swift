import DrydockConfig
import DrydockCore
import DrydockJobs
import DrydockCredentials
import DrydockHTTP

/// The scopes the access token really grants (Google's tokeninfo endpoint), against what each configured
/// job needs: a missing scope names the job that will fail.
struct ScopesCheck: PreflightCheck {
    let name = "scopes"
    let summary = "granted scopes (tokeninfo) cover what each configured job needs"

    func run(_ context: PreflightContext) -> [PreflightResult] {
        guard context.secretsUsable, case .success(let session) = context.session else {
            return [PreflightResult(name, "", .skipped, "the secrets are not usable (see the secrets check)")]
        }
        guard let token = context.accessToken else {
            return [PreflightResult(name, "", .skipped, "no valid access token (the refresh was skipped or failed)")]
        }
        let url = Self.tokenInfoURL(session: session, environment: context.environment)
        let granted: Set<String>
        do {
            let response = try context.googleTransport.send(ClientRequest(
                method: "POST", url: url, headers: ["Content-Type": "application/x-www-form-urlencoded"],
                body: Array(FormEncoding.encode([("access_token", token.accessToken)]).utf8), timeout: 20))
            let json = try? JSONValue.parse(response.body)
            guard response.status == 200, let scope = json?["scope"]?.stringValue else {
                let reason = json?["error_description"]?.stringValue ?? json?["error"]?.stringValue ?? "HTTP \(response.status)"
                return [PreflightResult(name, "tokeninfo", .fail, "POST \(url) answered \(response.status): \(reason)",
                                        fix: "run `drydock reauth --force`; if tokeninfo still rejects the token, re-consent")]
            }
            granted = Set(scope.split(separator: " ").map(String.init))
        } catch {
            return [PreflightResult(name, "tokeninfo", .fail, "POST \(url) failed: \(error)", fix: "check the host's network to \(url)")]
        }
        return context.configuration.jobScopes.map { job, needed in
            let missing = needed.filter { !JobScopes.covers(granted, $0) }
            if missing.isEmpty {
                return PreflightResult(name, job, .pass, needed.isEmpty ? "needs no scope" : "granted: \(needed.map(Self.short).joined(separator: ", "))")
            }
            return PreflightResult(
                name, job, .fail,
                "`drydock \(job)` will fail: the token lacks \(missing.map(Self.short).joined(separator: ", ")) "
                    + "(granted: \(granted.sorted().map(Self.short).joined(separator: ", ")))",
                fix: "re-consent for the mailbox with \(missing.joined(separator: " ")) added, replace refresh_token.json, "
                    + "then `drydock reauth --force` (or drop the job's scopes from the configuration if it does not run here)")
        }
    }

    /// `GOOGLE_OAUTH_TOKENINFO_URI`, else the token endpoint's sibling (`…/token` → `…/tokeninfo`, as
    /// `https://oauth2.googleapis.com/tokeninfo`).
    static func tokenInfoURL(session: GoogleSession, environment: Environment) -> String {
        if let explicit = environment["GOOGLE_OAUTH_TOKENINFO_URI"] { return explicit }
        let tokenURI = session.refresher.tokenURI(for: try? session.store.clientCredentials(environment: environment))
        if tokenURI.hasSuffix("/token") { return tokenURI + "info" }
        return "https://oauth2.googleapis.com/tokeninfo"
    }

    static func short(_ scope: String) -> String {
        scope.hasPrefix("https://www.googleapis.com/auth/") ? String(scope.dropFirst("https://www.googleapis.com/auth/".count)) : scope
    }
}
