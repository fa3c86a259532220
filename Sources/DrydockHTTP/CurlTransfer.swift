import CCurl
import Synchronization

/// What one transfer collects through libcurl's callbacks: the final response's headers and its body.
/// Passed to the callbacks through `Unmanaged`; also carries the cancellation flag an async caller sets.
final class CurlTransfer: Sendable {
    private let state = Mutex(State())

    private struct State {
        var headers: [(String, String)] = []
        var body: [UInt8] = []
        var cancelled = false
    }

    var headers: HTTPHeaders { HTTPHeaders(state.withLock { $0.headers }) }
    var body: [UInt8] { state.withLock { $0.body } }
    var isCancelled: Bool { state.withLock { $0.cancelled } }

    func cancel() { state.withLock { $0.cancelled = true } }

    func appendBody(_ bytes: UnsafeRawBufferPointer) {
        state.withLock { $0.body.append(contentsOf: bytes) }
    }

    /// One raw header line as libcurl delivers it (with its CRLF). A status line starts a new response,
    /// so interim (`100 Continue`) and earlier responses' headers are dropped.
    func headerLine(_ bytes: UnsafeRawBufferPointer) {
        var line = Substring(decoding: bytes, as: UTF8.self)
        while let last = line.last, last == "\r" || last == "\n" || last == "\r\n" { line.removeLast() }
        state.withLock { state in
            if line.hasPrefix("HTTP/") {
                state.headers.removeAll()
            } else if let first = line.first, first == " " || first == "\t", !state.headers.isEmpty {
                // obs-fold: a continuation of the previous field's value.
                state.headers[state.headers.count - 1].1 += " " + Self.trimmed(line)
            } else if let colon = line.firstIndex(of: ":") {
                state.headers.append((Self.trimmed(line[..<colon]), Self.trimmed(line[line.index(after: colon)...])))
            }
        }
    }

    private static func trimmed(_ text: Substring) -> String {
        var text = text
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return String(text)
    }
}

/// The C callbacks handed to libcurl; each recovers its `CurlTransfer` from the user-data pointer.
enum CurlCallbacks {
    static func write(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ user: UnsafeMutableRawPointer?) -> Int {
        guard let user else { return 0 }
        let total = size * count
        if let data, total > 0 {
            Unmanaged<CurlTransfer>.fromOpaque(user).takeUnretainedValue()
                .appendBody(UnsafeRawBufferPointer(start: data, count: total))
        }
        return total
    }

    static func header(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ user: UnsafeMutableRawPointer?) -> Int {
        guard let user else { return 0 }
        let total = size * count
        if let data, total > 0 {
            Unmanaged<CurlTransfer>.fromOpaque(user).takeUnretainedValue()
                .headerLine(UnsafeRawBufferPointer(start: data, count: total))
        }
        return total
    }

    /// Non-zero aborts the transfer (CURLE_ABORTED_BY_CALLBACK) once the caller's task is cancelled.
    static func progress(_ user: UnsafeMutableRawPointer?) -> Int32 {
        guard let user else { return 0 }
        return Unmanaged<CurlTransfer>.fromOpaque(user).takeUnretainedValue().isCancelled ? 1 : 0
    }
}
