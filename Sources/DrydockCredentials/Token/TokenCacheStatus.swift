import DrydockCore
import Foundation

/// A read-only look at the token cache for `drydock diag` and `drydock reauth`: never refreshes, never
/// writes, never takes the lock, and never shows the token.
public struct TokenCacheStatus: Sendable, CustomStringConvertible {
    /// `<secrets dir>/google_token.json`.
    public let path: String
    /// Whether the file exists (even if it fails validation).
    public let present: Bool
    /// Why the cache cannot be used, if it cannot: a permission, ownership, file-type or JSON problem.
    public let problem: CredentialError?
    /// The cached token, when it could be read.
    public let token: CachedToken?
    /// Seconds until the token expires (negative once expired).
    public let expiresIn: Double?
    /// Whether the next ``TokenRefresher/currentToken()`` would refresh.
    public let needsRefresh: Bool

    /// False when the directory or file fails the ownership, mode or file-type checks.
    public var permissionsOK: Bool {
        guard let problem else { return true }
        return ![.insecureMode, .wrongOwner, .wrongFileType, .secretsDirectoryMissing].contains(problem.code)
    }

    /// The granted scopes.
    public var scopes: [String] { token?.scopes ?? [] }

    public var description: String {
        if let problem { return "token cache \(path): \(problem.message)" }
        guard let token, let expiresIn else { return "token cache \(path): no token yet (the next job refreshes)" }
        let life = expiresIn > 0
            ? "expires in \(CredentialError.seconds(expiresIn)) (\(RFC3339.string(from: token.expiresAt)))"
            : "expired \(CredentialError.seconds(-expiresIn)) ago"
        let scopes = token.scope.isEmpty ? "no scopes recorded" : "scopes: \(token.scope)"
        return "token cache \(path): \(life); \(scopes)" + (needsRefresh ? "; will refresh on next use" : "")
    }
}

extension SecretsStore {
    /// Inspects the cache at `now`; `threshold` is the proactive-refresh threshold.
    public func inspectTokenCache(now: Date, threshold: Double) -> TokenCacheStatus {
        let path = path(of: Self.tokenCacheFile)
        let present = (try? POSIXFile.lstatus(path)) != nil
        do {
            let token = try cachedToken()
            return TokenCacheStatus(
                path: path, present: present, problem: nil, token: token, expiresIn: token?.expiresIn(at: now),
                needsRefresh: !(token?.isUsable(at: now, threshold: threshold) ?? false))
        } catch {
            let problem = (error as? CredentialError) ?? CredentialError.fileSystem("read \(path)", error, path: path)
            return TokenCacheStatus(
                path: path, present: present, problem: problem, token: nil, expiresIn: nil, needsRefresh: true)
        }
    }
}

extension TokenRefresher {
    /// The cache as ``currentToken()`` would see it now.
    public func cacheStatus() -> TokenCacheStatus {
        store.inspectTokenCache(now: clock.now(), threshold: configuration.refreshThreshold)
    }
}
