import COpenSSLTLS
import Foundation

/// What one read or write on a relay endpoint did.
enum TransferResult: Equatable {
    case transferred(Int)
    /// Nothing now: retry once the descriptor is readable (TLS may want to read to write, too).
    case wantRead
    /// Nothing now: retry once the descriptor is writable.
    case wantWrite
    /// The peer finished sending (orderly end of stream).
    case closed
    /// The connection broke (a reset, a TLS error).
    case failed
}

/// One side of a relay: a non-blocking descriptor, in clear text or behind TLS.
protocol RelayEndpoint: AnyObject {
    var fd: Int32 { get }
    func read(into buffer: UnsafeMutableRawBufferPointer) -> TransferResult
    func write(_ bytes: UnsafeRawBufferPointer) -> TransferResult
    /// No more data will be written: a TCP half-close, or TLS close_notify.
    func finishWriting()
}

/// A clear-text socket.
final class PlainEndpoint: RelayEndpoint {
    let fd: Int32

    init(fd: Int32) { self.fd = fd }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> TransferResult {
        while true {
            let count = recv(fd, buffer.baseAddress, buffer.count, 0)
            if count > 0 { return .transferred(count) }
            if count == 0 { return .closed }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wantRead
            default: return .failed
            }
        }
    }

    func write(_ bytes: UnsafeRawBufferPointer) -> TransferResult {
        while true {
            let count = send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            if count >= 0 { return .transferred(count) }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wantWrite
            default: return .failed
            }
        }
    }

    func finishWriting() { _ = shutdown(fd, Int32(SHUT_WR)) }
}

/// The server side of a TLS session over a non-blocking socket (libssl). Used by one thread at a time.
final class TLSSession: RelayEndpoint {
    let fd: Int32
    private let ssl: OpaquePointer
    /// After a fatal error libssl must not be asked to send close_notify.
    private var broken = false

    init?(context: TLSServerContext, fd: Int32) {
        guard let ssl = SSL_new(context.pointer) else {
            OpenSSLErrors.clear()
            return nil
        }
        guard SSL_set_fd(ssl, fd) == 1 else {
            SSL_free(ssl)
            OpenSSLErrors.clear()
            return nil
        }
        self.ssl = ssl
        self.fd = fd
    }

    deinit { SSL_free(ssl) }

    /// Runs the server handshake until it completes (true) or fails, or `deadline` passes (false): a
    /// client that stalls or leaves mid-handshake never holds the thread longer than that.
    func handshake(until deadline: ContinuousClock.Instant) -> Bool {
        while true {
            ERR_clear_error()
            let result = SSL_accept(ssl)
            if result == 1 { return true }
            switch SSL_get_error(ssl, result) {
            case SSL_ERROR_WANT_READ:
                guard ProxySocket.wait(fd, for: Int16(POLLIN), until: deadline) else { return fail() }
            case SSL_ERROR_WANT_WRITE:
                guard ProxySocket.wait(fd, for: Int16(POLLOUT), until: deadline) else { return fail() }
            default:
                return fail()
            }
        }
    }

    /// The protocol version negotiated ("TLSv1.3").
    var protocolVersion: String { String(cString: SSL_get_version(ssl)) }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> TransferResult {
        guard !broken else { return .failed }
        ERR_clear_error()
        let count = SSL_read(ssl, buffer.baseAddress, Int32(clamping: buffer.count))
        if count > 0 { return .transferred(Int(count)) }
        return outcome(of: count)
    }

    func write(_ bytes: UnsafeRawBufferPointer) -> TransferResult {
        guard !broken else { return .failed }
        guard !bytes.isEmpty else { return .transferred(0) }
        ERR_clear_error()
        let count = SSL_write(ssl, bytes.baseAddress, Int32(clamping: bytes.count))
        if count > 0 { return .transferred(Int(count)) }
        return outcome(of: count)
    }

    func finishWriting() {
        guard !broken else { return }
        ERR_clear_error()
        _ = SSL_shutdown(ssl)
        OpenSSLErrors.clear()
    }

    private func outcome(of result: Int32) -> TransferResult {
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ: return .wantRead
        case SSL_ERROR_WANT_WRITE: return .wantWrite
        case SSL_ERROR_ZERO_RETURN: return .closed
        default:
            // A peer gone without close_notify, a reset, or a protocol error: nothing more can be sent.
            broken = true
            OpenSSLErrors.clear()
            return .failed
        }
    }

    private func fail() -> Bool {
        broken = true
        OpenSSLErrors.clear()
        return false
    }
}
