import DrydockCore
@testable import DrydockCredentials
import DrydockHTTP
import Foundation
import Synchronization
import Testing

/// One refresh per host at a time: the flock, the re-read inside it, and the deadline on waiting.
@Suite struct SingleFlightTests {
    @Test func secondRefresherUsesTheTokenTheFirstStored() throws {
        let sandbox = try SecretsSandbox()
        let clock = ManualClock()
        try sandbox.cache(.sample("ya29.old", now: clock.now(), age: 4000))
        let inRequest = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let first = FakeTokenEndpoint(FakeTokenEndpoint.token("ya29.from-first"))
        // The first refresher's request blocks, holding the lock, until the second has tried the lock.
        let blocking = InProcessTransport(ClosureResponder { request in
            inRequest.signal()
            release.wait()
            return first.transport.responder.respond(to: request)
        })
        let second = FakeTokenEndpoint(FakeTokenEndpoint.token("ya29.from-second"))
        // Its lock polls take real time too (1 ms each), so the first finishes well within the deadline.
        let secondClock = HookClock(clock) { sleeps in
            if sleeps == 1 { release.signal() }
            usleep(1000)
        }

        let firstResult = Mutex<Result<RefreshOutcome, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            let result = Result { try sandbox.refresher(blocking, clock: clock).refresh(rejecting: "ya29.old") }
            firstResult.withLock { $0 = result }
            done.signal()
        }
        thread.start()
        inRequest.wait()

        let outcome = try sandbox.refresher(second.transport, clock: secondClock).refresh(rejecting: "ya29.old")
        done.wait()

        #expect(outcome == RefreshOutcome(token: try #require(try sandbox.store.cachedToken()), requestSent: false))
        #expect(outcome.token.accessToken == "ya29.from-first")
        #expect(try firstResult.withLock { try $0?.get() }?.requestSent == true)
        #expect(first.count == 1)
        #expect(second.count == 0)
        #expect(secondClock.sleepCount >= 1)
    }

    @Test func lockHeldElsewhereTimesOutWithinTheDeadline() throws {
        let sandbox = try SecretsSandbox()
        let clock = ManualClock()
        let start = clock.now()
        try sandbox.cache(.sample("ya29.old", now: start, age: 4000))
        let before = sandbox.cacheBytes()
        let holder = try LockHolder(sandbox.path(SecretsStore.lockFile))
        defer { holder.release() }
        let endpoint = FakeTokenEndpoint(FakeTokenEndpoint.token())

        let error = #expect(throws: CredentialError.self) {
            try sandbox.refresher(endpoint.transport, clock: clock, configuration: .test(deadline: 5)).currentToken()
        }
        #expect(error?.code == .lockTimeout)
        #expect(error?.exitStatus == .transient)
        #expect(error?.message.contains("another process held the token refresh lock \(sandbox.path(".google_token.lock"))") == true)
        #expect(error?.message.contains("fuser -v") == true)
        #expect(clock.now().timeIntervalSince(start) <= 5)
        #expect(clock.sleeps.allSatisfy { $0 == 0.05 })
        #expect(endpoint.count == 0)
        #expect(sandbox.cacheBytes() == before)
    }

    @Test func waiterProceedsOnceTheLockIsReleased() throws {
        let sandbox = try SecretsSandbox()
        let manual = ManualClock()
        let holder = try LockHolder(sandbox.path(SecretsStore.lockFile))
        let clock = HookClock(manual) { sleeps in if sleeps == 10 { holder.release() } }
        let endpoint = FakeTokenEndpoint(FakeTokenEndpoint.token("ya29.new"))
        let outcome = try sandbox.refresher(endpoint.transport, clock: clock).refresh(rejecting: nil)
        #expect(outcome.requestSent)
        #expect(clock.sleepCount == 10)
        #expect(manual.sleeps == Array(repeating: 0.05, count: 10))
    }

    @Test func lockWaitAndRetriesShareOneDeadline() throws {
        let sandbox = try SecretsSandbox()
        let manual = ManualClock()
        let start = manual.now()
        let holder = try LockHolder(sandbox.path(SecretsStore.lockFile))
        // 15 s of waiting for the lock leaves 5 s of the 20 s deadline for the request and its retries.
        let clock = HookClock(manual) { sleeps in if sleeps == 300 { holder.release() } }
        let endpoint = FakeTokenEndpoint(FakeTokenEndpoint.html(503))
        let error = #expect(throws: CredentialError.self) {
            try sandbox.refresher(endpoint.transport, clock: clock, configuration: .test(deadline: 20)).refresh(rejecting: nil)
        }
        #expect(error?.code == .tokenEndpointUnavailable)
        #expect(manual.now().timeIntervalSince(start) <= 20)
        #expect(endpoint.count == 4)  // after 0.5, 1 and 2 s waits; the next 4 s would pass the deadline
    }

    @Test func lockFileIsCreatedPrivateAndValidated() throws {
        let sandbox = try SecretsSandbox()
        let refresher = sandbox.refresher(FakeTokenEndpoint(FakeTokenEndpoint.token()).transport, clock: ManualClock())
        _ = try refresher.refresh(rejecting: nil)
        #expect(sandbox.mode(SecretsStore.lockFile) == 0o600)
        chmod(sandbox.path(SecretsStore.lockFile), 0o666)
        let error = #expect(throws: CredentialError.self) { try refresher.refresh(rejecting: nil, force: true) }
        #expect(error?.code == .insecureMode)
        #expect(error?.message.contains("`chmod 600 \(sandbox.path(".google_token.lock"))`") == true)
    }

    @Test func threadsOfOneProcessSendOneRequest() throws {
        let sandbox = try SecretsSandbox()
        let clock = ManualClock()
        try sandbox.cache(.sample("ya29.old", now: clock.now(), age: 4000))
        let endpoint = FakeTokenEndpoint(FakeTokenEndpoint.token("ya29.new"))
        let paced = HookClock(clock) { _ in usleep(2000) }  // polls take real time, so the holder finishes first
        let refresher = sandbox.refresher(endpoint.transport, clock: paced)
        let tokens = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            let token = try? refresher.currentToken()
            tokens.withLock { $0.append(token?.accessToken ?? "failed") }
        }
        #expect(tokens.withLock { $0 } == Array(repeating: "ya29.new", count: 8))
        #expect(endpoint.count == 1)
    }
}

/// Holds an exclusive flock on a path through its own descriptor, as another process would.
final class LockHolder: Sendable {
    private let fd: Mutex<Int32>

    init(_ path: String) throws {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0, flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            throw SystemCallError(call: "flock", path: path, errno: errno)
        }
        fd = Mutex(descriptor)
    }

    func release() {
        fd.withLock { fd in
            if fd >= 0 { close(fd) }
            fd = -1
        }
    }

    deinit { release() }
}

/// A manual clock that runs `hook` with the running count of sleeps before each one.
final class HookClock: WallClock {
    let base: ManualClock
    let hook: @Sendable (Int) -> Void
    private let count = Mutex(0)

    init(_ base: ManualClock, hook: @escaping @Sendable (Int) -> Void) {
        self.base = base
        self.hook = hook
    }

    var sleepCount: Int { count.withLock { $0 } }
    func now() -> Date { base.now() }
    func sleep(seconds: Double) {
        let number = count.withLock { $0 += 1; return $0 }
        hook(number)
        base.sleep(seconds: seconds)
    }
}
