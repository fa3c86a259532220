import CMicroHTTPD
import Glibc

/// Turns an `HTTPResponse` into what libmicrohttpd sends, including the transport faults.
enum HTTPServerDelivery {
    static func deliver(
        _ response: HTTPResponse, on connection: OpaquePointer, context: HTTPServerRequestContext, run: HTTPServerRun
    ) -> MHD_Result {
        switch response.delivery {
        case .normal:
            return queue(response, on: connection)
        case .reset:
            // Returning .NO alone would close with a FIN; abort first so the peer sees ECONNRESET.
            let fd = CMHD_connection_fd(connection)
            if fd >= 0 { _ = CMHD_abort_socket(fd) }
            return .NO
        case .closeMidBody(let bytes):
            return queuePartial(response, bytes: bytes, on: connection)
        case .hang:
            return HTTPServerParking.hang(on: connection, context: context, run: run)
        case .deferred(let deferral):
            return HTTPServerParking.wait(for: deferral, on: connection, context: context, run: run)
        }
    }

    /// `413` with a short text body; the connection closes afterwards since the body stays unread.
    static func queueTooLarge(_ connection: OpaquePointer, limit: Int) -> MHD_Result {
        var response = HTTPResponse(
            status: 413, contentType: "text/plain; charset=utf-8",
            text: "request body exceeds the limit of \(limit) bytes\n")
        response.headers.set("Connection", "close")
        return queue(response, on: connection)
    }

    /// `501 Not Implemented` for a transfer coding other than `chunked` (libmicrohttpd would otherwise
    /// read the body until the client closes and never answer); the connection closes afterwards.
    static func queueNotImplemented(_ connection: OpaquePointer, transferEncoding: String) -> MHD_Result {
        let shown = transferEncoding.unicodeScalars.prefix(100)
            .map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? String($0) : "?" }.joined()
        var response = HTTPResponse(
            status: 501, contentType: "text/plain; charset=utf-8",
            text: "Transfer-Encoding \"\(shown)\" is not implemented; send the body with Content-Length or Transfer-Encoding: chunked\n")
        response.headers.set("Connection", "close")
        return queue(response, on: connection)
    }

    /// Status, headers and the whole body from one buffer (MHD copies it), or from a file's descriptor
    /// (MHD reads, or `sendfile`s, the range itself and closes it).
    static func queue(_ response: HTTPResponse, on connection: OpaquePointer) -> MHD_Result {
        if let file = response.file {
            let fd = file.openDescriptor()
            guard fd >= 0, file.offset <= UInt64(Int64.max) else {
                if fd >= 0 { close(fd) }
                return queue(HTTPResponse(status: 500, contentType: "text/plain; charset=utf-8", text: "the response body file cannot be read\n"), on: connection)
            }
            guard let handle = MHD_create_response_from_fd_at_offset64(file.length, fd, file.offset) else {
                close(fd)
                return .NO
            }
            return send(handle, response, on: connection)
        }
        let handle = response.body.withUnsafeBytes { bytes in
            MHD_create_response_from_buffer(bytes.count, UnsafeMutableRawPointer(mutating: bytes.baseAddress), .RESPMEM_MUST_COPY)
        }
        guard let handle else { return .NO }
        return send(handle, response, on: connection)
    }

    /// The full `Content-Length` is declared, but the reader stops after `bytes` and fails the response,
    /// which makes MHD close the connection mid-body.
    static func queuePartial(_ response: HTTPResponse, bytes: Int, on connection: OpaquePointer) -> MHD_Result {
        let partial = Unmanaged.passRetained(
            HTTPServerPartialBody(body: response.body, limit: max(0, min(bytes, response.body.count))))
        let handle = MHD_create_response_from_callback(
            UInt64(response.body.count), 16 * 1024,
            { cls, position, buffer, capacity in
                guard let cls, let buffer else { return CMHD_CONTENT_READER_END_WITH_ERROR() }
                return Unmanaged<HTTPServerPartialBody>.fromOpaque(cls).takeUnretainedValue()
                    .read(at: position, into: buffer, capacity: capacity)
            },
            partial.toOpaque(),
            { cls in
                guard let cls else { return }
                Unmanaged<HTTPServerPartialBody>.fromOpaque(cls).release()
            })
        guard let handle else {
            // MHD calls the free callback only for responses it created.
            partial.release()
            return .NO
        }
        return send(handle, response, on: connection)
    }

    private static func send(_ handle: OpaquePointer, _ response: HTTPResponse, on connection: OpaquePointer) -> MHD_Result {
        defer { MHD_destroy_response(handle) }
        for field in response.headers where !managedByMHD(field.name) {
            // MHD refuses empty values, but whitespace is optional around a value, so a single space
            // reads as empty to every client. It also refuses CR/LF; skipping such a field beats failing.
            _ = MHD_add_response_header(handle, field.name, field.value.isEmpty ? " " : field.value)
        }
        let status = (100...999).contains(response.status) ? UInt32(response.status) : 500
        return MHD_queue_response(connection, status, handle)
    }

    /// MHD frames the body itself: a responder's own length or transfer coding would be duplicated or wrong.
    private static func managedByMHD(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return lowered == "content-length" || lowered == "transfer-encoding"
    }
}

/// The body of a `.closeMidBody` response, read by MHD's content-reader callback.
final class HTTPServerPartialBody: Sendable {
    let body: [UInt8]
    let limit: Int

    init(body: [UInt8], limit: Int) {
        self.body = body
        self.limit = limit
    }

    func read(at position: UInt64, into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
        guard position < UInt64(limit) else { return CMHD_CONTENT_READER_END_WITH_ERROR() }
        let start = Int(position)
        let count = min(capacity, limit - start)
        body.withUnsafeBytes { bytes in
            UnsafeMutableRawPointer(buffer).copyMemory(from: bytes.baseAddress! + start, byteCount: count)
        }
        return count
    }
}
