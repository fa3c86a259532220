import Foundation

/// Copies bytes both ways between a client and the edge server until both directions have ended, either
/// side breaks, or nothing moves for `idleTimeout`. One thread, `poll(2)`, bounded buffers: a slow reader
/// on one side stops reading from the other (back-pressure) instead of growing memory.
///
/// The edge's deliveries pass through faithfully: its FIN ends the client's stream (after what was
/// already sent), and its reset (the `reset` fault) resets the client's connection.
enum Relay {
    enum Outcome: Equatable {
        /// Both directions ended in order.
        case finished
        /// The client went away (or broke the TLS session).
        case clientGone
        /// The edge reset the connection; the client's was reset too.
        case upstreamReset
        /// Nothing moved for the idle timeout.
        case idle
    }

    static let bufferSize = 64 * 1024

    /// Relays until done; `pending` is what the client already sent that must reach the edge first.
    static func run(client: RelayEndpoint, upstream: RelayEndpoint, pending: [UInt8] = [], idleTimeout: Duration) -> Outcome {
        var toUpstream = Buffer(pending)
        var toClient = Buffer([])
        var clientEnded = false, upstreamEnded = false, upstreamWriteClosed = false
        while true {
            var clientEvents: Int16 = 0, upstreamEvents: Int16 = 0
            var progressed = true
            while progressed {
                progressed = false
                clientEvents = 0
                upstreamEvents = 0
                // Client → buffer.
                if !clientEnded && toUpstream.room > 0 {
                    switch toUpstream.fill(from: client) {
                    case .transferred(let count): progressed = count > 0
                    case .wantRead: clientEvents |= Int16(POLLIN)
                    case .wantWrite: clientEvents |= Int16(POLLOUT)
                    case .closed:
                        clientEnded = true
                        progressed = true
                    case .failed: return .clientGone
                    }
                }
                // Buffer → edge; once the client has finished and everything is delivered, half-close.
                if !toUpstream.isEmpty {
                    switch toUpstream.drain(into: upstream) {
                    case .transferred(let count): progressed = progressed || count > 0
                    case .wantWrite, .wantRead: upstreamEvents |= Int16(POLLOUT)
                    case .closed, .failed:
                        // The edge stopped reading (it answered and closed); what it sent still goes out.
                        toUpstream.clear()
                        clientEnded = true
                    }
                } else if clientEnded && !upstreamWriteClosed {
                    upstream.finishWriting()
                    upstreamWriteClosed = true
                }
                // Edge → buffer.
                if !upstreamEnded && toClient.room > 0 {
                    switch toClient.fill(from: upstream) {
                    case .transferred(let count): progressed = progressed || count > 0
                    case .wantRead, .wantWrite: upstreamEvents |= Int16(POLLIN)
                    case .closed:
                        upstreamEnded = true
                        progressed = true
                    case .failed:
                        ProxySocket.reset(client.fd)
                        return .upstreamReset
                    }
                }
                // Buffer → client; once the edge has finished and everything is delivered, we are done.
                if !toClient.isEmpty {
                    switch toClient.drain(into: client) {
                    case .transferred(let count): progressed = progressed || count > 0
                    case .wantWrite: clientEvents |= Int16(POLLOUT)
                    case .wantRead: clientEvents |= Int16(POLLIN)
                    case .closed, .failed: return .clientGone
                    }
                } else if upstreamEnded {
                    client.finishWriting()
                    return .finished
                }
            }
            if clientEvents == 0 && upstreamEvents == 0 { return clientEnded && upstreamEnded ? .finished : .clientGone }
            var entries = [
                pollfd(fd: client.fd, events: clientEvents, revents: 0),
                pollfd(fd: upstream.fd, events: upstreamEvents, revents: 0),
            ]
            let deadline = ContinuousClock.now + idleTimeout
            var ready: Int32 = -1
            while ready < 0 {
                let remaining = deadline - ContinuousClock.now
                guard remaining > .zero else { return .idle }
                ready = poll(&entries, 2, ProxySocket.milliseconds(remaining))
                if ready < 0 && errno != EINTR { return .clientGone }
                if ready == 0 { ready = -1 }
            }
        }
    }

    /// A bounded byte queue with a moving start (no copying per partial write).
    struct Buffer {
        private var storage: [UInt8]
        private var start = 0

        init(_ initial: [UInt8]) { storage = initial }

        var isEmpty: Bool { start == storage.count }
        var room: Int { max(0, Relay.bufferSize - (storage.count - start)) }

        mutating func clear() {
            storage.removeAll(keepingCapacity: true)
            start = 0
        }

        mutating func fill(from endpoint: RelayEndpoint) -> TransferResult {
            if start > 0 && start == storage.count { clear() }
            let room = self.room
            let end = storage.count
            storage.append(contentsOf: repeatElement(0, count: room))
            let result = storage.withUnsafeMutableBytes { buffer in
                endpoint.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[end..<end + room]))
            }
            let kept = if case .transferred(let count) = result { count } else { 0 }
            storage.removeLast(room - kept)
            return result
        }

        mutating func drain(into endpoint: RelayEndpoint) -> TransferResult {
            let result = storage.withUnsafeBytes { buffer in
                endpoint.write(UnsafeRawBufferPointer(rebasing: buffer[start...]))
            }
            if case .transferred(let count) = result {
                start += count
                if start == storage.count { clear() } else if start > Relay.bufferSize { compact() }
            }
            return result
        }

        private mutating func compact() {
            storage.removeFirst(start)
            start = 0
        }
    }
}
