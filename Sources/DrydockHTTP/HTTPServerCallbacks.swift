import CMicroHTTPD

/// The C callbacks handed to libmicrohttpd. Each recovers the `HTTPServerRun` from `cls`; per-request
/// state lives in an `HTTPServerRequestContext` behind `*con_cls`, per-connection state in an
/// `HTTPServerConnectionState` behind the connection's socket context. All run on the event-loop
/// threads, so none may wait: whatever must wait is parked (`HTTPServerParking`) or handed to the monitor.
enum HTTPServerCallbacks {
    /// Freed bodies at least this large ask the monitor to trim the heap, so the memory goes back to the
    /// system instead of staying in malloc's arenas.
    static let trimThreshold = 1 << 20

    /// MHD_OPTION_URI_LOG_CALLBACK: the one place the raw target (with its query, not yet unescaped) is
    /// visible. The context returned becomes `*con_cls` and is released in `completed`.
    ///
    /// It also ends the query in MHD's own copy of the request line right after the `?`. MHD goes on to
    /// parse the query into argument records in the connection's fixed memory pool, which nothing here
    /// reads (the router parses `target` itself); with ~940 parameters in 64 KiB the pool runs out and
    /// libmicrohttpd 0.9.75 then loses its own 431 and closes without an answer. `uri` points into MHD's
    /// writable read buffer, which MHD itself writes into at the same place a moment later.
    static func uriLogged(_ cls: UnsafeMutableRawPointer?, _ uri: UnsafePointer<CChar>?) -> UnsafeMutableRawPointer? {
        guard let cls else { return nil }
        let run = Unmanaged<HTTPServerRun>.fromOpaque(cls).takeUnretainedValue()
        let context = HTTPServerRequestContext(target: uri.map { String(cString: $0) } ?? "/")
        if let uri, let question = strchr(uri, Int32(UInt8(ascii: "?"))) {
            question[1] = 0
        }
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
        let run = Unmanaged<HTTPServerRun>.fromOpaque(cls).takeUnretainedValue()
        run.statistics.update { $0.liveRequestContexts -= 1 }
        let (refusedUnread, largestBody) = release(raw)
        guard let connection else { return }
        let fd = CMHD_connection_fd(connection)
        connectionState(connection)?.requestEnded(at: .now)
        if refusedUnread, termination == .REQUEST_TERMINATED_COMPLETED_OK, fd >= 0, !run.isStopping {
            // The answer is fully sent; MHD closes its descriptor next, the dup keeps the socket open.
            let lingering = dup(fd)
            if lingering >= 0 { run.monitor.linger(fd: lingering, seconds: 1) }
        }
        if largestBody >= trimThreshold { run.monitor.requestTrim() }
    }

    /// Releases the request context (and with it the request body) before anyone trims the heap.
    private static func release(_ raw: UnsafeMutableRawPointer) -> (refusedUnread: Bool, largestBody: Int) {
        let context = Unmanaged<HTTPServerRequestContext>.fromOpaque(raw).takeRetainedValue()
        return (context.wasRefusedUnread, context.largestBodyBytes)
    }

    /// MHD_OPTION_NOTIFY_CONNECTION: a TCP connection opened or closed. Its `HTTPServerConnectionState`
    /// lives in the socket context from one to the other.
    static func connectionNotified(
        _ cls: UnsafeMutableRawPointer?, _ connection: OpaquePointer?,
        _ socketContext: UnsafeMutablePointer<UnsafeMutableRawPointer?>?, _ code: MHD_ConnectionNotificationCode
    ) {
        guard let cls else { return }
        let run = Unmanaged<HTTPServerRun>.fromOpaque(cls).takeUnretainedValue()
        if code == .CONNECTION_NOTIFY_STARTED {
            run.statistics.update {
                $0.connectionsAccepted += 1
                $0.connectionsOpen += 1
            }
            guard let connection, let socketContext else { return }
            let state = HTTPServerConnectionState(fd: CMHD_connection_fd(connection), acceptedAt: .now)
            run.connections.opened(state)
            socketContext.pointee = Unmanaged.passRetained(state).toOpaque()
        } else {
            run.statistics.update { $0.connectionsOpen -= 1 }
            guard let socketContext, let raw = socketContext.pointee else { return }
            socketContext.pointee = nil
            run.connections.closed(Unmanaged<HTTPServerConnectionState>.fromOpaque(raw).takeRetainedValue())
        }
    }

    private static func connectionState(_ connection: OpaquePointer) -> HTTPServerConnectionState? {
        CMHD_connection_socket_context(connection).map {
            Unmanaged<HTTPServerConnectionState>.fromOpaque($0).takeUnretainedValue()
        }
    }

    /// The access handler, called first with headers only, then once per upload chunk, then with
    /// `*upload_data_size == 0` when the whole request is in, and once more after a parked request is
    /// resumed.
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

        switch context.takeResumption() {
        case .respond(let response)?:
            return HTTPServerDelivery.deliver(response, on: connection, context: context, run: run)
        case .close?:
            return .NO
        case nil:
            break
        }
        if context.beginIfFirstCall() {
            connectionState(connection)?.headArrived()
            return begin(context, method: method, on: connection, run: run)
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
        connectionState(connection)?.bodyArrived()
        if let overLimit = context.spoolOverLimit {
            var response = overLimit
            response.headers.set("Connection", "close")
            return HTTPServerDelivery.queue(response, on: connection)
        }
        if context.spoolFailed {
            return HTTPServerDelivery.queue(
                HTTPResponse(status: 500, contentType: "text/plain; charset=utf-8", text: "the request body could not be stored\n"), on: connection)
        }
        let bodyFile = context.takeFinishedFile()
        guard let body = context.takeFinishedBody() else {
            return HTTPServerDelivery.queueTooLarge(connection, limit: run.configuration.maxBodyBytes)
        }

        let request = HTTPRequest(
            method: method.map { String(cString: $0) } ?? "GET", target: context.target,
            headers: HTTPServerConnection.headers(connection), body: body,
            remoteAddress: HTTPServerConnection.peerAddress(connection), bodyFile: bodyFile)
        let response = run.responder.respondWithoutWaiting(to: request)
        run.statistics.update { $0.requestsHandled += 1 }
        return HTTPServerDelivery.deliver(response, on: connection, context: context, run: run)
    }

    /// The first call, with the head in and none of the body: refuses what cannot be read (an unknown
    /// transfer coding, a declared body over the cap) before reading any of it, and makes room for the
    /// declared body. A refusal closes the connection (the body stays unread) with a lingering close.
    private static func begin(
        _ context: HTTPServerRequestContext, method: UnsafePointer<CChar>?, on connection: OpaquePointer, run: HTTPServerRun
    ) -> MHD_Result {
        let coding = HTTPServerConnection.transferEncoding(connection)
        if let coding, coding.lowercased() != "chunked" {
            context.markRefusedUnread()
            return HTTPServerDelivery.queueNotImplemented(connection, transferEncoding: coding)
        }
        let declared = HTTPServerConnection.contentLength(connection)
        if coding != nil || (declared ?? 0) > UInt64(HTTPServer.spoolProbeBytes) {
            let head = HTTPRequest(
                method: method.map { String(cString: $0) } ?? "GET", target: context.target, headers: HTTPServerConnection.headers(connection),
                remoteAddress: HTTPServerConnection.peerAddress(connection))
            switch run.responder.bodyPolicy(forHead: head) {
            case .inMemory:
                break
            case .refuse(var response):
                context.markRefusedUnread()
                response.headers.set("Connection", "close")
                return HTTPServerDelivery.queue(response, on: connection)
            case .spool(let spool):
                if let declared, declared > spool.limit {
                    context.markRefusedUnread()
                    var response = spool.overLimit
                    response.headers.set("Connection", "close")
                    return HTTPServerDelivery.queue(response, on: connection)
                }
                context.spoolBody(spool)
                if let declared, declared <= UInt64(spool.threshold) { context.reserveBody(Int(declared)) }
                return .YES
            }
        }
        if let declared {
            guard declared <= UInt64(run.configuration.maxBodyBytes) else {
                context.markRefusedUnread()
                return HTTPServerDelivery.queueTooLarge(connection, limit: run.configuration.maxBodyBytes)
            }
            context.reserveBody(Int(declared))
        }
        return .YES
    }
}
