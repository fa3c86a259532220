import DrydockCore
@testable import DrydockCredentials
import EmulatorKit
import Foundation
import Testing

/// SIGKILLs `drydock-crash-writer` at random points of its write loop: the token file must always be a
/// complete token with mode 0600, and each killed writer may leave at most its one in-flight temporary file
/// (swept by a later write once a minute old; see `SecretsStore.writeAtomically`).
@Suite struct CrashSafetyTests {
    static let kills = 200

    @Test(.enabled(if: CrashWriter.binary != nil, "drydock-crash-writer is not built next to the tests"))
    func killedWritersNeverLeaveAPartialToken() throws {
        let binary = try #require(CrashWriter.binary)
        let sandbox = try SecretsSandbox(refreshToken: false, clientFile: false)
        var generator = SeededRandom(seed: 0xD0C)  // the kill points repeat from run to run
        var killed: Set<Int32> = []
        var tokens: Set<String> = []

        for iteration in 0..<Self.kills {
            let writer = try CrashWriter.launch(binary, directory: sandbox.directory, iterations: 1_000_000)
            try writer.waitUntilReady()
            // Read while it writes: a reader never sees a partial file.
            let until = Date().addingTimeInterval(Double(generator.next() % 21) / 1000)
            repeat {
                #expect(try sandbox.store.cachedToken() != nil, "iteration \(iteration): no token while writing")
            } while Date() < until
            writer.kill()
            killed.insert(writer.pid)

            let token = try #require(try sandbox.store.cachedToken(), "iteration \(iteration): no token after SIGKILL")
            #expect(token.accessToken.hasPrefix("crash-\(writer.pid)-"))
            tokens.insert(token.accessToken)
            #expect(sandbox.mode(SecretsStore.tokenCacheFile) == 0o600)
        }
        #expect(tokens.count == Self.kills)

        // Leftovers: at most one temporary file per killed writer, and only killed writers'.
        let owners = sandbox.temporaryNames().map { name in
            Int32(name.dropFirst(".google_token.json.tmp-".count).split(separator: "-")[0]) ?? -1
        }
        #expect(!owners.isEmpty, "no kill landed mid-write, so nothing was tested")  // typically about half do
        #expect(Set(owners).count == owners.count)
        #expect(Set(owners).isSubset(of: killed))
        #expect(owners.allSatisfy { killed.contains($0) })

        // A writer that runs to the end leaves nothing of its own behind.
        let finisher = try CrashWriter.launch(binary, directory: sandbox.directory, iterations: 25)
        #expect(finisher.wait() == 0)
        #expect(sandbox.temporaryNames().count == owners.count)
        #expect(try sandbox.store.cachedToken()?.accessToken.hasPrefix("crash-\(finisher.pid)-24-") == true)
    }
}

/// The crash-writer executable, spawned with its stdout on a pipe.
struct CrashWriter {
    let pid: pid_t
    let output: Int32

    /// `drydock-crash-writer` in the build directory the test bundle runs from.
    static let binary: String? = {
        var candidates = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        candidates.append(Bundle.main.bundleURL)
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
        return candidates.map { $0.appendingPathComponent("drydock-crash-writer").path }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static func launch(_ binary: String, directory: String, iterations: Int) throws -> CrashWriter {
        var fds: [Int32] = [0, 0]
        try systemCall("pipe") { pipe(&fds) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        let strings: [String] = [binary, directory, String(iterations)]
        let arguments: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        defer { arguments.forEach { free($0) } }
        var argv = arguments + [nil]
        var pid: pid_t = 0
        let status = posix_spawn(&pid, binary, &actions, nil, &argv, environ)
        close(fds[1])
        guard status == 0 else {
            close(fds[0])
            throw SystemCallError(call: "posix_spawn", path: binary, errno: status)
        }
        return CrashWriter(pid: pid, output: fds[0])
    }

    /// Waits (up to 10 s) for the `ready` line the writer prints after its first write.
    func waitUntilReady() throws {
        var descriptor = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, 10_000) == 1 else {
            kill()
            throw SystemCallError(call: "poll (writer never became ready)", path: nil, errno: ETIMEDOUT)
        }
        var byte: UInt8 = 0
        _ = read(output, &byte, 1)
    }

    /// SIGKILL, then reap.
    func kill() {
        _ = Foundation.kill(pid, SIGKILL)
        _ = wait()
    }

    /// Reaps the writer; its exit code, or -1 when a signal ended it.
    @discardableResult
    func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        close(output)
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : -1
    }
}
