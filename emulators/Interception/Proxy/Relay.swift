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

    /// A fixed-size byte queue: reads land in the free space at its end, writes take from its start; the
    /// bytes left are moved to the front only when the end is reached. No allocation after creation.
    struct Buffer {
        private var storage: [UInt8]
        private var start = 0
        private var end = 0

        init(_ initial: [UInt8]) {
            storage = [UInt8](repeating: 0, count: max(Relay.bufferSize, initial.count))
            storage.replaceSubrange(0..<initial.count, with: initial)
            end = initial.count
        }

        var isEmpty: Bool { start == end }
        /// Free space, counting what compaction would reclaim.
        var room: Int { storage.count - (end - start) }

        mutating func clear() {
            start = 0
            end = 0
        }

        mutating func fill(from endpoint: RelayEndpoint) -> TransferResult {
            if start == end {
                clear()
            } else if end == storage.count && start > 0 {
                compact()
            }
            guard end < storage.count else { return .transferred(0) }
            let from = end
            let result = storage.withUnsafeMutableBytes { buffer in
                endpoint.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[from...]))
            }
            if case .transferred(let count) = result { end += count }
            return result
        }

        mutating func drain(into endpoint: RelayEndpoint) -> TransferResult {
            let (from, to) = (start, end)
            // TLS may be handed the same pending bytes at another address after a compaction: the contexts
            // allow a moving write buffer.
            let result = storage.withUnsafeBytes { buffer in
                endpoint.write(UnsafeRawBufferPointer(rebasing: buffer[from..<to]))
            }
            if case .transferred(let count) = result {
                start += count
                if start == end { clear() }
            }
            return result
        }

        private mutating func compact() {
            let count = end - start
            let from = start
            storage.withUnsafeMutableBytes { buffer in
                guard let base = buffer.baseAddress else { return }
                memmove(base, base + from, count)
            }
            start = 0
            end = count
        }
    }
}
