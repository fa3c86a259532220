import DrydockCore

extension CredentialError.Code {
    // MARK: AWS credentials

    /// No provider in the AWS credential chain had credentials (EX_CONFIG).
    public static let awsCredentialsNotFound = CredentialError.Code("aws-credentials-not-found", .configuration)
    /// `AWS_ACCESS_KEY_ID` is set without `AWS_SECRET_ACCESS_KEY`, or the reverse (EX_CONFIG).
    public static let awsEnvironmentIncomplete = CredentialError.Code("aws-environment-incomplete", .configuration)
    /// IMDS is switched off (`AWS_EC2_METADATA_DISABLED=true`), or IMDSv1 is needed but
    /// `AWS_EC2_METADATA_V1_DISABLED=true` forbids it (EX_CONFIG).
    public static let imdsDisabled = CredentialError.Code("imds-disabled", .configuration)
    /// The metadata endpoint setting is not a usable http(s) URL (EX_CONFIG).
    public static let imdsEndpointInvalid = CredentialError.Code("imds-endpoint-invalid", .configuration)
    /// The instance has no IAM role attached (IMDS lists none, or answers 404) (EX_CONFIG).
    public static let imdsNoRole = CredentialError.Code("imds-no-role", .configuration)
    /// IMDS could not be reached, timed out, or answered with an error status (EX_TEMPFAIL).
    public static let imdsUnavailable = CredentialError.Code("imds-unavailable", .transient)
    /// IMDS answered 200 with a body that is not a credential document, or with an error document
    /// (EX_TEMPFAIL: the service misbehaved).
    public static let imdsInvalidResponse = CredentialError.Code("imds-invalid-response", .transient)
    /// A credential fetch (IMDS) was cut by the caller's deadline (``AWSCallDeadline``): a request was not
    /// sent, or its answer not awaited, because the deadline was reached (EX_TEMPFAIL). The chain stops at
    /// it: no time is left to ask another provider.
    public static let awsCredentialsDeadlineReached = CredentialError.Code("aws-credentials-deadline-reached", .transient)
    /// The only credentials available have expired and could not be refreshed (EX_TEMPFAIL).
    public static let awsCredentialsExpired = CredentialError.Code("aws-credentials-expired", .transient)
}
