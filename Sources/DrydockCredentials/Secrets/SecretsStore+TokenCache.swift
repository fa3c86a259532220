import DrydockCore
import Foundation

/// The cached access token, `google_token.json`.
extension SecretsStore {
    /// The cached token, or nil when there is none yet. Throws when the directory or the file fails
    /// validation, and when the file is not a valid token (naming the line and column for bad JSON).
    public func cachedToken() throws -> CachedToken? {
        guard let bytes = try readSecretIfPresent(Self.tokenCacheFile) else { return nil }
        let json = try parseJSON(bytes, name: Self.tokenCacheFile, expected: CachedToken.expectedFormat)
        switch CachedToken.parse(json) {
        case .success(let token): return token
        case .failure(let problem):
            throw CredentialError.invalidContents(
                path(of: Self.tokenCacheFile), problem.text, expected: CachedToken.expectedFormat)
        }
    }

    /// Replaces the cached token atomically (see ``writeAtomically(_:to:)``).
    public func writeCachedToken(_ token: CachedToken) throws {
        try writeAtomically(token.fileBytes, to: Self.tokenCacheFile)
    }
}
