import DrydockCore
import DrydockJobs
import DrydockCredentials

/// The cached access token (`google_token.json`): present, how long it lives, when it was refreshed.
struct TokenCacheCheck: PreflightCheck {
    let name = "token"
    let summary = "cached token: present, expires in, refreshed at"

    func run(_ context: PreflightContext) -> [PreflightResult] {
        guard case .success(let session) = context.session else {
            return [PreflightResult(name, "cache", .skipped, "no secrets directory")]
        }
        let status = session.refresher.cacheStatus()
        if let problem = status.problem {
            return [PreflightResult(name, "cache", .fail, problem.message, fix: SecretsCheck.fix(for: problem.code))]
        }
        guard let token = status.token, let expiresIn = status.expiresIn else {
            return [PreflightResult(name, "cache", .warn, "no cached token at \(status.path)", fix: "run `drydock reauth` once as the job's user")]
        }
        let now = context.clock.now()
        let refreshed = "refreshed at \(RFC3339.string(from: token.refreshedAt)) (\(Self.duration(token.age(at: now))) ago)"
        if expiresIn <= 0 {
            return [PreflightResult(name, "cache", .warn, "expired \(Self.duration(-expiresIn)) ago; \(refreshed)",
                                    fix: "nothing if the live refresh passes: the next job refreshes it (or run `drydock reauth`)")]
        }
        context.accessToken = token
        let evidence = "expires in \(Self.duration(expiresIn)); \(refreshed)"
        if expiresIn < Double(context.configuration.tokenMinimumSeconds.value) {
            return [PreflightResult(name, "cache", .warn, evidence, fix: "nothing if the live refresh passes: the next job refreshes it")]
        }
        return [PreflightResult(name, "cache", .pass, evidence)]
    }

    /// `42 s`, `12 min`, `3 h 5 min`, `2 d`.
    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded(.down))
        if s < 120 { return "\(s) s" }
        if s < 7200 { return "\(s / 60) min" }
        if s < 172_800 { return "\(s / 3600) h \(s % 3600 / 60) min" }
        return "\(s / 86_400) d"
    }
}
