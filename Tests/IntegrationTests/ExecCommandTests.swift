import DrydockCore
import DrydockHTTP
import DrydockTesting
import Foundation
import Testing

/// `drydock exec` as a user meets it: the built binary as a child process, running shell commands.
@Suite("drydock exec", .timeLimit(.minutes(1)))
struct ExecCommandTests {
    static func mode(_ path: String) -> mode_t {
        var info = stat()
        guard lstat(path, &info) == 0 else { return 0 }
        return info.st_mode & 0o7777
    }

    @Test("the child's exit status is drydock's; stdout is the child's alone", arguments: [0, 3, 77])
    func exitStatus(_ code: Int32) throws {
        let scratch = try ExecScratch("exec-status")
        defer { scratch.remove() }
        let result = try scratch.exec(["--", "sh", "-c", "echo out; echo err >&2; exit \(code)"])
        #expect(result.status == code)
        #expect(result.stdout == "out\n")
        #expect(result.stderr.contains("err\n"))
        #expect(result.stderr.contains("drydock exec: sh exited with status \(code) after "))
    }

    @Test("a child killed by SIGTERM: 143, and the summary says so")
    func killedBySignal() throws {
        let scratch = try ExecScratch("exec-signal")
        defer { scratch.remove() }
        let result = try scratch.exec(["--", "sh", "-c", "kill -TERM $$"])
        #expect(result.status == 143)
        #expect(result.stderr.contains("drydock exec: sh killed by signal 15 (SIGTERM) after "))
        #expect(try scratch.leftovers().isEmpty)
    }

    @Test("SIGINT and SIGTERM sent to drydock reach the child; drydock exits with the child's status and cleans up", arguments: [
        (SIGINT, "trap 'echo got-int; exit 42' INT", Int32(42)),
        (SIGTERM, "", Int32(143)),
    ])
    func forwardsSignals(_ signal: Int32, _ trap: String, _ status: Int32) throws {
        let scratch = try ExecScratch("exec-forward")
        defer { scratch.remove() }
        let script = "\(trap)\necho \"ready $$ $HOME\"\nwhile :; do sleep 0.05; done"
        let process = try StreamingProcess(Drydock.path, ["exec", "--", "sh", "-c", script], environment: scratch.environment())
        try #require(process.waitForOutput(1, timeout: 20) { $0.contains("ready ") }, "\(process.output(2))")
        let words = process.output(1).split(separator: "\n")[0].split(separator: " ").map(String.init)
        let child = pid_t(words[1]) ?? 0, home = words[2]
        defer {
            // Should forwarding fail, the child would outlive a killed drydock: end it by its id.
            process.terminate()
            if child > 1 { kill(child, SIGKILL) }
        }
        #expect(FileManager.default.fileExists(atPath: home + "/.secrets/refresh_token.json"))
        process.signal(signal)
        let result = try #require(process.wait(timeout: 10), "drydock still running 10 s after the signal")
        #expect(result.status == status, "\(result.stderr)")
        if signal == SIGINT { #expect(result.stdout.contains("got-int")) }
        #expect(!FileManager.default.fileExists(atPath: home), "the temporary HOME is removed")
        #expect(try scratch.leftovers().isEmpty)
    }

    @Test("the caller's AWS_* and GOOGLE_* variables never reach the child; --pass-env keeps one")
    func environment() throws {
        let scratch = try ExecScratch("exec-env")
        defer { scratch.remove() }
        let caller = [
            "AWS_SECRET_ACCESS_KEY": "caller-aws-secret-value", "AWS_ACCESS_KEY_ID": "AKIACALLERKEY", "AWS_PROFILE": "prod",
            "GOOGLE_APPLICATION_CREDENTIALS": "/caller/service-account.json", "DRYDOCK_SECRETS_DIR": "/caller/.secrets",
            "KEEP_ME": "yes",
        ]
        let plain = try scratch.exec(["--quiet", "--", "env"], extra: caller)
        #expect(plain.status == 0)
        let seen = Shell.values(plain.stdout)
        for name in ["AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_PROFILE", "GOOGLE_APPLICATION_CREDENTIALS"] {
            #expect(seen[name] == nil, "\(name) reached the child")
        }
        #expect(!plain.stdout.contains("caller-aws-secret-value"))
        #expect(seen["KEEP_ME"] == "yes")
        let home = try #require(seen["HOME"])
        #expect(home != scratch.home && home.hasPrefix(scratch.temporary + "/drydock-exec."))
        #expect(seen["DRYDOCK_SECRETS_DIR"] == home + "/.secrets")
        #expect(seen["AWS_REGION"] == "us-east-1")
        for name in ["GOOGLE_OAUTH_TOKEN_URI", "GMAIL_API_ENDPOINT", "SHEETS_API_ENDPOINT", "AWS_EC2_METADATA_SERVICE_ENDPOINT", "AWS_ENDPOINT_URL_DYNAMODB"] {
            #expect(seen[name]?.hasPrefix("http://127.0.0.1:") == true, "\(name)")
        }

        let passed = try scratch.exec(["--quiet", "--pass-env", "AWS_PROFILE", "--", "env"], extra: caller)
        #expect(Shell.values(passed.stdout)["AWS_PROFILE"] == "prod")
        #expect(Shell.values(passed.stdout)["AWS_SECRET_ACCESS_KEY"] == nil)

        let bare = try scratch.exec(["--quiet", "--no-endpoint-vars", "--", "env"], extra: caller)
        #expect(Shell.values(bare.stdout)["GMAIL_API_ENDPOINT"] == nil)
        #expect(Shell.values(bare.stdout)["HOME"] != nil)
        #expect(try scratch.leftovers().isEmpty)
    }

    @Test("--home keeps the sandbox: .secrets 0700, every file 0600, the production names")
    func keptHome() throws {
        let scratch = try ExecScratch("exec-home")
        defer { scratch.remove() }
        let home = scratch.directory.appending("sandbox-home")
        let result = try scratch.exec(["--quiet", "--home", home, "--", "sh", "-c", "echo \"$HOME\""])
        #expect(result.status == 0)
        #expect(result.stdout == home + "\n")
        #expect(Self.mode(home) == 0o700)
        #expect(Self.mode(home + "/.secrets") == 0o700)
        let files = try FileManager.default.contentsOfDirectory(atPath: home + "/.secrets").sorted()
        #expect(files == ["aws_service_role", "gmail_credentials.json", "google_token.json", "refresh_token.json"])
        for file in files { #expect(Self.mode(home + "/.secrets/" + file) == 0o600, "\(file)") }
        #expect(try scratch.leftovers().isEmpty)
    }

    @Test("curl with the sandbox's token reaches the Gmail emulator; the summary and --journal show it, without any secret")
    func curlAgainstGmail() throws {
        let scratch = try ExecScratch("exec-curl")
        defer { scratch.remove() }
        let home = scratch.directory.appending("home"), journal = scratch.directory.appending("journal.json")
        let script = #"""
            token=$(sed -n 's/.*"access_token": "\([^"]*\)".*/\1/p' "$DRYDOCK_SECRETS_DIR/google_token.json")
            curl -sf -H "Authorization: Bearer $token" "$GMAIL_API_ENDPOINT/gmail/v1/users/me/profile"
            """#
        let result = try scratch.exec([
            "--home", home, "--journal", journal, "--expect", "gmail.users.getProfile == 1", "--expect", "oauth.token == 0", "--",
            "sh", "-c", script,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let profile = try JSONValue.parse(result.stdout)
        #expect(profile["emailAddress"]?.stringValue == "bookings@harbor-charters.example")
        #expect(result.stderr.contains("    gmail.users.getProfile  1\n"))
        #expect(result.stderr.contains("  token requests: 0\n"))
        #expect(result.stderr.contains("  expect gmail.users.getProfile == 1: ok (counted 1)\n"))
        let written = try JSONValue.parse(String(contentsOfFile: journal, encoding: .utf8))
        let requests = try #require(written["requests"]?.arrayValue)
        #expect(requests.count == 1)
        #expect(requests.first?["path"]?.stringValue == "/gmail/v1/users/me/profile")
        #expect(requests.first?["status"] == 200)
        #expect(written["totals"]?.arrayValue?.first?["count"] == 1)
        #expect(Self.mode(journal) == 0o600)

        let secrets = try ExecScratch.secrets(in: home + "/.secrets")
        #expect(secrets.all.count == 3)
        secrets.expectAbsent(from: result.stderr, "exec's stderr")
        secrets.expectAbsent(from: try String(contentsOfFile: journal, encoding: .utf8), "the --journal file")
    }

    @Test("Drydock's own jobs run unchanged in the sandbox: an expired token is refreshed once; no secret in the summary")
    func drydockJobInside() throws {
        let scratch = try ExecScratch("exec-reauth")
        defer { scratch.remove() }
        let home = scratch.directory.appending("home"), journal = scratch.directory.appending("journal.json")
        let result = try scratch.exec([
            "--home", home, "--token", "expired", "--journal", journal, "--expect", "oauth.token == 1", "--expect", "gmail.* >= 1",
            "--", Drydock.path, "diag",
        ])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        // The file says it expired 60 s before the child starts; a loaded machine may read it a second later.
        #expect(result.stdout.contains("token cache        expired 60 s ago") || result.stdout.contains("token cache        expired 61 s ago")
            || result.stdout.contains("token cache        expired 62 s ago"), "\(result.stdout)")
        #expect(result.stdout.contains("all checks passed"))
        #expect(result.stderr.contains("    oauth.token             1\n"))
        let secrets = try ExecScratch.secrets(in: home + "/.secrets")
        secrets.expectAbsent(from: result.stdout + result.stderr, "diag's output and exec's summary")
        secrets.expectAbsent(from: try String(contentsOfFile: journal, encoding: .utf8), "the --journal file")
    }

    @Test("--expect: a failed check prints the counts and exits 1; a failing child's own status wins")
    func expectations() throws {
        let scratch = try ExecScratch("exec-expect")
        defer { scratch.remove() }
        let curl = #"curl -s -o /dev/null "$GMAIL_API_ENDPOINT/gmail/v1/users/me/profile""#
        let failed = try scratch.exec(["--quiet", "--expect", "gmail.* == 0", "--expect", "egress.blocked == 0", "--", "sh", "-c", curl])
        #expect(failed.status == 1)
        #expect(failed.stderr == "drydock exec: expectation failed: gmail.* == 0, counted 1 (gmail.users.getProfile 1)\n")

        let childFailed = try scratch.exec(["--quiet", "--expect", "gmail.* == 0", "--", "sh", "-c", curl + "; exit 3"])
        #expect(childFailed.status == 3)
        #expect(childFailed.stderr.contains("expectation failed: gmail.* == 0"))

        let passed = try scratch.exec(["--quiet", "--expect", "gmail.* == 1", "--expect", "* < 2", "--", "sh", "-c", curl])
        #expect(passed.status == 0)
        #expect(passed.stderr.isEmpty)
    }

    @Test("faults at start (--fault, --faults FILE), --clock-advance, and one added mid-run through the printed control API")
    func faults() throws {
        let scratch = try ExecScratch("exec-faults")
        defer { scratch.remove() }
        let curl = #"curl -s -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $(sed -n 's/.*"access_token": "\([^"]*\)".*/\1/p' "$DRYDOCK_SECRETS_DIR/google_token.json")" "$GMAIL_API_ENDPOINT/gmail/v1/users/me/profile""#

        let rule = #"{"service": "gmail", "times": 1, "action": {"type": "status", "status": 503}}"#
        let one = try scratch.exec(["--fault", rule, "--", "sh", "-c", curl + "; " + curl])
        #expect(one.status == 0)
        #expect(one.stdout == "503\n200\n")
        #expect(one.stderr.contains("  faults applied: 1 (r1 status ×1)\n"))

        let file = scratch.directory.appending("faults.json")
        try Data(#"[{"id": "slow-gmail", "service": "gmail", "action": {"type": "status", "status": 429}}]"#.utf8).write(to: URL(fileURLWithPath: file))
        let fromFile = try scratch.exec(["--quiet", "--faults", file, "--", "sh", "-c", curl])
        #expect(fromFile.stdout == "429\n")

        let advanced = try scratch.exec(["--quiet", "--clock-advance", "7200", "--", "sh", "-c", curl])
        #expect(advanced.stdout == "401\n", "the fresh token in the file is two hours old for the emulators")

        let flag = scratch.directory.appending("go")
        let script = "echo ready; while [ ! -e '\(flag)' ]; do sleep 0.05; done; " + curl
        let process = try StreamingProcess(Drydock.path, ["exec", "--", "sh", "-c", script], environment: scratch.environment())
        defer { process.terminate() }
        try #require(process.waitForOutput(1, timeout: 20) { $0.contains("ready") })
        // Standard error is read on its own: the child's "ready" can arrive before drydock's own line.
        try #require(process.waitForOutput(2, timeout: 20) { $0.contains("drydock exec: emulators on ") })
        let startLine = try #require(process.output(2).split(separator: "\n").first { $0.hasPrefix("drydock exec: emulators on ") })
        let base = String(startLine.dropFirst("drydock exec: emulators on ".count).prefix { $0 != " " })
        let added = try HTTPClient().send(ClientRequest(
            method: "POST", url: base + "/_drydock/faults", headers: ["Content-Type": "application/json"],
            body: Array(#"{"service": "gmail", "action": {"type": "status", "status": 500}}"#.utf8)))
        #expect(added.status == 201)
        FileManager.default.createFile(atPath: flag, contents: Data())
        let result = try #require(process.wait(timeout: 20))
        #expect(result.status == 0)
        #expect(result.stdout == "ready\n500\n")
        #expect(result.stderr.contains("  faults applied: 1 (r1 status ×1)\n"))
        #expect(try scratch.leftovers().isEmpty)
    }

    @Test("usage errors (64), a command that cannot run (127/126), and a --home that is the caller's own HOME")
    func refusals() throws {
        let scratch = try ExecScratch("exec-usage")
        defer { scratch.remove() }
        let cases: [([String], Int32, String)] = [
            ([], 64, "no command: give it after `--`"),
            (["--expect", "oauth.token = 1", "--", "true"], 64, "--expect 'oauth.token = 1': column 13: expected an operator (== != < <= > >=), found '= 1'"),
            (["--fault", "{not json", "--", "true"], 64, "--fault #1: not JSON"),
            (["--fault", #"{"action": {"type": "explode"}}"#, "--", "true"], 64, "--fault #1: action.type"),
            (["--fault", #"{"service": "sqs", "action": {"type": "reset"}}"#, "--", "true"], 64, "unknown service \"sqs\""),
            (["--pass-env", "HOME", "--", "true"], 64, "--pass-env HOME: HOME is the sandbox's own"),
            (["--pass-env", "A-B", "--", "true"], 64, "--pass-env A-B: not a variable name"),
            (["--clock-advance=-5", "--", "true"], 64, "--clock-advance must be 0-1000000000 seconds"),
            (["--token", "stale", "--", "true"], 64, "stale"),
            (["--home", scratch.home, "--", "true"], 64, "is your own HOME"),
            (["--fixtures", scratch.directory.appending("none"), "--", "true"], 78, "clients.json: cannot be read"),
            (["--", "no-such-command-drydock"], 127, "no-such-command-drydock: command not found"),
            (["--", scratch.temporary], 126, "cannot execute"),
        ]
        for (arguments, status, message) in cases {
            let result = try scratch.exec(arguments)
            #expect(result.status == status, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
        #expect(try scratch.leftovers().isEmpty, "no temporary HOME left by a failed start")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.home).isEmpty, "the caller's HOME untouched")
    }
}
