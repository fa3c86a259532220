import Foundation

/// The few socket operations the proxy needs, over raw descriptors: listening, connecting to the edge
/// on loopback, waiting with a deadline, and closing with a reset.
enum ProxySocket {
    /// Binds `host:port` (port 0: the kernel picks), listens, and returns the non-blocking descriptor and
    /// the bound port.
    static func listen(host: String, port: Int, backlog: Int32 = 512) throws(InterceptionError) -> (fd: Int32, port: Int) {
        let address = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        func failure(_ what: String) -> InterceptionError {
            InterceptionError(code: .bindFailed, message: "cannot listen on \(address): \(what)")
        }
        guard (0...65535).contains(port) else { throw failure("port out of range") }
        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let info = list else { throw failure(String(cString: gai_strerror(status))) }
        defer { freeaddrinfo(list) }
        let fd = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw failure("socket: \(String(cString: strerror(errno)))") }
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard bind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0, Glibc.listen(fd, backlog) == 0 else {
            let error = failure(String(cString: strerror(errno)))
            close(fd)
            throw error
        }
        setNonBlocking(fd)
        return (fd, boundPort(fd) ?? port)
    }

    /// A connected, non-blocking descriptor to `127.0.0.1:port`, or the errno text.
    static func connectLoopback(port: Int) -> Result<Int32, InterceptionError> {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return .failure(InterceptionError(code: .startFailed, message: "socket: \(String(cString: strerror(errno)))")) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7F00_0001).bigEndian)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let text = String(cString: strerror(errno))
            close(fd)
            return .failure(InterceptionError(code: .startFailed, message: "connect to 127.0.0.1:\(port): \(text)"))
        }
        setNonBlocking(fd)
        setNoDelay(fd)
        return .success(fd)
    }

    static func setNonBlocking(_ fd: Int32) {
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
    }

    /// Small requests and responses go out at once (no Nagle delay on a keep-alive tunnel).
    static func setNoDelay(_ fd: Int32) {
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Waits until `fd` has one of `events` (or an error or hang-up) or `deadline` passes; false on timeout.
    static func wait(_ fd: Int32, for events: Int16, until deadline: ContinuousClock.Instant) -> Bool {
        var entry = pollfd(fd: fd, events: events, revents: 0)
        while true {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { return false }
            let result = poll(&entry, 1, milliseconds(remaining))
            if result > 0 { return true }
            if result == 0 { continue }
            if errno != EINTR { return true }
        }
    }

    /// Writes all of `bytes` to the non-blocking `fd` before `deadline`; false if it could not.
    @discardableResult
    static func sendAll(_ fd: Int32, _ bytes: [UInt8], until deadline: ContinuousClock.Instant) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { buffer in
                send(fd, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent > 0 {
                offset += sent
            } else if sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
                guard wait(fd, for: Int16(POLLOUT), until: deadline) else { return false }
            } else {
                return false
            }
        }
        return true
    }

    /// Closes `fd` with a TCP reset instead of an orderly FIN (SO_LINGER 0), as the edge's `reset` fault does.
    static func reset(_ fd: Int32) {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
    }

    /// Poll's timeout for `duration`: at least 1 ms when positive, at most a minute per wait.
    static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        guard seconds < 60 else { return 60_000 }
        return Int32(max(1, seconds * 1000 + attoseconds / 1_000_000_000_000_000))
    }

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
