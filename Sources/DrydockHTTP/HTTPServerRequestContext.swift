import Synchronization

/// Per-request state libmicrohttpd carries in `*con_cls` between the calls of the access handler: the
/// raw target (captured before MHD unescapes it), the body accumulated across upload callbacks, and what
/// to do when a parked (suspended) request is resumed.
final class HTTPServerRequestContext: Sendable {
    /// The request target exactly as sent: path plus `?query`, still percent-encoded.
    let target: String
    private let state = Mutex(State())

    private struct State {
        var headersSeen = false
        var body: [UInt8] = []
        /// Set once the body outgrew the cap; later chunks are discarded and the request gets a 413.
        var tooLarge = false
        /// Set when an answer went out before the body was read, so the close must linger (see completion).
        var refusedUnread = false
        /// Set by `HTTPServerSuspensions` just before resuming the connection.
        var resumption: HTTPServerResumption?
        /// The most body bytes held at once, to decide whether freeing them is worth a heap trim.
        var largestBody = 0
    }

    init(target: String) { self.target = target }

    /// True exactly once: on the access handler's first call, when only the headers have arrived.
    func beginIfFirstCall() -> Bool {
        state.withLock { state in
            defer { state.headersSeen = true }
            return !state.headersSeen
        }
    }

    /// Reserves room for a declared body up front: one allocation of the right size instead of a series
    /// of doublings (which would peak at twice the body and fragment the heap).
    func reserveBody(_ bytes: Int) {
        state.withLock { $0.body.reserveCapacity(bytes) }
    }

    /// Appends an upload chunk unless that would take the body past `limit`.
    func append(_ chunk: UnsafeBufferPointer<UInt8>, limit: Int) {
        state.withLock { state in
            guard !state.tooLarge else { return }
            if state.body.count + chunk.count > limit {
                state.tooLarge = true
                state.body = []
            } else {
                state.body.append(contentsOf: chunk)
                state.largestBody = max(state.largestBody, state.body.capacity)
            }
        }
    }

    /// Records that the request was answered before its body was read.
    func markRefusedUnread() { state.withLock { $0.refusedUnread = true } }

    var wasRefusedUnread: Bool { state.withLock { $0.refusedUnread } }

    /// The largest body buffer this request held, in bytes.
    var largestBodyBytes: Int { state.withLock { $0.largestBody } }

    /// The whole body, or nil when it exceeded the cap. Hands the buffer over: the context keeps none.
    func takeFinishedBody() -> [UInt8]? {
        state.withLock { state in
            defer { state.body = [] }
            return state.tooLarge ? nil : state.body
        }
    }

    func setResumption(_ resumption: HTTPServerResumption) { state.withLock { $0.resumption = resumption } }

    /// What to do now that the connection was resumed; nil when it never was parked.
    func takeResumption() -> HTTPServerResumption? {
        state.withLock { state in
            defer { state.resumption = nil }
            return state.resumption
        }
    }
}
