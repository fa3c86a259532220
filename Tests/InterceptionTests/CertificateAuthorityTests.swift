import DrydockTesting
import Foundation
import Interception
import Testing

@Suite("Sandbox certificate authority", .timeLimit(.minutes(1)))
struct CertificateAuthorityTests {
    @Test func writesTheKeyPrivatelyAndTheBundleWithTheSystemRootsFirst() throws {
        let scratch = try TemporaryDirectory("ca")
        defer { scratch.remove() }
        let directory = scratch.appending("sandbox")
        let authority = try SandboxCertificateAuthority(directory: directory)

        #expect(try mode(of: authority.keyPath) == 0o600)
        #expect(try mode(of: directory) == 0o700)
        #expect(try String(contentsOfFile: authority.keyPath, encoding: .utf8).hasPrefix("-----BEGIN PRIVATE KEY-----"))
        #expect(try String(contentsOfFile: authority.certificatePath, encoding: .utf8) == authority.certificatePEM)
        let bundle = try String(contentsOfFile: authority.bundlePath, encoding: .utf8)
        #expect(bundle.hasSuffix(authority.certificatePEM))
        if let system = try? String(contentsOfFile: "/etc/ssl/certs/ca-certificates.crt", encoding: .utf8) {
            #expect(bundle.hasPrefix(system))
        }
    }

    @Test func theCAIsAnECP256AuthorityWithCriticalConstraintsAndKeyIdentifiers() throws {
        let scratch = try TemporaryDirectory("ca")
        defer { scratch.remove() }
        let authority = try SandboxCertificateAuthority(directory: scratch.appending("sandbox"))
        let text = try Tools.certificateText(authority.certificatePath)

        #expect(text.contains("Version: 3 (0x2)"))
        #expect(text.contains("Public Key Algorithm: id-ecPublicKey"))
        #expect(text.contains("NIST CURVE: P-256"))
        #expect(text.contains("X509v3 Basic Constraints: critical\n                CA:TRUE"))
        #expect(text.contains("X509v3 Key Usage: critical\n                Certificate Sign, CRL Sign\n"))
        #expect(text.contains("X509v3 Subject Key Identifier"))
        #expect(text.contains("X509v3 Authority Key Identifier"))
        #expect(text.contains("Signature Algorithm: ecdsa-with-SHA256"))
    }

    @Test func aHostCertificateNamesTheHostAndVerifiesStrictlyAgainstTheCA() throws {
        let scratch = try TemporaryDirectory("ca")
        defer { scratch.remove() }
        let authority = try SandboxCertificateAuthority(directory: scratch.appending("sandbox"))
        let leaf = writeFile(try authority.certificatePEM(forHost: "Gmail.GoogleAPIs.com."), named: "leaf.pem", in: scratch)
        let text = try Tools.certificateText(leaf)

        #expect(text.contains("X509v3 Subject Alternative Name: \n                DNS:gmail.googleapis.com\n"))
        #expect(text.contains("X509v3 Basic Constraints: critical\n                CA:FALSE"))
        #expect(text.contains("X509v3 Key Usage: critical\n                Digital Signature\n"))
        #expect(text.contains("X509v3 Extended Key Usage: \n                TLS Web Server Authentication\n"))
        #expect(text.contains("X509v3 Authority Key Identifier"))
        #expect(text.contains("Subject: O = Drydock sandbox, CN = gmail.googleapis.com"))

        let verified = try Tools.run("openssl", [
            "verify", "-x509_strict", "-purpose", "sslserver", "-verify_hostname", "gmail.googleapis.com",
            "-CAfile", authority.certificatePath, leaf,
        ])
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        #expect(verified.stdout == "\(leaf): OK\n")

        let wrongName = try Tools.run("openssl", [
            "verify", "-verify_hostname", "sheets.googleapis.com", "-CAfile", authority.certificatePath, leaf,
        ])
        #expect(wrongName.status != 0)
        #expect(wrongName.stderr.contains("hostname mismatch") || wrongName.stdout.contains("hostname mismatch"))
    }

    @Test func anotherCADoesNotVerifyTheHostCertificate() throws {
        let scratch = try TemporaryDirectory("ca")
        defer { scratch.remove() }
        let authority = try SandboxCertificateAuthority(directory: scratch.appending("one"))
        let stranger = try SandboxCertificateAuthority(directory: scratch.appending("two"))
        let leaf = writeFile(try authority.certificatePEM(forHost: "oauth2.googleapis.com"), named: "leaf.pem", in: scratch)
        let verified = try Tools.run("openssl", ["verify", "-CAfile", stranger.certificatePath, leaf])
        #expect(verified.status != 0)
        #expect((verified.stdout + verified.stderr).contains("unable to get local issuer certificate"))
    }

    @Test func anIPAddressGetsAnIPSubjectAlternativeName() throws {
        let scratch = try TemporaryDirectory("ca")
        defer { scratch.remove() }
        let authority = try SandboxCertificateAuthority(directory: scratch.appending("sandbox"))
        let v4 = try Tools.certificateText(writeFile(try authority.certificatePEM(forHost: "169.254.169.254"), named: "v4.pem", in: scratch))
        #expect(v4.contains("IP Address:169.254.169.254"))
        #expect(!v4.contains("DNS:"))
        let v6 = try Tools.certificateText(writeFile(try authority.certificatePEM(forHost: "[FD00:EC2:0::254]"), named: "v6.pem", in: scratch))
        #expect(v6.contains("IP Address:FD00:EC2:0:0:0:0:0:254"))
    }

    @Test func validityRunsFromAnHourBeforeForThirtyDays() throws {
        let scratch = try TemporaryDirectory("ca")
        defer { scratch.remove() }
        // 2030-01-01T00:00:00Z
        let authority = try SandboxCertificateAuthority(
            directory: scratch.appending("sandbox"), now: { Date(timeIntervalSince1970: 1_893_456_000) })
        let leaf = writeFile(try authority.certificatePEM(forHost: "sheets.googleapis.com"), named: "leaf.pem", in: scratch)
        let dates = try Tools.run("openssl", ["x509", "-in", leaf, "-noout", "-startdate", "-enddate"]).stdout
        #expect(dates == "notBefore=Dec 31 23:00:00 2029 GMT\nnotAfter=Jan 31 00:00:00 2030 GMT\n")
    }

    @Test func serialsAreRandomPositive128BitNumbers() throws {
        let scratch = try TemporaryDirectory("ca")
        defer { scratch.remove() }
        let authority = try SandboxCertificateAuthority(directory: scratch.appending("sandbox"))
        var serials: Set<String> = []
        for host in ["a.example", "b.example", "c.example"] {
            let leaf = writeFile(try authority.certificatePEM(forHost: host), named: host, in: scratch)
            let serial = try Tools.run("openssl", ["x509", "-in", leaf, "-noout", "-serial"]).stdout
            #expect(serial.hasPrefix("serial="))
            let hex = serial.dropFirst("serial=".count).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(hex.count == 32)
            #expect(Int(String(hex.prefix(1)), radix: 16).map { $0 >= 4 && $0 < 8 } == true)
            serials.insert(hex)
        }
        #expect(serials.count == 3)
    }

    @Test func contextsAreCachedPerHost() throws {
        let scratch = try TemporaryDirectory("ca")
        defer { scratch.remove() }
        let authority = try SandboxCertificateAuthority(directory: scratch.appending("sandbox"))
        let first = try authority.serverContext(forHost: "gmail.googleapis.com")
        #expect(try authority.serverContext(forHost: "GMAIL.googleapis.com.") === first)
        #expect(try authority.serverContext(forHost: "sheets.googleapis.com") !== first)
        #expect(first.host == "gmail.googleapis.com")
    }

    @Test(arguments: ["", "a,DNS:evil.example", "host name", "evil.example/x", "a..b", "x%00", String(repeating: "a", count: 64) + ".example"])
    func namesThatAreNotHostsAreRefused(_ name: String) throws {
        let scratch = try TemporaryDirectory("ca")
        defer { scratch.remove() }
        let authority = try SandboxCertificateAuthority(directory: scratch.appending("sandbox"))
        #expect(throws: CertificateAuthorityError.self) { try authority.serverContext(forHost: name) }
        do {
            _ = try authority.serverContext(forHost: name)
        } catch {
            #expect(error.code == .invalidHost)
        }
    }

    @Test func aBundleWithoutSystemRootsHoldsOnlyTheCA() throws {
        let scratch = try TemporaryDirectory("ca")
        defer { scratch.remove() }
        let authority = try SandboxCertificateAuthority(directory: scratch.appending("sandbox"), systemBundleCandidates: ["/nonexistent"])
        let bundle = try String(contentsOfFile: authority.bundlePath, encoding: .utf8)
        #expect(bundle.hasPrefix("# Drydock sandbox CA "))
        #expect(bundle.hasSuffix(authority.certificatePEM))
    }

    private func mode(of path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? Int ?? -1) & 0o777
    }
}
