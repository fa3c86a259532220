import Glibc

/// A bound, listening TCP socket, made here rather than by libmicrohttpd so a bind failure keeps its
/// errno (MHD_start_daemon only returns NULL).
struct HTTPServerListener {
    let fd: Int32
    let port: Int
    let isIPv6: Bool

    /// Resolves `host`, binds `host:port` and listens; closes the socket again on any failure.
    static func open(host: String, port: Int, backlog: Int32 = 1024) throws(HTTPServerError) -> HTTPServerListener {
        let address = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        guard (0...65535).contains(port) else {
            throw HTTPServerError(code: .invalidAddress, message: "cannot listen on \(address): port out of range")
        }
        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let info = list else {
            let reason = String(cString: gai_strerror(status))
            throw HTTPServerError(code: .invalidAddress, message: "cannot listen on \(address): \(reason)")
        }
        defer { freeaddrinfo(list) }

        let family = info.pointee.ai_family
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw failure("socket", address) }
        var one: Int32 = 1
        // Lets a restarted server rebind a port whose old connections are still in TIME_WAIT.
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        if family == AF_INET6 {
            _ = setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &one, socklen_t(MemoryLayout<Int32>.size))
        }
        guard bind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
            let error = failure("bind", address)
            close(fd)
            throw error
        }
        guard listen(fd, backlog) == 0 else {
            let error = failure("listen", address)
            close(fd)
            throw error
        }
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        return HTTPServerListener(fd: fd, port: boundPort(fd) ?? port, isIPv6: family == AF_INET6)
    }

    /// Takes `fd`, a bound and listening TCP socket made elsewhere; makes it non-blocking and close-on-exec.
    /// Closes it and throws if it is not a listening TCP socket.
    static func adopt(_ fd: Int32) throws(HTTPServerError) -> HTTPServerListener {
        var listening: Int32 = 0, type: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        let isListening = getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &length) == 0 && listening != 0
        length = socklen_t(MemoryLayout<Int32>.size)
        let isStream = getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &length) == 0 && type == Int32(SOCK_STREAM.rawValue)
        var storage = sockaddr_storage()
        length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let named = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) == 0 }
        }
        guard isListening, isStream, named, storage.ss_family == AF_INET || storage.ss_family == AF_INET6 else {
            close(fd)
            throw HTTPServerError(code: .invalidAddress, message: "cannot serve on descriptor \(fd): not a listening TCP socket")
        }
        _ = fcntl(fd, F_SETFD, fcntl(fd, F_GETFD) | FD_CLOEXEC)
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        return HTTPServerListener(fd: fd, port: boundPort(fd) ?? 0, isIPv6: Int32(storage.ss_family) == AF_INET6)
    }

    private static func failure(_ call: String, _ address: String) -> HTTPServerError {
        let code = errno
        let reason = String(cString: strerror(code))
        return HTTPServerError(code: .bindFailed, message: "cannot listen on \(address): \(call) failed: \(reason) (errno \(code))")
    }

    /// The port the kernel picked when asked for port 0.
    private static func boundPort(_ fd: Int32) -> Int? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) == 0 }
        }
        guard ok else { return nil }
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
            }
        case AF_INET6:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
            }
        default:
            return nil
        }
    }
}
