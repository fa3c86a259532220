import CMicroHTTPD
import DrydockCore
import Synchronization

/// What a parked request does when its connection is resumed: send a response, or close.
enum HTTPServerResumption: Sendable {
    case respond(HTTPResponse)
    case close
}

/// The connections parked with libmicrohttpd's suspend/resume (a `.deferred` response waiting for its
/// delay, a `.hang`), so none costs a thread and each is resumed exactly once.
///
/// Parking and resuming happen under one lock, together with the stopping flag: MHD_stop_daemon must
/// not find a suspended connection (it panics), and resuming a connection that is not suspended is
/// undefined, so `resumeAllClosing()` and a late park or a timer's resume can never cross.
final class HTTPServerSuspensions: Sendable {
    private let state = Mutex(State())
    /// Woken after every resume, so the event loop runs the resumed connection now.
    private let wakers: HTTPServerWakers

    init(wakers: HTTPServerWakers) {
        self.wakers = wakers
    }

    private struct State {
        var stopping = false
        var parked: [ObjectIdentifier: Parked] = [:]
    }

    private struct Parked {
        /// The MHD connection, as an address (valid until resumed: MHD never closes a suspended one).
        let connection: UInt
        let context: HTTPServerRequestContext
    }

    /// Suspends `connection` (call only from its access handler) and records it; false, suspending
    /// nothing, once the server is stopping.
    func park(_ connection: OpaquePointer, _ context: HTTPServerRequestContext) -> Bool {
        state.withLock { state in
            guard !state.stopping else { return false }
            MHD_suspend_connection(connection)
            state.parked[ObjectIdentifier(context)] = Parked(connection: UInt(bitPattern: connection), context: context)
            return true
        }
    }

    /// Whether `context`'s connection is still parked (not resumed, server not stopping).
    func isParked(_ context: HTTPServerRequestContext) -> Bool {
        state.withLock { $0.parked[ObjectIdentifier(context)] != nil }
    }

    /// Resumes `context`'s connection with `resumption` (its access handler is called again and acts on
    /// it). Does nothing when it was already resumed.
    func resume(_ context: HTTPServerRequestContext, with resumption: HTTPServerResumption) {
        let owner = state.withLock { state -> WakePipe?? in
            guard let parked = state.parked.removeValue(forKey: ObjectIdentifier(context)) else { return .none }
            let owner = OpaquePointer(bitPattern: parked.connection).flatMap(wakers.pipe(serving:))
            Self.resume(parked, with: resumption)
            return .some(owner)
        }
        switch owner {
        case .none: break
        case .some(.some(let pipe)): pipe.signal()
        case .some(.none): wakers.wakeAll()
        }
    }

    /// Refuses further parking and resumes every parked connection to be closed (before MHD_stop_daemon).
    func resumeAllClosing() {
        state.withLock { state in
            state.stopping = true
            for parked in state.parked.values { Self.resume(parked, with: .close) }
            state.parked = [:]
        }
        wakers.wakeAll()
    }

    private static func resume(_ parked: Parked, with resumption: HTTPServerResumption) {
        parked.context.setResumption(resumption)
        guard let connection = OpaquePointer(bitPattern: parked.connection) else { return }
        MHD_resume_connection(connection)
    }
}
