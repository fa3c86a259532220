import Foundation

/// The emulated EC2 instance: its identity, its role, how its role credentials rotate and whether
/// IMDSv1 (requests without a session token) is allowed. Loaded from `<fixtures>/imds/instance.json`.
public struct IMDSInstance: Sendable, Equatable {
    public var instanceID: String
    public var instanceType: String
    public var amiID: String
    public var region: String
    public var availabilityZone: String
    public var localIPv4: String
    public var hostname: String
    public var architecture: String
    /// The instance profile's role; nil serves an instance without one (no `iam/` directory).
    public var role: String?
    public var accountID: String
    /// How long each issued key set is valid.
    public var credentialLifetime: TimeInterval
    /// How long before a key set's expiration the next one is issued.
    public var rotationBeforeExpiry: TimeInterval
    /// Whether GETs without `X-aws-ec2-metadata-token` are answered (IMDSv1); false requires IMDSv2.
    public var imdsV1Allowed: Bool

    public init(
        instanceID: String = "i-0a1b2c3d4e5f67890", instanceType: String = "t3.small",
        amiID: String = "ami-0c02fb55956c7d316", region: String = "us-east-1", availabilityZone: String = "us-east-1a",
        localIPv4: String = "10.0.1.25", hostname: String = "ip-10-0-1-25.ec2.internal", architecture: String = "x86_64",
        role: String? = "drydock-ops-host", accountID: String = "123456789012",
        credentialLifetime: TimeInterval = 21_600, rotationBeforeExpiry: TimeInterval = 3_600, imdsV1Allowed: Bool = false
    ) {
        self.instanceID = instanceID
        self.instanceType = instanceType
        self.amiID = amiID
        self.region = region
        self.availabilityZone = availabilityZone
        self.localIPv4 = localIPv4
        self.hostname = hostname
        self.architecture = architecture
        self.role = role
        self.accountID = accountID
        self.credentialLifetime = credentialLifetime
        self.rotationBeforeExpiry = rotationBeforeExpiry
        self.imdsV1Allowed = imdsV1Allowed
    }

    /// The defaults: what an emulator serves when the fixture set has no `imds/` directory.
    public static let defaults = IMDSInstance()

    /// `arn:aws:iam::<account>:instance-profile/<role>`, as `iam/info` reports it.
    public var instanceProfileARN: String? { role.map { "arn:aws:iam::\(accountID):instance-profile/\($0)" } }
}
