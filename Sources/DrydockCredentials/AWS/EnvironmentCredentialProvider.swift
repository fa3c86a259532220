import DrydockCore
import DrydockCrypto

/// Long-term or session credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and the optional
/// `AWS_SESSION_TOKEN`, read from the injected environment (as botocore's `EnvProvider` does).
public struct EnvironmentCredentialProvider: AWSCredentialProvider {
    public let environment: Environment
    public var name: String { "environment" }

    public init(environment: Environment) { self.environment = environment }

    /// True when the environment names at least one of the two key variables, i.e. the user meant to
    /// configure credentials here.
    public var isConfigured: Bool {
        environment["AWS_ACCESS_KEY_ID"] != nil || environment["AWS_SECRET_ACCESS_KEY"] != nil
    }

    public func expiringCredentials() throws -> ExpiringAWSCredentials {
        let keyID = environment["AWS_ACCESS_KEY_ID"]
        let secret = environment["AWS_SECRET_ACCESS_KEY"]
        switch (keyID, secret) {
        case let (keyID?, secret?):
            let credentials = AWSCredentials(
                accessKeyID: keyID, secretAccessKey: secret, sessionToken: environment["AWS_SESSION_TOKEN"])
            return ExpiringAWSCredentials(credentials: credentials, expiration: nil, source: name)
        case (nil, nil):
            throw CredentialError(
                code: .awsCredentialsNotFound,
                message: "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set")
        case (_?, nil):
            throw CredentialError(
                code: .awsEnvironmentIncomplete,
                message: "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not: set both, or neither")
        case (nil, _?):
            throw CredentialError(
                code: .awsEnvironmentIncomplete,
                message: "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not: set both, or neither")
        }
    }
}
