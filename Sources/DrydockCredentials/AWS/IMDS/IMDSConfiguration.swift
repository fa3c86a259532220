import DrydockCore
import DrydockHTTP

/// Where and how to reach the EC2 instance metadata service, from the AWS SDKs' own settings.
///
/// Defaults follow botocore (`botocore/utils.py`, confirmed): base URL `http://169.254.169.254/`, a 1 s
/// timeout and 1 attempt per request (`AWS_METADATA_SERVICE_TIMEOUT`, `AWS_METADATA_SERVICE_NUM_ATTEMPTS`).
/// The transport takes one total timeout per request, which bounds connect and read together.
public struct IMDSConfiguration: Sendable, Equatable {
    /// The IPv4 endpoint every SDK uses by default.
    public static let defaultEndpoint = "http://169.254.169.254/"
    /// The IPv6 endpoint, chosen by `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6`.
    public static let ipv6Endpoint = "http://[fd00:ec2::254]/"

    /// Base URL, always ending in `/`.
    public var endpoint: String
    /// `AWS_EC2_METADATA_DISABLED=true`: never contact IMDS.
    public var disabled: Bool
    /// `AWS_EC2_METADATA_V1_DISABLED=true`: never fall back to token-less IMDSv1 requests.
    public var v1Disabled: Bool
    /// Per-request timeout in seconds.
    public var timeout: Double
    /// Attempts per request (botocore retries only connection errors and bad answers).
    public var attempts: Int
    /// Requested IMDSv2 session-token lifetime, seconds (botocore and the SDKs ask for 21600, 6 hours).
    public var tokenTTL: Int

    public init(
        endpoint: String = IMDSConfiguration.defaultEndpoint, disabled: Bool = false, v1Disabled: Bool = false,
        timeout: Double = 1, attempts: Int = 1, tokenTTL: Int = 21600
    ) {
        self.endpoint = endpoint.hasSuffix("/") ? endpoint : endpoint + "/"
        self.disabled = disabled
        self.v1Disabled = v1Disabled
        self.timeout = timeout
        self.attempts = max(1, attempts)
        self.tokenTTL = tokenTTL
    }

    /// Reads `AWS_EC2_METADATA_SERVICE_ENDPOINT`, `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE`,
    /// `AWS_EC2_METADATA_DISABLED`, `AWS_EC2_METADATA_V1_DISABLED`, `AWS_METADATA_SERVICE_TIMEOUT` and
    /// `AWS_METADATA_SERVICE_NUM_ATTEMPTS`. Booleans are true only for `true` in any case, as in botocore.
    public init(environment: Environment) throws {
        let endpoint: String
        if let explicit = environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"] {
            endpoint = explicit
        } else if let mode = environment["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE"] {
            switch mode.lowercased() {
            case "ipv4": endpoint = Self.defaultEndpoint
            case "ipv6": endpoint = Self.ipv6Endpoint
            default:
                throw CredentialError(
                    code: .imdsEndpointInvalid,
                    message: "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE is '\(mode)'; expected IPv4 or IPv6")
            }
        } else {
            endpoint = Self.defaultEndpoint
        }
        do {
            _ = try ParsedURL(endpoint)
        } catch {
            throw CredentialError(
                code: .imdsEndpointInvalid,
                message: "AWS_EC2_METADATA_SERVICE_ENDPOINT '\(endpoint)' is not a usable URL: \(error)")
        }
        func flag(_ name: String) -> Bool { environment[name]?.lowercased() == "true" }
        self.init(
            endpoint: endpoint,
            disabled: flag("AWS_EC2_METADATA_DISABLED"),
            v1Disabled: flag("AWS_EC2_METADATA_V1_DISABLED"),
            timeout: environment["AWS_METADATA_SERVICE_TIMEOUT"].flatMap(Double.init).flatMap { $0 > 0 ? $0 : nil } ?? 1,
            attempts: environment["AWS_METADATA_SERVICE_NUM_ATTEMPTS"].flatMap(Int.init) ?? 1)
    }

    /// The absolute URL of `path` (no leading slash) under the endpoint.
    func url(_ path: String) -> String { endpoint + path }
}
