import CMicroHTTPD
import Dispatch

/// Answers that must wait, parked with libmicrohttpd's suspend/resume so they cost no thread: the
/// connection is suspended in the access handler, and resumed (the handler then runs again and acts on
/// the stored `HTTPServerResumption`) when the wait is over.
enum HTTPServerParking {
    /// Parks the request until `deferral.delay` has passed, then runs its continuation on a Dispatch
    /// worker (never on the event loop) and resumes with the response it returned.
    static func wait(
        for
deferral: HTTPDeferral, on connection: OpaquePointer, context: HTTPServerRequestContext, run: HTTPServerRun
    ) -> MHD_Result {
        guard run.suspensions.park(connection, context) else { return .NO }
        let suspensions = run.suspensions
        DispatchQueue.global().asyncAfter(deadline: .now() + deferral.delay.dispatchInterval) {
            // A server that stopped meanwhile has closed the connection: nobody is waiting for the answer.
            guard suspensions.isParked(context) else { return }
            suspensions.resume(context, with: .respond(deferral.continuation()))
        }
        return .YES
    }

    /// Parks a `.hang`: answers nothing until the peer leaves, the server stops or `maxHangSeconds` pass
    /// (the monitor watches the socket), then closes the connection.
    static func hang(on connection: OpaquePointer, context: HTTPServerRequestContext, run: HTTPServerRun) -> MHD_Result {
        let fd = CMHD_connection_fd(connection)
        guard fd >= 0, run.suspensions.park(connection, context) else { return .NO }
        run.monitor.watchHang(context, fd: fd, seconds: run.configuration.maxHangSeconds)
        return .YES
    }
}

extension Duration {
    /// The duration for Dispatch, in nanoseconds (clamped; negative waits nothing).
    var dispatchInterval: DispatchTimeInterval {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return .nanoseconds(0) }
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return .never }
        return .nanoseconds(Int(clamping: scaled + attoseconds / 1_000_000_000))
    }
}
