import Foundation

/// Reads several pipes at once, so a writer filling one never blocks on another.
enum PipeReader {
    /// Everything read from each of `descriptors` until every one reaches end of file or `timeout`
    /// seconds pass, in the order given, and whether every one did reach end of file.
    static func readUntilClosed(_ descriptors: [Int32], timeout: Double) -> (streams: [[UInt8]], closed: Bool) {
        var collected = Array(repeating: [UInt8](), count: descriptors.count)
        var open = Set(descriptors.indices)
        let deadline = ContinuousClock.now + .milliseconds(Int64(timeout * 1000))
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while !open.isEmpty {
            let left = deadline - ContinuousClock.now
            guard left > .zero else { break }
            let milliseconds = Int32(clamping: left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1)
            var polled = open.sorted().map { pollfd(fd: descriptors[$0], events: Int16(POLLIN), revents: 0) }
            let ready = poll(&polled, nfds_t(polled.count), milliseconds)
            if ready < 0 && errno != EINTR { break }
            guard ready > 0 else { continue }
            for (slot, index) in open.sorted().enumerated() where polled[slot].revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(descriptors[index], $0.baseAddress, $0.count) }
                if count > 0 {
                    collected[index].append(contentsOf: buffer[0..<count])
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    open.remove(index)
                }
            }
        }
        return (collected, open.isEmpty)
    }
}
