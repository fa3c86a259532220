import DrydockCore
import DrydockCrypto
import DrydockHTTP

/// The default AWS credential chain: the environment, then the instance metadata service.
///
/// Each request asks the providers in order and uses the first with credentials. A misconfiguration
/// (half of a key pair in the environment, an unusable IMDS endpoint) stops the search at once, as
/// botocore's `PartialCredentialsError` does, and so does a fetch cut by the caller's deadline; otherwise the error lists every provider tried and why it
/// had nothing.
public struct AWSCredentialChain: AWSCredentialProvider {
    public let providers: [any AWSCredentialProvider]
    public var name: String { "chain(\(providers.map(\.name).joined(separator: ", ")))" }

    public init(providers: [any AWSCredentialProvider]) { self.providers = providers }

    /// Failures that stop the search at once: a misconfiguration, or the caller's deadline reached.
    static let endsTheSearch: [CredentialError.Code] = [.awsEnvironmentIncomplete, .imdsEndpointInvalid, .awsCredentialsDeadlineReached]

    /// Environment variables, then IMDS (configured from the same environment).
    public init(
        environment: Environment, transport: any HTTPTransport, clock: any WallClock,
        warnings: @escaping AWSCredentialWarningSink = { _ in }
    ) {
        self.init(providers: [
            EnvironmentCredentialProvider(environment: environment),
            IMDSCredentialProvider(environment: environment, transport: transport, clock: clock, warnings: warnings),
        ])
    }

    public func expiringCredentials() throws -> ExpiringAWSCredentials { try expiringCredentials(within: nil) }

    /// Each provider's network calls (IMDS) end by `deadline`; a provider cut by it ends the search.
    public func expiringCredentials(within deadline: AWSCallDeadline?) throws -> ExpiringAWSCredentials {
        var failures: [(provider: String, error: CredentialError)] = []
        for provider in providers {
            do {
                return try provider.expiringCredentials(within: deadline)
            } catch let error as CredentialError {
                if Self.endsTheSearch.contains(error.code) { throw error }
                failures.append((provider.name, error))
            }
        }
        let expired = failures.contains { $0.error.code == .awsCredentialsExpired }
        let tried = failures.map { "  - \($0.provider): \($0.error.message)" }.joined(separator: "\n")
        throw CredentialError(
            code: expired ? .awsCredentialsExpired : .awsCredentialsNotFound,
            message: "no usable AWS credentials; tried:\n\(tried)\nSet AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
                + "or run on an EC2 instance with an IAM role")
    }
}
