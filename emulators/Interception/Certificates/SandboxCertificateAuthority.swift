import COpenSSLTLS
import DrydockCrypto
import Foundation
import Synchronization

/// The certificate authority of one sandbox: a fresh EC P-256 CA created in `directory`, and a
/// certificate for each intercepted host, signed by it on first use and cached for the run.
///
/// Files in `directory` (created 0700 if missing):
/// - `ca.key` (0600): the CA's private key, PKCS#8 PEM. It never leaves the sandbox and goes with it.
/// - `ca.pem` (0644): the CA certificate, for clients that take one extra CA (`NODE_EXTRA_CA_CERTS`).
/// - `ca-bundle.pem` (0644): the system's trust bundle followed by the CA, for variables that replace the
///   trust store (`SSL_CERT_FILE`, `REQUESTS_CA_BUNDLE`, `CURL_CA_BUNDLE`, `AWS_CA_BUNDLE`, …).
///
/// Host keys and certificates stay in memory. Every run makes a new CA (existing files are replaced), so
/// a bundle from an earlier run never trusts this one's certificates.
public final class SandboxCertificateAuthority: Sendable {
    /// The sandbox directory holding the files above.
    public let directory: String
    /// `directory/ca.pem`.
    public var certificatePath: String { directory + "/ca.pem" }
    /// `directory/ca.key` (mode 0600).
    public var keyPath: String { directory + "/ca.key" }
    /// `directory/ca-bundle.pem`: the system trust bundle plus this CA.
    public var bundlePath: String { directory + "/ca-bundle.pem" }
    /// The CA certificate as PEM.
    public let certificatePEM: String

    /// How long host certificates are valid: from an hour before they are made (clock skew), for 30 days.
    public static let validityBefore: TimeInterval = 3600
    public static let validityAfter: TimeInterval = 30 * 86_400
    /// Where the system's trust bundle is looked for, first found wins (Debian/Ubuntu/Alpine, Fedora/RHEL,
    /// macOS/BSD layouts, then OpenSSL's own default).
    public static var systemBundleCandidates: [String] {
        ["/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/cert.pem",
         String(cString: X509_get_default_cert_file())]
    }
    /// At most this many host certificates are kept; past it each is made afresh (the host table names far
    /// fewer hosts than this, so only a misuse reaches it).
    static let cacheLimit = 4096

    private let key: PrivateKey
    private let certificate: Certificate
    private let now: @Sendable () -> Date
    private let hosts = Mutex([String: HostCredentials]())

    private struct HostCredentials: Sendable {
        let context: TLSServerContext
        let certificatePEM: String
    }

    /// Creates the CA and writes `ca.key`, `ca.pem` and `ca-bundle.pem` into `directory`.
    ///
    /// - Parameters:
    ///   - now: the time certificates are valid from (less an hour); real time, not the emulators'
    ///     virtual clock, because clients check validity against their own clock.
    ///   - systemBundleCandidates: where to find the system trust bundle (tests pass a missing path to get
    ///     a bundle with only the sandbox CA).
    public init(
        directory: String, now: @escaping @Sendable () -> Date = Date.init,
        systemBundleCandidates: [String] = SandboxCertificateAuthority.systemBundleCandidates
    ) throws(CertificateAuthorityError) {
        self.directory = directory
        self.now = now
        let start = now()
        key = try PrivateKey.generateP256()
        let label = Hex.encode(SecureRandom.bytes(4))
        certificate = try CertificateBuilder.authority(
            commonName: "Drydock sandbox CA \(label)", key: key,
            notBefore: start - Self.validityBefore, notAfter: start + Self.validityAfter + 86_400)
        certificatePEM = try certificate.pem()

        try SandboxFiles.ensureDirectory(directory)
        try SandboxFiles.write(Array(try key.pem().utf8), to: directory + "/ca.key", mode: 0o600)
        try SandboxFiles.write(Array(certificatePEM.utf8), to: directory + "/ca.pem", mode: 0o644)
        let bundle = SandboxFiles.systemBundle(from: systemBundleCandidates)
            + Array("# Drydock sandbox CA \(label)\n".utf8) + Array(certificatePEM.utf8)
        try SandboxFiles.write(bundle, to: directory + "/ca-bundle.pem", mode: 0o644)
    }

    /// The TLS context presenting `host`'s certificate, made on first use and cached for the run.
    /// `host` is a DNS name or an IP literal (see `HostName`); anything else throws `.invalidHost`.
    public func serverContext(forHost host: String) throws(CertificateAuthorityError) -> TLSServerContext {
        try credentials(forHost: host).context
    }

    /// `host`'s certificate as PEM (the one `serverContext(forHost:)` presents).
    public func certificatePEM(forHost host: String) throws(CertificateAuthorityError) -> String {
        try credentials(forHost: host).certificatePEM
    }

    private func credentials(forHost text: String) throws(CertificateAuthorityError) -> HostCredentials {
        guard let host = HostName(text) else {
            throw CertificateAuthorityError(
                code: .invalidHost, message: "cannot make a certificate for \"\(text.prefix(80))\": not a DNS name or IP address")
        }
        if let cached = hosts.withLock({ $0[host.name] }) { return cached }
        // Made outside the lock: two threads may race to make the same host's certificate; the first stored
        // wins and both are valid, so that costs one spare signature at most.
        let made = try makeCredentials(for: host)
        return hosts.withLock { cache in
            if let existing = cache[host.name] { return existing }
            if cache.count < Self.cacheLimit { cache[host.name] = made }
            return made
        }
    }

    private func makeCredentials(for host: HostName) throws(CertificateAuthorityError) -> HostCredentials {
        let start = now()
        let hostKey = try PrivateKey.generateP256()
        let hostCertificate = try CertificateBuilder.host(
            host.isIPAddress ? .ip(host.name) : .dns(host.name), key: hostKey, issuer: certificate, issuerKey: key,
            notBefore: start - Self.validityBefore, notAfter: start + Self.validityAfter)
        let context = try TLSServerContext.serving(host: host.name, certificate: hostCertificate, key: hostKey)
        return HostCredentials(context: context, certificatePEM: try hostCertificate.pem())
    }
}
