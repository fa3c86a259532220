@testable import DrydockHTTP
import Testing

/// The sweep's view of one connection, on made-up instants (no socket, no waiting).
@Suite struct HTTPServerConnectionStateTests {
    let accepted = ContinuousClock.now
    let timeout = Duration.seconds(10)

    @Test func aFirstHeadIsDueFromTheAccept() {
        let state = HTTPServerConnectionState(fd: -1, acceptedAt: accepted)
        #expect(!state.takeOverdueHead(now: accepted + .seconds(9.9), timeout: timeout, sinceData: { nil }))
        #expect(state.takeOverdueHead(now: accepted + .seconds(10), timeout: timeout, sinceData: { nil }))
        #expect(state.phase == .shutDown)
        #expect(!state.takeOverdueHead(now: accepted + .seconds(11), timeout: timeout, sinceData: { nil }), "reported once")
    }

    @Test func aCompleteHeadStopsTheClock() {
        let state = HTTPServerConnectionState(fd: -1, acceptedAt: accepted)
        state.headArrived()
        #expect(!state.takeOverdueHead(now: accepted + .seconds(60), timeout: timeout, sinceData: { nil }))
        state.bodyArrived()
        #expect(state.phase == .answering)
    }

    /// Idle after a request: no clock while nothing arrives; data after the end starts it at its arrival.
    @Test func anIdleConnectionsClockStartsWhenDataArrivesAgain() {
        let state = HTTPServerConnectionState(fd: -1, acceptedAt: accepted)
        state.headArrived()
        let ended = accepted + .seconds(1)
        state.requestEnded(at: ended)
        // The last data (the request itself) arrived before the end: still idle, an hour later.
        #expect(!state.takeOverdueHead(now: ended + .seconds(3600), timeout: timeout, sinceData: { .seconds(3600) + .milliseconds(2) }))
        #expect(state.phase == .idle(since: ended))
        // A byte 30 s after the end: the head is due 10 s after that byte.
        let now = ended + .seconds(40)
        #expect(!state.takeOverdueHead(now: now, timeout: timeout, sinceData: { .seconds(10) }))
        #expect(state.phase == .awaitingHead(since: ended + .seconds(30)))
        #expect(state.takeOverdueHead(now: ended + .seconds(40.5), timeout: timeout, sinceData: { nil }))
    }

    /// The sweep acts on a peer that left only when it saw the same in the sweep before, with no progress.
    @Test func aPeerThatLeftIsReportedOnTheSecondSightingWithoutProgress() {
        let state = HTTPServerConnectionState(fd: -1, acceptedAt: accepted)
        #expect(!state.takeStuckAfterPeerLeft())
        state.headArrived()
        #expect(!state.takeStuckAfterPeerLeft(), "moved on since the first sighting")
        #expect(state.takeStuckAfterPeerLeft())
        #expect(state.phase == .shutDown)
        #expect(!state.awaitsClient)
    }
}
