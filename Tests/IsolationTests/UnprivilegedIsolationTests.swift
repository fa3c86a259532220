import DrydockTesting
import Foundation
import Testing

/// The user-namespace path as a real unprivileged user meets it: `drydock-isolation-probe` run as
/// nobody through setpriv (needs root to switch users, and a kernel that allows unprivileged user
/// namespaces; skipped otherwise).
@Suite("Isolation as an unprivileged user", .timeLimit(.minutes(1)), .enabled(if: UnprivilegedProbe.available, UnprivilegedProbe.requirement))
struct UnprivilegedIsolationTests {
    @Test("nobody gets the namespaces through a user namespace: its own uid, emulated names only, the rest reported")
    func userNamespace() throws {
        let result = try UnprivilegedProbe.run(["--", "/bin/sh", "-c", """
            id -u; getent hosts gmail.googleapis.com; getent hosts example.org || echo refused
            python3 -c 'import errno, socket; print(errno.errorcode[socket.socket().connect_ex(("1.1.1.1", 443))])'
            """])
        #expect(result.status == 0)
        #expect(result.stdout.split(whereSeparator: \.isWhitespace) == ["65534", "127.0.0.1", "gmail.googleapis.com", "refused", "ENETUNREACH"])
        #expect(result.stderr == "blocked example.org\n")
    }

    @Test("refused namespaces name the cause and the remedy, with exit status 78")
    func refusal() throws {
        let result = try UnprivilegedProbe.run(["--privileged", "--", "/bin/true"])
        #expect(result.status == 78)
        #expect(result.stderr == """
            drydock-isolation-probe: cannot isolate the command: unshare(CLONE_NEWNET|CLONE_NEWNS) failed: Operation not permitted (EPERM). \
            Creating network and mount namespaces needs CAP_SYS_ADMIN; run as root, or let drydock use an unprivileged user namespace.

            """)
    }
}

enum UnprivilegedProbe {
    static let requirement: Comment = "needs root (to become nobody with setpriv), drydock-isolation-probe, and unprivileged user namespaces"
    static let binary = BuiltProducts.path("drydock-isolation-probe")
    static let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let nobody = ["--reuid=65534", "--regid=65534", "--clear-groups"]

    static let available: Bool = {
        guard geteuid() == 0, let setpriv, FileManager.default.isExecutableFile(atPath: binary),
              let unshare = ["/usr/bin/unshare", "/bin/unshare"].first(where: { FileManager.default.isExecutableFile(atPath: $0) })
        else { return false }
        // The kernel's own verdict, without our code: can nobody create a user and network namespace?
        return (try? ChildProcess.run(setpriv, nobody + [unshare, "--user", "--map-root-user", "--net", "/bin/true"], environment: [:]).status) == 0
    }()

    static func run(_ arguments: [String]) throws -> ProcessResult {
        let environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "TMPDIR": "/tmp", "LC_ALL": "C"]
        return try ChildProcess.run(try #require(setpriv), nobody + [binary] + arguments, environment: environment)
    }
}
