import DrydockCore
import Foundation
import Glibc

/// The files bind-mounted over the system's inside the namespace: written into the scratch directory
/// before the fork, so the child only mounts them.
struct PrivateEtcFiles {
    /// One bind mount: `source` (ours) over `target` (the system's), skipped where `target` is missing.
    struct Mount: Equatable {
        let source: String
        let target: String
    }

    let mounts: [Mount]

    /// Writes `hosts`, `resolv.conf` and (when the system has one) `nsswitch.conf` into
    /// `configuration.scratchDirectory`, mode 0644, and lists the mounts: those three, then the trust
    /// bundle over each trust-store file.
    static func write(_ configuration: IsolationConfiguration, systemNSSwitch: String? = readNSSwitch()) throws(IsolationError) -> PrivateEtcFiles {
        let directory = configuration.scratchDirectory
        var mounts: [Mount] = []
        func place(_ name: String, _ text: String, over target: String) throws(IsolationError) {
            let path = (directory as NSString).appendingPathComponent(name)
            do {
                try writeFile(text, to: path)
            } catch {
                throw IsolationError(code: .invalidConfiguration, message: "cannot write the isolated \(target) to \(path): \(error)")
            }
            mounts.append(Mount(source: path, target: target))
        }
        try place("hosts", hostsFile(configuration.hosts, hostName: configuration.hostName), over: "/etc/hosts")
        try place("resolv.conf", resolvConf, over: "/etc/resolv.conf")
        if let systemNSSwitch { try place("nsswitch.conf", nsswitch(from: systemNSSwitch), over: "/etc/nsswitch.conf") }
        if let bundle = configuration.trustBundlePath {
            guard access(bundle, R_OK) == 0 else {
                throw IsolationError(
                    code: .invalidConfiguration, message: "the sandbox CA bundle \(bundle) is not readable: \(IsolationError.errnoText(errno))")
            }
            mounts += configuration.trustStoreFiles.map { Mount(source: bundle, target: $0) }
        }
        return PrivateEtcFiles(mounts: mounts)
    }

    /// Replaces `path` with `text`, mode 0644, never through a symbolic link. Not fsynced: the file lives
    /// as long as the run (an atomic, synced write cost 4 ms a file).
    static func writeFile(_ text: String, to path: String) throws {
        let fd = try systemCall("open", path: path) { open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644) }
        defer { close(fd) }
        try systemCall("fchmod", path: path) { fchmod(fd, 0o644) }  // an existing file keeps its mode otherwise
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = try systemCall("write", path: path) { bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) } }
            offset += written
        }
    }

    /// Localhost as Debian writes it, the machine's own name, then every emulated entry.
    static func hostsFile(_ hosts: EmulatedHosts, hostName: String?) -> String {
        var lines = [
            "# drydock isolation: emulated hosts resolve to the emulators inside this namespace; the resolver",
            "# on 127.0.0.1 answers every other name NXDOMAIN.",
            "127.0.0.1\tlocalhost",
            "::1\tlocalhost ip6-localhost ip6-loopback",
        ]
        if let hostName, EmulatedHosts.isHostName(EmulatedHosts.normalized(hostName)), hostName != "localhost" {
            lines.append("127.0.1.1\t\(hostName)")
        }
        lines += hosts.entries.map { "\($0.address)\t\($0.name)" }
        return lines.joined(separator: "\n") + "\n"
    }

    static let resolvConf = """
        # drydock isolation: the only resolver is drydock's, on loopback.
        nameserver \(IsolationConfiguration.resolverAddress)

        """

    /// The system's nsswitch.conf with its `hosts:` line replaced by `files dns`: modules such as
    /// systemd-resolved's (`resolve`, which asks resolved over a Unix socket outside the namespace) or
    /// mDNS would answer past the isolated resolver.
    static func nsswitch(from system: String) -> String {
        let replacement = "hosts:          files dns"
        var lines = system.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let index = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("hosts:") }) {
            lines[index] = replacement
        } else {
            if lines.last == "" { lines.removeLast() }
            lines += [replacement, ""]
        }
        return lines.joined(separator: "\n")
    }

    static func readNSSwitch() -> String? {
        try? String(contentsOfFile: "/etc/nsswitch.conf", encoding: .utf8)
    }
}
