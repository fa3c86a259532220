import Synchronization

/// Per-request state libmicrohttpd carries in `*con_cls` between the calls of the access handler: the
/// raw target (captured before MHD unescapes it) and the body accumulated across upload callbacks.
final class HTTPServerRequestContext: Sendable {
    /// The request target exactly as sent: path plus `?query`, still percent-encoded.
    let target: String
    private let state = Mutex(State())

    private struct State {
        var headersSeen = false
        var body: [UInt8] = []
        /// Set once the body outgrew the cap; later chunks are discarded and the request gets a 413.
        var tooLarge = false
        /// Set when a 413 went out before the body was read, so the close must linger (see completion).
        var refusedUnread = false
    }

    init(target: String) { self.target = target }

    /// True exactly once: on the access handler's first call, when only the headers have arrived.
    func beginIfFirstCall() -> Bool {
        state.withLock { state in
            defer { state.headersSeen = true }
            return !state.headersSeen
        }
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
            }
        }
    }

    /// Records that the request was answered before its body was read.
    func markRefusedUnread() { state.withLock { $0.refusedUnread = true } }

    var wasRefusedUnread: Bool { state.withLock { $0.refusedUnread } }

    /// The whole body, or nil when it exceeded the cap.
    func finishedBody() -> [UInt8]? {
        state.withLock { $0.tooLarge ? nil : $0.body }
    }
}
