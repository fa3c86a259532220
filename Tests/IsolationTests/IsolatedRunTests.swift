import DrydockHTTP
import DrydockIsolation
import EmulatorKit
import Foundation
import Testing

/// The namespace itself: needs root or unprivileged user namespaces, and is skipped (with the reason on
/// stderr) where unshare is refused.
@Suite(
    "Isolated run (network and mount namespaces)", .timeLimit(.minutes(1)),
    .enabled(if: IsolationSupport.available, "unshare(2) is not permitted here: needs root or unprivileged user namespaces"))
struct IsolatedRunTests {
    @Test("emulated names resolve to loopback (hosts file and resolver); any other name fails and is reported once")
    func resolution() throws {
        let harness = try IsolationHarness()
        defer { harness.remove() }
        let outcome = try harness.run("""
            getent hosts gmail.googleapis.com; echo "gmail=$?"
            getent hosts example.org; echo "example=$?"
            getent hosts example.org; echo "again=$?"
            getent ahostsv4 dynamodb.eu-west-3.amazonaws.com | head -n 1
            getent hosts instance-data.ec2.internal
            """)
        #expect(outcome.termination == .exited(0))
        let lines = outcome.output.split(separator: "\n").map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        #expect(lines == [
            "127.0.0.1 gmail.googleapis.com", "gmail=0", "example=2", "again=2",
            "127.0.0.1 STREAM dynamodb.eu-west-3.amazonaws.com", "169.254.169.254 instance-data.ec2.internal",
        ])
        #expect(outcome.blocked == ["example.org"])
    }

    @Test("a blocked name reaches the journal as egress.blocked through recordBlockedEgress")
    func journal() throws {
        let router = EdgeRouter(emulators: [], clock: VirtualClock())
        var harness = try IsolationHarness()
        defer { harness.remove() }
        harness.onBlockedName = { router.recordBlockedEgress(host: $0, via: "DNS") }
        let outcome = try harness.run("getent hosts example.org; getent hosts www.Example.NET.")
        #expect(outcome.termination == .exited(2))
        let entries = router.journal.entries(.init(service: "egress"))
        #expect(entries.map(\.path) == ["example.org", "www.example.net"])
        #expect(entries.allSatisfy { $0.operation == "blocked" && $0.method == "DNS" && $0.status == nil && $0.delivery == "refused" })
    }

    @Test("only loopback exists: a connection to a real address fails with ENETUNREACH")
    func noRoute() throws {
        let harness = try IsolationHarness()
        defer { harness.remove() }
        let outcome = try harness.run("""
            python3 -c 'import errno, socket
            s = socket.socket(); print(errno.errorcode[s.connect_ex(("1.1.1.1", 443))])
            u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            try:
                u.sendto(b"x", ("8.8.8.8", 53)); print("sent")
            except OSError as e:
                print(errno.errorcode[e.errno])'
            sed -n 's/^ *\\([a-z0-9]*\\):.*/\\1/p' /proc/net/dev
            """)
        #expect(outcome.termination == .exited(0))
        #expect(outcome.output == "ENETUNREACH\nENETUNREACH\nlo\n")
    }

    @Test("169.254.169.254 is a local address on lo")
    func metadataAddress() throws {
        let harness = try IsolationHarness()
        defer { harness.remove() }
        let outcome = try harness.run("""
            python3 -c 'import socket; s = socket.socket(); s.bind(("169.254.169.254", 0)); print("bound")'
            grep -A 1 -- '-- 169.254.169.254$' /proc/net/fib_trie | grep -m 1 -o '/32 host LOCAL'
            cat /sys/class/net/lo/operstate
            """)
        #expect(outcome.output == "bound\n/32 host LOCAL\nunknown\n")
    }

    @Test("resolv.conf, hosts, nsswitch.conf and the trust store inside are the sandbox's; outside nothing changes")
    func privateFiles() throws {
        let outside = ["/etc/resolv.conf", "/etc/hosts", "/etc/nsswitch.conf", "/etc/ssl/certs/ca-certificates.crt"]
        func snapshot() -> [String?] { outside.map { try? String(contentsOfFile: $0, encoding: .utf8) } }
        let before = snapshot()
        let mountsBefore = try String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)
        let harness = try IsolationHarness()
        defer { harness.remove() }
        let outcome = try harness.run("""
            cat /etc/resolv.conf; echo ---; grep '^hosts:' /etc/nsswitch.conf; echo ---
            cat /etc/ssl/certs/ca-certificates.crt; echo ---; grep -c googleapis /etc/hosts
            """)
        #expect(outcome.output == """
            # drydock isolation: the only resolver is drydock's, on loopback.
            nameserver 127.0.0.1
            ---
            hosts:          files dns
            ---
            \(IsolationHarness.bundleText)---
            2

            """)
        #expect(outcome.process.replacedFiles.starts(with: ["/etc/hosts", "/etc/resolv.conf"]))
        #expect(outcome.process.replacedFiles.contains("/etc/ssl/certs/ca-certificates.crt"))
        #expect(snapshot() == before)
        #expect(try String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8) == mountsBefore)
    }

    @Test("an HTTP server started on the inside listeners is reachable by emulated names and the metadata address")
    func servesInside() throws {
        let harness = try IsolationHarness()
        defer { harness.remove() }
        let edge = HTTPServer(responder: ClosureResponder { request in
            HTTPResponse(status: 200, contentType: "text/plain", text: "edge \(request.headers["Host"] ?? "-") \(request.path)\n")
        })
        let metadata = HTTPServer(responder: ClosureResponder { request in
            HTTPResponse(status: 200, contentType: "text/plain", text: "imds \(request.path)\n")
        })
        defer {
            edge.stop()
            metadata.stop()
        }
        let outcome = try harness.run("""
            curl -sS http://gmail.googleapis.com/gmail/v1/users/me/profile
            curl -sS http://dynamodb.us-west-2.amazonaws.com/
            curl -sS http://169.254.169.254/latest/meta-data/
            """) { sockets in
            try edge.start(listeningOn: #require(sockets.take(.http)))
            try metadata.start(listeningOn: #require(sockets.take(.metadata)))
        }
        #expect(outcome.output == """
            edge gmail.googleapis.com /gmail/v1/users/me/profile
            edge dynamodb.us-west-2.amazonaws.com /
            imds /latest/meta-data/

            """)
        #expect(edge.statistics.requestsHandled == 2)
        #expect(outcome.blocked.isEmpty)
    }

    @Test("exit statuses and signals come back as the command's")
    func termination() throws {
        let harness = try IsolationHarness()
        defer { harness.remove() }
        #expect(try harness.run("exit 3").termination == .exited(3))
        let killed = try harness.run("kill -TERM $$").termination
        #expect(killed == .signaled(SIGTERM))
        #expect(killed.exitStatus == 128 + SIGTERM)
    }

    @Test("signal() reaches the command; a mask or an ignored signal in the caller does not carry over")
    func signals() throws {
        let harness = try IsolationHarness()
        defer { harness.remove() }
        let run = IsolatedRun(configuration: harness.configuration)
        let sleeper = try run.launch(command: ["/bin/sleep", "30"], environment: [:]) { _ in }
        sleeper.signal(SIGTERM)
        #expect(sleeper.wait() == .signaled(SIGTERM))

        // A runner blocks SIGTERM to sigwait for it, and many processes ignore SIGPIPE: the command must
        // start with neither.
        var blocked = sigset_t(), previous = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        let previousPipe = signal(SIGPIPE, SIG_IGN)
        defer {
            signal(SIGPIPE, previousPipe)
            pthread_sigmask(SIG_SETMASK, &previous, nil)
        }
        #expect(try harness.run("kill -TERM $$; exit 0").termination == .signaled(SIGTERM))
        #expect(try harness.run("kill -PIPE $$; exit 0").termination == .signaled(SIGPIPE))
    }

    @Test("the command inherits only standard input, output and error")
    func descriptors() throws {
        let harness = try IsolationHarness()
        defer { harness.remove() }
        let outcome = try harness.run("ls /proc/$$/fd")
        #expect(outcome.output == "0\n1\n2\n")
    }

    @Test("through an unprivileged-style user namespace: the caller's ids map to themselves and isolation holds")
    func userNamespace() throws {
        var harness = try IsolationHarness()
        defer { harness.remove() }
        harness.namespaces = .userNamespace
        let outcome = try harness.run("id -u; getent hosts gmail.googleapis.com >/dev/null && echo resolved; getent hosts example.org || echo blocked")
        #expect(outcome.process.usesUserNamespace)
        #expect(outcome.output == "\(geteuid())\nresolved\nblocked\n")
        #expect(outcome.blocked == ["example.org"])
    }

    @Test("a throwing startServices fails the launch with its error, and the command never runs")
    func servicesFail() throws {
        struct Refusal: Error, CustomStringConvertible { var description: String { "port 443 is not ready" } }
        let harness = try IsolationHarness()
        defer { harness.remove() }
        let marker = harness.directory.appending("ran")
        #expect {
            _ = try harness.run("touch \(marker)") { _ in throw Refusal() }
        } throws: { error in
            let error = error as? IsolationError
            return error?.code == .servicesFailed && error?.message.hasSuffix("port 443 is not ready") == true
        }
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test("a command that is not on PATH or not executable is reported as a shell would (127, 126)")
    func badCommands() throws {
        let harness = try IsolationHarness()
        defer { harness.remove() }
        let run = IsolatedRun(configuration: harness.configuration)
        #expect(throws: IsolationError.self) {
            _ = try run.run(command: ["drydock-no-such-command"], environment: ["PATH": "/usr/bin:/bin"]) { _ in }
        }
        do {
            _ = try run.run(command: ["drydock-no-such-command"], environment: ["PATH": "/usr/bin:/bin"]) { _ in }
        } catch {
            #expect(error.code == .commandNotFound)
            #expect(error.exitStatus == 127)
            #expect(error.message == "cannot run the isolated command: 'drydock-no-such-command' not found on PATH")
        }
        let script = harness.directory.appending("not-executable.sh")
        FileManager.default.createFile(atPath: script, contents: Data("#!/bin/sh\n".utf8))
        do {
            _ = try run.run(command: [script], environment: [:]) { _ in }
            Issue.record("a non-executable command ran")
        } catch {
            #expect(error.code == .commandNotExecutable)
            #expect(error.exitStatus == 126)
            #expect(error.message == "cannot run '\(script)' (\(script)) in the isolated namespace: Permission denied (EACCES)")
        }
    }
}
