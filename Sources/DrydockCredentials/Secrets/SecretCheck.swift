import DrydockCore

/// One line of a secrets check for `drydock diag`: a secret, and what is wrong with it if anything.
public struct SecretCheck: Sendable, CustomStringConvertible {
    /// What was checked: `secrets directory`, `refresh token`, `OAuth client`.
    public let name: String
    /// Where it lives (or the environment variables it came from).
    public let location: String
    /// Nil when the secret is present and passes every check.
    public let problem: CredentialError?

    public var isOK: Bool { problem == nil }

    public var description: String {
        if let problem { return "\(name): \(problem.message)" }
        return "\(name): ok (\(location))"
    }
}

extension SecretsStore {
    /// Checks the directory, the refresh token and the OAuth client without revealing any value. The
    /// token cache has its own report, ``inspectTokenCache(now:threshold:)``.
    public func checkSecrets(environment: Environment) -> [SecretCheck] {
        func check(_ name: String, _ location: String, _ body: () throws -> Void) -> SecretCheck {
            do {
                try body()
                return SecretCheck(name: name, location: location, problem: nil)
            } catch {
                let problem = (error as? CredentialError)
                    ?? CredentialError.fileSystem("check \(location)", error, path: location)
                return SecretCheck(name: name, location: location, problem: problem)
            }
        }
        var checks = [check("secrets directory", directory) { try validateDirectory() }]
        guard checks[0].isOK else { return checks }
        checks.append(check("refresh token", path(of: Self.refreshTokenFile)) { _ = try refreshToken() })
        var clientLocation = path(of: Self.clientCredentialsFile)
        if environment["GOOGLE_CLIENT_ID"] != nil, environment["GOOGLE_CLIENT_SECRET"] != nil {
            clientLocation = ClientCredentials.Source.environment.description
        }
        checks.append(check("OAuth client", clientLocation) { _ = try clientCredentials(environment: environment) })
        return checks
    }
}
