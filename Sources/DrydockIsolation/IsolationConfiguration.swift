import Glibc

/// A TCP address the isolated namespace listens on. The socket is made inside the namespace and served
/// by the process that called `IsolatedRun.launch` (see `IsolatedRun`).
public struct IsolatedListener: Hashable, Sendable, CustomStringConvertible {
    /// IPv4 address inside the namespace: 127.0.0.1, 169.254.169.254, or 0.0.0.0 for every address there.
    public let address: String
    public let port: Int

    public init(address: String, port: Int) {
        self.address = address
        self.port = port
    }

    /// The emulators' plain-HTTP edge for every emulated name.
    public static let http = IsolatedListener(address: EmulatedHosts.loopback, port: 80)
    /// IMDS at its real address.
    public static let metadata = IsolatedListener(address: EmulatedHosts.metadataAddress, port: 80)
    /// The TLS listener, which picks a certificate by SNI.
    public static let https = IsolatedListener(address: EmulatedHosts.loopback, port: 443)
    /// What `drydock exec --isolate` serves.
    public static let standard: [IsolatedListener] = [.http, .metadata, .https]

    public var description: String { "\(address):\(port)" }
}

/// How to get the namespaces.
public enum NamespacePolicy: Sendable, Equatable {
    /// Root: plain network and mount namespaces, falling back to a user namespace when refused (root
    /// without CAP_SYS_ADMIN, as in a container). Anyone else: a user namespace.
    case automatic
    /// Always through an unprivileged user namespace that maps the caller's uid and gid to themselves.
    case userNamespace
    /// Only plain namespaces (needs CAP_SYS_ADMIN).
    case privileged
}

/// What an isolated run looks like inside. See `IsolatedRun`.
public struct IsolationConfiguration: Sendable {
    /// The names that resolve inside (to loopback or the metadata address); every other name is NXDOMAIN.
    public var hosts: EmulatedHosts
    /// A PEM bundle (the system's certificates plus the sandbox CA) bind-mounted over each of
    /// `trustStoreFiles` that exists; nil leaves the system trust store alone.
    public var trustBundlePath: String?
    /// The distribution trust-store files replaced by `trustBundlePath` where they exist: Debian, Ubuntu
    /// and Alpine; Fedora and RHEL; openSUSE; and the ones Go's crypto/x509 also reads.
    public var trustStoreFiles: [String] = IsolationConfiguration.distributionTrustStores
    /// An existing directory of the run's (its sandbox, but not the HOME the program sees: the files
    /// would show up there) for the private `hosts`, `resolv.conf` and `nsswitch.conf`, which must
    /// outlive the run. Its owner's mode bits must let the program's uid read them.
    public var scratchDirectory: String
    /// The TCP sockets made inside for `startServices`. The resolver's UDP and TCP sockets on
    /// 127.0.0.1:53 come on top.
    public var listeners: [IsolatedListener] = IsolatedListener.standard
    public var namespaces: NamespacePolicy = .automatic
    /// Called (on the resolver's thread) with each name answered NXDOMAIN, once per name per run: the
    /// evidence of what the program tried to reach. Connect it to
    /// `EdgeRouter.recordBlockedEgress(host:via:)`.
    public var onBlockedName: @Sendable (String) -> Void
    /// The machine's host name, mapped to 127.0.1.1 in the private `/etc/hosts` (as Debian does), so a
    /// program resolving its own name is not reported as egress. Default: gethostname(2).
    public var hostName: String? = IsolationConfiguration.currentHostName()

    public init(
        hosts: EmulatedHosts, trustBundlePath: String?, scratchDirectory: String,
        onBlockedName: @escaping @Sendable (String) -> Void
    ) {
        self.hosts = hosts
        self.trustBundlePath = trustBundlePath
        self.scratchDirectory = scratchDirectory
        self.onBlockedName = onBlockedName
    }

    public static let distributionTrustStores = [
        "/etc/ssl/certs/ca-certificates.crt",
        "/etc/pki/tls/certs/ca-bundle.crt",
        "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
        "/etc/ssl/ca-bundle.pem",
        "/etc/pki/tls/cacert.pem",
        "/etc/ssl/cert.pem",
    ]

    /// Where the resolver listens inside the namespace (UDP and TCP).
    static let resolverAddress = EmulatedHosts.loopback
    static let resolverPort = 53

    static func currentHostName() -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return nil }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? nil : name
    }
}
