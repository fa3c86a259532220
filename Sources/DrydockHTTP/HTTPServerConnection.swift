import CMicroHTTPD

/// Reads what libmicrohttpd parsed about a connection's current request.
enum HTTPServerConnection {
    /// The request headers in the order received, names as the client wrote them.
    static func headers(_ connection: OpaquePointer) -> HTTPHeaders {
        var fields: [(String, String)] = []
        withUnsafeMutablePointer(to: &fields) { pointer in
            _ = CMHD_get_values(connection, .HEADER_KIND, { cls, _, key, value in
                guard let cls, let key else { return .YES }
                let fields = cls.assumingMemoryBound(to: [(String, String)].self)
                fields.pointee.append((String(cString: key), value.map { String(cString: $0) } ?? ""))
                return .YES
            }, pointer)
        }
        return HTTPHeaders(fields)
    }

    /// The declared `Content-Length`, if any and well formed (MHD itself rejects malformed ones).
    static func contentLength(_ connection: OpaquePointer) -> UInt64? {
        guard let value = MHD_lookup_connection_value(connection, .HEADER_KIND, "Content-Length") else { return nil }
        return UInt64(String(cString: value).trimmingASCIISpaces)
    }

    /// The `Transfer-Encoding` header as sent, if any. libmicrohttpd decodes the body only when it is
    /// exactly `chunked` (ignoring case).
    static func transferEncoding(_ connection: OpaquePointer) -> String? {
        MHD_lookup_connection_value(connection, .HEADER_KIND, "Transfer-Encoding").map { String(cString: $0) }
    }

    /// The peer's IP address, or nil if MHD does not know it.
    static func peerAddress(_ connection: OpaquePointer) -> String? {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
            guard let base = buffer.baseAddress, CMHD_connection_peer(connection, base, buffer.count) == 0 else { return nil }
            return String(cString: base)
        }
    }
}

fileprivate extension String {
    var trimmingASCIISpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
