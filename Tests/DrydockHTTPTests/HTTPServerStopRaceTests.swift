@testable import DrydockHTTP
import Dispatch
import Foundation
import Glibc
import Testing

/// `stop()` while a connection is still being served must not crash the process.
///
/// libmicrohttpd 0.9.75's `MHD_queue_response` answers MHD_YES without queueing anything once
/// `MHD_stop_daemon` has set the daemon's shutdown flag, and its own error path for a malformed request
/// (`transmit_error_response_len`) then builds the reply header from the missing response: SIGSEGV in an
/// MHD-worker thread (`build_header_response`, reading `response->flags` with response NULL). Any request
/// MHD answers itself (a 400 for a bad header line or chunk size, 431, 505, …) that it parses after the
/// flag is set does it. Here the event-loop thread is held in the body-policy callback (the head of a
/// chunked request) until `stop()` has begun; MHD then parses the malformed chunk that came in the same
/// packet, which makes the crash deterministic instead of once per few whole-suite runs.
@Suite struct HTTPServerStopRaceTests {
    @Test(.timeLimit(.minutes(1)))
    func aMalformedRequestParsedWhileStoppingDoesNotCrashTheServer() async throws {
        let held = HeldRequest()
        let server = HTTPServer(responder: held, configuration: .init(threadCount: 1))
        try server.start()
        let port = server.port
        // One write: a chunked request's head (held in `bodyPolicy`) and a chunk size that is not hex.
        async let reply = onThread { () -> String in
            guard let socket = try? RawSocket(port: port) else { return "connect failed" }
            defer { socket.close() }
            socket.send(Array("POST /hold HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n".utf8))
            return socket.readAll()
        }
        #expect(await onThread { held.waitUntilEntered() }, "the held request never reached the responder")
        async let stopped = onThread {
            held.stopBegins()
            server.stop()
            return true
        }
        #expect(await stopped)
        // stop() shut the connection down under the held request, so MHD's own 400 for the bad chunk
        // (parsed after the shutdown flag, that answer crashed the process) never goes out: the client
        // sees the connection closed without an answer.
        let text = await reply
        #expect(text.isEmpty, "\(text.prefix(80))")
        #expect(server.statistics.stopsBeforeConnectionsClosed == 0)
        #expect(server.statistics.connectionsOpen == 0)
        #expect(server.statistics.liveRequestContexts == 0)
        #expect(server.statistics.requestsHandled == 0)
    }
}

/// A responder that holds the event-loop thread in `bodyPolicy(forHead:)` until `stop()` has begun, and
/// then a little longer: `MHD_stop_daemon` sets its shutdown flag first thing, and there is no way to
/// observe it, so the responder gives the stopping thread 200 ms to get there (before the fix, the parse
/// of the malformed chunk then crashes; after it, `stop()` has shut the connection down by then).
private final class HeldRequest: HTTPResponder {
    private let entered = DispatchSemaphore(value: 0)
    private let stopping = DispatchSemaphore(value: 0)

    func respond(to request: HTTPRequest) -> HTTPResponse {
        HTTPResponse(status: 200, contentType: "text/plain", text: "ok\n")
    }

    func bodyPolicy(forHead head: HTTPRequest) -> HTTPBodyPolicy {
        entered.signal()
        _ = stopping.wait(timeout: .now() + deadlockGuardSeconds)
        usleep(200_000)
        return .inMemory
    }

    func waitUntilEntered() -> Bool { entered.wait(timeout: .now() + deadlockGuardSeconds) == .success }

    func stopBegins() { stopping.signal() }
}
