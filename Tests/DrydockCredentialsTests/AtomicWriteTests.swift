import DrydockCore
@testable import DrydockCredentials
import Foundation
import Synchronization
import Testing

/// The temp-file, fsync, rename, fsync-directory write.
@Suite struct AtomicWriteTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func writeLeavesOnlyTheTargetWithMode0600() throws {
        let sandbox = try SecretsSandbox(refreshToken: false, clientFile: false)
        for index in 0..<5 { try sandbox.cache(.sample("ya29.token-\(index)", now: now)) }
        #expect(sandbox.names() == [SecretsStore.tokenCacheFile])
        #expect(sandbox.mode(SecretsStore.tokenCacheFile) == 0o600)
        #expect(try sandbox.store.cachedToken() == .sample("ya29.token-4", now: now))
    }

    @Test func fileFollowsTheDocumentedSchema() throws {
        let sandbox = try SecretsSandbox()
        try sandbox.cache(CachedToken(
            accessToken: "ya29.a", expiresAt: now.addingTimeInterval(3599.7), scope: "s1 s2", refreshedAt: now))
        let json = try JSONValue.parse(sandbox.cacheBytes()!)
        #expect(json.objectValue?.map(\.0) == ["access_token", "token_type", "expires_at", "scope", "refreshed_at"])
        #expect(json["access_token"] == "ya29.a")
        #expect(json["token_type"] == "Bearer")
        #expect(json["expires_at"] == "2027-01-15T08:59:59Z")
        #expect(json["refreshed_at"] == "2027-01-15T08:00:00Z")
        #expect(json["scope"] == "s1 s2")
    }

    @Test func writeReplacesASymlinkInsteadOfWritingThroughIt() throws {
        let sandbox = try SecretsSandbox()
        try sandbox.write("outside.json", "keep me")
        symlink(sandbox.path("outside.json"), sandbox.path(SecretsStore.tokenCacheFile))
        try sandbox.cache(.sample(now: now))
        #expect(sandbox.bytes("outside.json") == Array("keep me".utf8))
        #expect(try sandbox.store.cachedToken() == .sample(now: now))
    }

    @Test func failedWriteRemovesItsTemporaryFileAndKeepsTheTarget() throws {
        let sandbox = try SecretsSandbox(refreshToken: false, clientFile: false)
        // A non-empty directory in the target's place makes the rename fail after the data is written.
        mkdir(sandbox.path(SecretsStore.tokenCacheFile), 0o700)
        try sandbox.write(SecretsStore.tokenCacheFile + "/inside", "x")
        let error = #expect(throws: CredentialError.self) { try sandbox.cache(.sample(now: now)) }
        #expect(error?.code == .fileSystem)
        #expect(error?.message.contains("rename") == true)
        #expect(sandbox.temporaryNames().isEmpty)
    }

    @Test func writeValidatesTheDirectoryFirst() throws {
        let sandbox = try SecretsSandbox(refreshToken: false, clientFile: false)
        chmod(sandbox.directory, 0o755)
        let error = #expect(throws: CredentialError.self) { try sandbox.cache(.sample(now: now)) }
        #expect(error?.code == .insecureMode)
        #expect(sandbox.names().isEmpty)
    }

    @Test func temporaryNamesAreUniqueAndRetriedOnCollision() throws {
        let sandbox = try SecretsSandbox(refreshToken: false, clientFile: false)
        // The first two draws name an existing file; O_EXCL refuses it and a fresh name is drawn.
        let taken = ".google_token.json.tmp-\(getpid())-\(String(7, radix: 16))"
        try sandbox.write(taken, "someone else's")
        let draws = DrawSequence([7, 7, 9])
        let store = SecretsStore(directory: sandbox.directory, random: { draws.next() })
        try store.writeCachedToken(.sample(now: now))
        #expect(sandbox.names() == [taken, SecretsStore.tokenCacheFile].sorted())
        #expect(sandbox.bytes(taken) == Array("someone else's".utf8))
    }

    @Test func staleTemporaryFilesAreSweptAndFreshOnesKept() throws {
        let sandbox = try SecretsSandbox(refreshToken: false, clientFile: false)
        let stale = ".google_token.json.tmp-1-dead"
        let fresh = ".google_token.json.tmp-2-live"
        let unrelated = ".other.json.tmp-3-old"
        for name in [stale, fresh, unrelated] { try sandbox.write(name, "partial") }
        var old = [timeval(tv_sec: time(nil) - 120, tv_usec: 0), timeval(tv_sec: time(nil) - 120, tv_usec: 0)]
        utimes(sandbox.path(stale), &old)
        utimes(sandbox.path(unrelated), &old)
        try sandbox.cache(.sample(now: now))
        #expect(sandbox.names() == [fresh, unrelated, SecretsStore.tokenCacheFile].sorted())
    }
}

/// Hands out scripted random numbers, then counts up.
final class DrawSequence: Sendable {
    private let state: Mutex<[UInt64]>
    init(_ values: [UInt64]) { state = Mutex(values) }
    func next() -> UInt64 {
        state.withLock { values in
            if values.count > 1 { return values.removeFirst() }
            values[0] += 1
            return values[0]
        }
    }
}
