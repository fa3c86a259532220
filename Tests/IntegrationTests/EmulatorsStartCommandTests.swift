import DrydockHarness
import DrydockTesting
import Foundation
import Testing

/// `drydock emulators start` / `stop` and `serve` inside `$(…)`, run from a shell the way the README
/// shows them: every `eval "$(…)"` must return once the exports are printed.
@Suite("drydock emulators start / stop", .timeLimit(.minutes(1)))
struct EmulatorsStartCommandTests {
    @Test("eval \"$(drydock emulators start …)\" returns, the variables work, stop stops it and removes the sandbox it created")
    func startEvalStop() throws {
        let scratch = try TemporaryDirectory("start")
        defer { scratch.remove() }
        let sandbox = scratch.appending("sandbox")
        let result = try Shell.run(#"""
            set -e
            t0=$(date +%s%N)
            eval "$("$DRYDOCK" emulators start --port 0 --sandbox "$SANDBOX")"
            t1=$(date +%s%N)
            echo "elapsed_ms=$(( (t1 - t0) / 1000000 ))"
            echo "pid=$DRYDOCK_EMULATORS_PID"
            echo "secrets=$DRYDOCK_SECRETS_DIR"
            echo "gmail=$GMAIL_API_ENDPOINT"
            "$DRYDOCK" reauth >/dev/null
            echo "health=$(curl -s -o /dev/null -w '%{http_code}' "$GMAIL_API_ENDPOINT/_drydock/health")"
            "$DRYDOCK" emulators stop
            test -e "$SANDBOX" && echo sandbox=left || echo sandbox=removed
            """#, home: scratch.path, extra: ["SANDBOX": sandbox])
        #expect(result.status == 0, "\(result.stderr)")
        let values = Shell.values(result.stdout)
        #expect(values["secrets"] == sandbox)
        #expect(values["gmail"]?.hasPrefix("http://127.0.0.1:") == true)
        #expect(values["health"] == "200")
        #expect(values["sandbox"] == "removed")
        #expect(result.stderr.contains("drydock emulators: stopped pid \(values["pid"] ?? "?")"))
        let pid = try #require(values["pid"].flatMap { pid_t($0) })
        #expect(!ProcessInspection.isRunning(pid))
        // A hang would never get here; this bound only catches a start that waits far too long.
        let elapsed = try #require(values["elapsed_ms"].flatMap { Int($0) })
        #expect(elapsed < 5000, "start took \(elapsed) ms")
    }

    @Test("--pidfile, --log and --keep-sandbox: stop --pidfile stops it, removes the pidfile, keeps the sandbox; the log has the requests")
    func pidfileLogKeep() throws {
        let scratch = try TemporaryDirectory("start-pidfile")
        defer { scratch.remove() }
        let result = try Shell.run(#"""
            set -e
            eval "$("$DRYDOCK" emulators start --port 0 --pidfile "$DIR/pid" --log "$DIR/log" --keep-sandbox)"
            echo "pid=$DRYDOCK_EMULATORS_PID"
            echo "pidfile=$(cat "$DIR/pid")"
            echo "secrets=$DRYDOCK_SECRETS_DIR"
            "$DRYDOCK" reauth >/dev/null
            unset DRYDOCK_EMULATORS_PID
            "$DRYDOCK" emulators stop --pidfile "$DIR/pid"
            test -e "$DIR/pid" && echo pidfile-after=left || echo pidfile-after=removed
            """#, home: scratch.path, extra: ["DIR": scratch.path])
        #expect(result.status == 0, "\(result.stderr)")
        let values = Shell.values(result.stdout)
        #expect(values["pid"] != nil && values["pid"] == values["pidfile"])
        #expect(values["pidfile-after"] == "removed")
        let secrets = try #require(values["secrets"])
        defer { try? FileManager.default.removeItem(atPath: secrets) }
        #expect(FileManager.default.fileExists(atPath: secrets + "/refresh_token.json"), "--keep-sandbox keeps it")
        let log = try String(contentsOfFile: scratch.appending("log"), encoding: .utf8)
        #expect(log.contains("GET /_drydock/health 200"))
        #expect(log.contains("oauth token POST /token 200"))
        #expect(log.contains("drydock emulators: stopped on signal \(SIGTERM)"))
    }

    @Test("serve inside $(… &) returns once the exports are printed (the README's old example no longer hangs)")
    func serveReleasesStdout() throws {
        let scratch = try TemporaryDirectory("serve-subst")
        defer { scratch.remove() }
        // Foundation's Process learns that its child exited when a socket the child inherited closes; a
        // server started in the background would hold it open, so the script first closes every
        // descriptor above 2 (bash: dash cannot name descriptors past 9).
        let result = try Shell.run(#"""
            for fd in /proc/$$/fd/*; do n=${fd##*/}; [ "$n" -gt 2 ] && eval "exec $n>&-"; done
            out="$("$DRYDOCK" emulators serve --port 0 --sandbox "$DIR/sandbox" 2>/dev/null & echo "pid=$!")"
            printf '%s\n' "$out"
            """#, home: scratch.path, extra: ["DIR": scratch.path], shell: "/bin/bash")
        let pid = Shell.values(result.stdout)["pid"].flatMap { pid_t($0) }
        defer { if let pid { kill(pid, SIGTERM) } }
        #expect(result.status == 0)
        #expect(result.stdout.contains("export GMAIL_API_ENDPOINT='http://127.0.0.1:"))
        #expect(result.stdout.contains("# drydock emulators on http://127.0.0.1:"))
        let serverPID = try #require(pid)
        #expect(ProcessInspection.isRunning(serverPID), "still serving after letting go of stdout")
        kill(serverPID, SIGTERM)
        #expect(Shell.waitUntilGone(serverPID))
    }

    @Test("a server that cannot start: start relays its error and exit status, and leaves no temporary sandbox")
    func startFailure() throws {
        let scratch = try TemporaryDirectory("start-fail")
        defer { scratch.remove() }
        let temporary = scratch.appending("tmp")
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: false)
        let result = try ChildProcess.run(
            Drydock.path, ["emulators", "start", "--port", "0", "--fixtures", scratch.appending("missing")],
            environment: ["PATH": Shell.path, "HOME": scratch.path, "TMPDIR": temporary])
        #expect(result.status == 78)
        #expect(result.stdout.isEmpty, "no export lines for eval")
        #expect(result.stderr.contains("fixture \(scratch.appending("missing"))/oauth/clients.json: cannot be read"))
        #expect(result.stderr.contains("drydock emulators start: the emulators exited with status 78 before answering"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary).isEmpty)
    }

    @Test("start passes serve's usage errors on as its own (exit 64)")
    func startUsage() throws {
        let result = try ChildProcess.run(
            Drydock.path, ["emulators", "start", "--port", "70000"], environment: ["PATH": Shell.path])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--port must be 0-65535, got 70000"))
        let spin = try ChildProcess.run(
            Drydock.path, ["emulators", "start", "--port", "0", "--idle-spin", "2000000"], environment: ["PATH": Shell.path])
        #expect(spin.status == 64)
        #expect(spin.stderr.contains("--idle-spin must be 0-1000000 microseconds, got 2000000"))
    }

    @Test("stop: 64 when nothing names a process, 1 when it is not running, 78 when it is not drydock emulators serve")
    func stopRefusals() throws {
        let environment = ["PATH": Shell.path]
        let unnamed = try ChildProcess.run(Drydock.path, ["emulators", "stop"], environment: environment)
        #expect(unnamed.status == 64)
        #expect(unnamed.stderr.contains("DRYDOCK_EMULATORS_PID is not set"))

        let other = try ChildProcess.start("/bin/sleep", ["30"], environment: environment)
        defer {
            other.signal(SIGKILL)
            _ = other.wait()
        }
        let notOurs = try ChildProcess.run(
            Drydock.path, ["emulators", "stop"], environment: environment.merging(["DRYDOCK_EMULATORS_PID": "\(other.pid)"]) { $1 })
        #expect(notOurs.status == 78)
        #expect(notOurs.stderr.contains("pid \(other.pid) (from DRYDOCK_EMULATORS_PID) is not `drydock emulators serve` but `/bin/sleep 30`"))
        #expect(ProcessInspection.isRunning(other.pid), "left alone")

        other.signal(SIGKILL)
        _ = other.wait()
        let gone = try ChildProcess.run(
            Drydock.path, ["emulators", "stop"], environment: environment.merging(["DRYDOCK_EMULATORS_PID": "\(other.pid)"]) { $1 })
        #expect(gone.status == 1)
        #expect(gone.stderr.contains("no emulators running as pid \(other.pid)"))
    }
}
