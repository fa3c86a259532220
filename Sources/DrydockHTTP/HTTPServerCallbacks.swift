import CMicroHTTPD

/// The C callbacks handed to libmicrohttpd. Each recovers the `HTTPServerRun` from `cls`; per-request
/// state lives in an `HTTPServerRequestContext` behind `*con_cls`. All run on connection threads.
enum HTTPServerCallbacks {
    /// MHD_OPTION_URI_LOG_CALLBACK: the one place the raw target (with its query, not yet unescaped) is
    /// visible. The context returned becomes `*con_cls` and is released in `completed`.
    static func uriLogged(_ cls: UnsafeMutableRawPointer?, _ uri: UnsafePointer<CChar>?) -> UnsafeMutableRawPointer? {
        guard let cls else { return nil }
        let run = Unmanaged<HTTPServerRun>.fromOpaque(cls).takeUnretainedValue()
        let context = HTTPServerRequestContext(target: uri.map { String(cString: $0) } ?? "/")
        run.statistics.update { $0.liveRequestContexts += 1 }
        return Unmanaged.passRetained(context).toOpaque()
    }

    /// MHD_OPTION_NOTIFY_COMPLETED: the request is over (answered, failed or dropped).
    static func completed(
        _ cls: UnsafeMutableRawPointer?, _ connection: OpaquePointer?,
        _ conCls: UnsafeMutablePointer<UnsafeMutableRawPointer?>?, _ termination: MHD_RequestTerminationCode
    ) {
        guard let cls, let conCls, let raw = conCls.pointee else { return }
        conCls.pointee = nil
        let context = Unmanaged<HTTPServerRequestContext>.fromOpaque(raw).takeRetainedValue()
        let run = Unmanaged<HTTPServerRun>.fromOpaque(cls).takeUnretainedValue()
        run.statistics.update { $0.liveRequestContexts -= 1 }
        if context.wasRefusedUnread, termination == .REQUEST_TERMINATED_COMPLETED_OK, let connection {
            HTTPServerLingeringClose.drain(connection, run: run)
        }
    }

    /// MHD_OPTION_NOTIFY_CONNECTION: a TCP connection opened or closed.
    static func connectionNotified(_ cls: UnsafeMutableRawPointer?, _ code: MHD_ConnectionNotificationCode) {
        guard let cls else { return }
        let run = Unmanaged<HTTPServerRun>.fromOpaque(cls).takeUnretainedValue()
        run.statistics.update { stats in
            if code == .CONNECTION_NOTIFY_STARTED {
                stats.connectionsAccepted += 1
                stats.connectionsOpen += 1
            } else {
                stats.connectionsOpen -= 1
            }
        }
    }

    /// The access handler, called first with headers only, then once per upload chunk, then with
    /// `*upload_data_size == 0` when the whole request is in.
    static func access(
        _ cls: UnsafeMutableRawPointer?, _ connection: OpaquePointer?, _ url: UnsafePointer<CChar>?,
        _ method: UnsafePointer<CChar>?, _ uploadData: UnsafePointer<CChar>?,
        _ uploadSize: UnsafeMutablePointer<Int>?, _ conCls: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
    ) -> MHD_Result {
        guard let cls, let connection, let uploadSize, let conCls else { return .NO }
        let run = Unmanaged<HTTPServerRun>.fromOpaque(cls).takeUnretainedValue()
        let context: HTTPServerRequestContext
        if let raw = conCls.pointee {
            context = Unmanaged<HTTPServerRequestContext>.fromOpaque(raw).takeUnretainedValue()
        } else {
            // The URI logger runs for every request; this is only a fallback, with the decoded path.
            context = HTTPServerRequestContext(target: url.map { String(cString: $0) } ?? "/")
            run.statistics.update { $0.liveRequestContexts += 1 }
            conCls.pointee = Unmanaged.passRetained(context).toOpaque()
        }

        if context.beginIfFirstCall() {
            if let declared = HTTPServerConnection.contentLength(connection), declared > UInt64(run.configuration.maxBodyBytes) {
                // Refuse before reading any of the body; MHD closes the connection since the body is unread.
                context.markRefusedUnread()
                return HTTPServerDelivery.queueTooLarge(connection, limit: run.configuration.maxBodyBytes)
            }
            return .YES
        }
        if uploadSize.pointee > 0 {
            if let uploadData {
                uploadData.withMemoryRebound(to: UInt8.self, capacity: uploadSize.pointee) {
                    context.append(UnsafeBufferPointer(start: $0, count: uploadSize.pointee), limit: run.configuration.maxBodyBytes)
                }
            }
            uploadSize.pointee = 0
            return .YES
        }
        guard let body = context.finishedBody() else {
            return HTTPServerDelivery.queueTooLarge(connection, limit: run.configuration.maxBodyBytes)
        }

        let request = HTTPRequest(
            method: method.map { String(cString: $0) } ?? "GET", target: context.target,
            headers: HTTPServerConnection.headers(connection), body: body,
            remoteAddress: HTTPServerConnection.peerAddress(connection))
        let response = run.responder.respond(to: request)
        run.statistics.update { $0.requestsHandled += 1 }
        return HTTPServerDelivery.deliver(response, on: connection, run: run)
    }
}
