import DrydockCore
import DrydockCredentials
import DrydockJobs
import DrydockServices
import Foundation

/// With `token_store: secretsmanager`: the token secret is readable (and what it holds), the role may
/// write the lease item, and the credentials secret (if any) is usable — without refreshing or writing.
struct SharedTokenCheck: PreflightCheck {
    let name = "token-store"
    let summary = "token_store secretsmanager: the token secret is readable, the lease table writable, the credentials secret usable"

    func run(_ context: PreflightContext) -> [PreflightResult] {
        guard case .success(let session) = context.session else {
            return [PreflightResult(name, "shared", .skipped, "no Google session (see the secrets check)")]
        }
        guard let store = session.refresher.tokenStore as? SecretsManagerTokenStore else {
            return [PreflightResult(name, "shared", .skipped, "token_store is file: this host's cache only")]
        }
        let inspection = store.inspect()
        let settings = store.settings
        var results: [PreflightResult] = []
        let secret = "secret \(settings.secretID)"
        switch inspection.token {
        case .success(nil):
            results.append(PreflightResult(name, secret, .warn, "readable in \(settings.region), no token stored yet",
                                           fix: "nothing: the first refresh on any host stores one (or run `drydock reauth`)"))
        case .success(let state?):
            let now = context.clock.now()
            let expiresIn = state.token.expiresIn(at: now)
            let by = state.refreshedBy.map { " by \($0)" } ?? ""
            let evidence = "AWSCURRENT refreshed\(by) at \(RFC3339.string(from: state.token.refreshedAt)), "
                + (expiresIn > 0 ? "expires in \(TokenCacheCheck.duration(expiresIn))" : "expired \(TokenCacheCheck.duration(-expiresIn)) ago")
            results.append(PreflightResult(name, secret, .pass, evidence))
        case .failure(let error):
            results.append(PreflightResult(name, secret, .fail, error.message, fix: "see the message"))
        }
        let table = "lease table \(settings.lockTable)"
        switch inspection.lease {
        case .success(let lease):
            var evidence = "UpdateItem allowed in \(settings.region) (probed with a condition that never holds; nothing written); fence \(lease.fence)"
            if let holder = lease.holder, let until = lease.until {
                evidence += "; held by \(holder) until \(RFC3339.string(from: until))"
            }
            results.append(PreflightResult(name, table, .pass, evidence))
        case .failure(let error):
            results.append(PreflightResult(name, table, .fail, error.message, fix: "see the message"))
        }
        if let credentials = inspection.credentials, let id = settings.credentialsSecretID {
            switch credentials {
            case .success(let clientID):
                results.append(PreflightResult(name, "secret \(id)", .pass, "refresh token and OAuth client \(clientID)"))
            case .failure(let error):
                results.append(PreflightResult(name, "secret \(id)", .fail, error.message, fix: "see the message"))
            }
        }
        return results
    }
}
