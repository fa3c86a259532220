import Glibc
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
        /// Set when the responder asked for the body in a file past a threshold.
        var spool: HTTPBodySpool?
        /// The file the body goes to once past the spool's threshold, and its descriptor while writing.
        var file: HTTPBodyFile?
        var fileDescriptor: Int32 = -1
        /// Bytes received in all (memory or file).
        var received: UInt64 = 0
        /// Set when the file could not be created or written: the request gets a 500.
        var spoolFailed = false
    }

    deinit {
        state.withLock { state in
            if state.fileDescriptor >= 0 { close(state.fileDescriptor) }
        }
    }

    /// Receives this request's body per `spool` (memory up to its threshold, then a file).
    func spoolBody(_ spool: HTTPBodySpool) { state.withLock { $0.spool = spool } }

    /// The spool's over-limit answer once the body outgrew its limit; nil otherwise.
    var spoolOverLimit: HTTPResponse? {
        state.withLock { state in state.tooLarge ? state.spool?.overLimit : nil }
    }

    /// True when writing the spooled body failed (disk full, …).
    var spoolFailed: Bool { state.withLock { $0.spoolFailed } }

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

    /// Appends an upload chunk unless that would take the body past `limit` (the spool's limit when
    /// spooling, where past its threshold the chunk goes to the file).
    func append(_ chunk: UnsafeBufferPointer<UInt8>, limit: Int) {
        state.withLock { state in
            guard !state.tooLarge, !state.spoolFailed else { return }
            if let spool = state.spool {
                state.received += UInt64(chunk.count)
                if state.received > spool.limit {
                    state.tooLarge = true
                    state.body = []
                } else if state.file != nil || state.body.count + chunk.count > spool.threshold {
                    Self.write(chunk, spool: spool, state: &state)
                } else {
                    state.body.append(contentsOf: chunk)
                }
                return
            }
            if state.body.count + chunk.count > limit {
                state.tooLarge = true
                state.body = []
            } else {
                state.body.append(contentsOf: chunk)
                state.largestBody = max(state.largestBody, state.body.capacity)
            }
        }
    }

    /// Writes `chunk` to the spool file (creating it with what memory held so far first).
    private static func write(_ chunk: UnsafeBufferPointer<UInt8>, spool: HTTPBodySpool, state: inout State) {
        if state.file == nil {
            guard let (file, fd) = HTTPBodyFile.create(in: spool.directory) else {
                state.spoolFailed = true
                return
            }
            state.file = file
            state.fileDescriptor = fd
            let held = state.body
            state.body = []
            guard held.withUnsafeBufferPointer({ writeAll($0, to: fd) }) else {
                state.spoolFailed = true
                return
            }
        }
        if !writeAll(chunk, to: state.fileDescriptor) { state.spoolFailed = true }
    }

    private static func writeAll(_ bytes: UnsafeBufferPointer<UInt8>, to fd: Int32) -> Bool {
        guard var base = bytes.baseAddress else { return true }
        var remaining = bytes.count
        while remaining > 0 {
            let written = Glibc.write(fd, base, remaining)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return false }
            base += written
            remaining -= written
        }
        return true
    }

    /// The spooled file once the whole body is in (closed for writing); nil when the body stayed in memory.
    func takeFinishedFile() -> HTTPBodyFile? {
        state.withLock { state in
            if state.fileDescriptor >= 0 {
                close(state.fileDescriptor)
                state.fileDescriptor = -1
            }
            defer { state.file = nil }
            return state.tooLarge || state.spoolFailed ? nil : state.file
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
