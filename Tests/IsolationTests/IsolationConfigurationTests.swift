@testable import DrydockIsolation
import DrydockTesting
import Foundation
import Glibc
import Testing

@Suite("Isolation configuration: host table, private files, diagnoses, validation")
struct IsolationConfigurationTests {
    @Test("the host table rejects what /etc/hosts could not hold",
          arguments: [("", "127.0.0.1"), ("bad name.test", "127.0.0.1"), ("a..b", "127.0.0.1"), ("evil\n1.2.3.4 x", "127.0.0.1"),
                      ("ok.test", "::1"), ("ok.test", "localhost"), (String(repeating: "a", count: 64) + ".test", "127.0.0.1")])
    func invalidEntries(name: String, address: String) {
        #expect(throws: IsolationError.self) { try EmulatedHosts(entries: [.init(name: name, address: address)]) }
    }

    @Test("lookups ignore case and one trailing dot; the pattern sees normalised names")
    func lookups() throws {
        let seen = Collected<String>()
        let hosts = try EmulatedHosts(loopbackNames: ["Gmail.GoogleAPIs.com."], matches: { seen.append($0); return $0 == "x.test" })
        #expect(hosts.entries.map(\.name) == ["gmail.googleapis.com"])
        #expect(hosts.address(for: "GMAIL.googleapis.COM.") == "127.0.0.1")
        #expect(hosts.address(for: "X.Test.") == "127.0.0.1")
        #expect(hosts.address(for: "y.test") == nil)
        #expect(seen.all == ["x.test", "y.test"])
    }

    @Test("the private hosts file: localhost, the machine's name on 127.0.1.1, then every entry")
    func hostsFile() throws {
        let text = PrivateEtcFiles.hostsFile(DNSMessages.hosts, hostName: "build-42")
        #expect(text.split(separator: "\n").filter { !$0.hasPrefix("#") } == [
            "127.0.0.1\tlocalhost", "::1\tlocalhost ip6-localhost ip6-loopback", "127.0.1.1\tbuild-42",
            "127.0.0.1\tgmail.googleapis.com", "127.0.0.1\toauth2.googleapis.com", "169.254.169.254\tinstance-data.ec2.internal",
        ])
        #expect(!PrivateEtcFiles.hostsFile(DNSMessages.hosts, hostName: "bad name\n1.1.1.1 evil").contains("evil"))
    }

    @Test("nsswitch.conf keeps everything but the hosts line, which becomes `files dns`")
    func nsswitch() {
        let system = "passwd:         files systemd\nhosts:          files mdns4_minimal [NOTFOUND=return] resolve dns myhostname\nnetworks: files\n"
        #expect(PrivateEtcFiles.nsswitch(from: system)
            == "passwd:         files systemd\nhosts:          files dns\nnetworks: files\n")
        #expect(PrivateEtcFiles.nsswitch(from: "passwd: files\n#hosts: nis\n") == "passwd: files\n#hosts: nis\nhosts:          files dns\n")
    }

    @Test("the private files are written 0644 and listed as mounts, trust bundle over every trust-store file")
    func writesFiles() throws {
        let directory = try TemporaryDirectory("isolation-files")
        defer { directory.remove() }
        let bundle = directory.appending("bundle.pem")
        FileManager.default.createFile(atPath: bundle, contents: Data("pem".utf8))
        var configuration = IsolationConfiguration(
            hosts: DNSMessages.hosts, trustBundlePath: bundle, scratchDirectory: directory.path, onBlockedName: { _ in })
        configuration.trustStoreFiles = ["/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt"]
        let files = try PrivateEtcFiles.write(configuration, systemNSSwitch: "hosts: resolve\n")
        #expect(files.mounts.map(\.target) == [
            "/etc/hosts", "/etc/resolv.conf", "/etc/nsswitch.conf", "/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt",
        ])
        #expect(files.mounts.suffix(2).allSatisfy { $0.source == bundle })
        for name in ["hosts", "resolv.conf", "nsswitch.conf"] {
            var status = stat()
            #expect(stat(directory.appending(name), &status) == 0)
            #expect(status.st_mode & 0o777 == 0o644)
        }
        #expect(try String(contentsOfFile: directory.appending("resolv.conf"), encoding: .utf8).contains("\nnameserver 127.0.0.1\n"))

        configuration.trustBundlePath = directory.appending("missing.pem")
        #expect {
            _ = try PrivateEtcFiles.write(configuration, systemNSSwitch: nil)
        } throws: { error in
            (error as? IsolationError)?.message == "the sandbox CA bundle \(directory.appending("missing.pem")) is not readable: No such file or directory (ENOENT)"
        }
    }

    @Test("a refused unshare names the kernel setting or privilege behind it", arguments: [
        (EPERM, true, false, ["kernel.unprivileged_userns_clone": "0"], "kernel.unprivileged_userns_clone=0 forbids unprivileged user namespaces; run as root, or allow them with `sysctl -w kernel.unprivileged_userns_clone=1`."),
        (EACCES, true, false, ["kernel.apparmor_restrict_unprivileged_userns": "1"], "AppArmor restricts unprivileged user namespaces (kernel.apparmor_restrict_unprivileged_userns=1, the default since Ubuntu 23.10); run as root, give drydock an AppArmor profile that allows `userns,`, or `sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`."),
        (ENOSPC, true, false, ["user.max_user_namespaces": "0"], "user.max_user_namespaces=0 forbids user namespaces; run as root, or raise it with `sysctl -w user.max_user_namespaces=10000`."),
        (EPERM, true, true, [:], "Root lacks CAP_SYS_ADMIN here (a container without --cap-add SYS_ADMIN), and the kernel or a seccomp filter forbids unprivileged user namespaces here (a container runtime's default seccomp profile does); run as root on the host, or the container with --cap-add SYS_ADMIN."),
        (EPERM, false, false, [:], "Creating network and mount namespaces needs CAP_SYS_ADMIN; run as root, or let drydock use an unprivileged user namespace."),
        (EINVAL, true, false, [:], "The kernel lacks network, mount or user namespaces (CONFIG_NET_NS, CONFIG_USER_NS), or the process is in a chroot; run on a kernel with namespaces, or without --isolate (proxy variables only)."),
    ] as [(Int32, Bool, Bool, [String: String], String)])
    func diagnoses(error: Int32, userNamespace: Bool, root: Bool, settings: [String: String], cause: String) {
        let refusal = NamespaceDiagnosis.refused(error: error, userNamespace: userNamespace, root: root, setting: { settings[$0] })
        #expect(refusal.code == .namespacesUnavailable)
        #expect(refusal.message.hasSuffix(". " + cause))
        #expect(refusal.message.hasPrefix("cannot isolate the command: unshare(CLONE_\(userNamespace ? "NEWUSER|CLONE_NEWNET" : "NEWNET")|CLONE_NEWNS) failed: "))
        #expect(refusal.exitStatus == 78)
    }

    @Test("commands and environments that cannot be passed to execve are refused before the fork")
    func validation() {
        func code(_ command: [String], _ environment: [String: String]) -> IsolationError.Code? {
            do {
                try IsolatedRun.validate(command: command, environment: environment)
                return nil
            } catch {
                return error.code
            }
        }
        #expect(code([], [:]) == .commandNotFound)
        #expect(code([""], [:]) == .commandNotFound)
        #expect(code(["sh", "a\u{0}b"], [:]) == .invalidConfiguration)
        #expect(code(["sh"], ["A=B": "1"]) == .invalidConfiguration)
        #expect(code(["sh"], ["TOKEN": "x\u{0}"]) == .invalidConfiguration)
        #expect(code(["sh"], ["TOKEN": "ya29.secret"]) == nil)
    }

    @Test("an environment value never appears in a validation error")
    func noSecretInErrors() {
        do {
            try IsolatedRun.validate(command: ["sh"], environment: ["GOOGLE_TOKEN": "ya29.a0secret\u{0}"])
            Issue.record("accepted a NUL byte")
        } catch {
            #expect(error.message == "environment variable 'GOOGLE_TOKEN' has an empty name, an '=' in its name, or a NUL byte")
        }
    }

    @Test("listeners: IPv4 with a port other than 53, distinct, at most 14")
    func listeners() throws {
        let directory = try TemporaryDirectory("isolation-listeners")
        defer { directory.remove() }
        for listeners in [
            [IsolatedListener(address: "::1", port: 80)], [IsolatedListener(address: "127.0.0.1", port: 53)],
            [IsolatedListener(address: "127.0.0.1", port: 0)], [.http, .http],
            (1...15).map { IsolatedListener(address: "127.0.0.1", port: 8000 + $0) },
        ] {
            var configuration = IsolationConfiguration(hosts: DNSMessages.hosts, trustBundlePath: nil, scratchDirectory: directory.path, onBlockedName: { _ in })
            configuration.listeners = listeners
            #expect(throws: IsolationError.self, "\(listeners)") {
                _ = try IsolatedRun(configuration: configuration).launch(command: ["/bin/true"], environment: [:]) { _ in }
            }
        }
    }
}
