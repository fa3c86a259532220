import CCurl
import Glibc
import Synchronization

/// One libcurl easy handle and its error buffer. The handle keeps its connection cache between
/// transfers, which is what makes keep-alive reuse work.
///
/// `@unchecked Sendable`: a handle is only ever used by the one transfer that took it from the pool
/// (the pool's Mutex hands it out exclusively), so it is never touched from two threads at once.
final class CurlEasyHandle: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer
    /// CURLOPT_ERRORBUFFER: libcurl writes a detailed message here when a transfer fails.
    let errorBuffer: UnsafeMutablePointer<CChar>

    init?() {
        CurlGlobal.ensureInitialized()
        guard let raw = curl_easy_init() else { return nil }
        self.raw = raw
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        curl_easy_cleanup(raw)
        errorBuffer.deallocate()
    }

    /// The libcurl detail for the last failure, or "".
    var errorDetail: String { String(cString: errorBuffer) }
}

/// Idle easy handles, most recently used last, so sequential requests get the handle whose connection
/// to the same host is still open.
final class CurlHandlePool: Sendable {
    private let idle = Mutex<[CurlEasyHandle]>([])
    private let capacity: Int

    init(capacity: Int) { self.capacity = max(0, capacity) }

    func take() -> CurlEasyHandle? {
        idle.withLock { $0.popLast() } ?? CurlEasyHandle()
    }

    func giveBack(_ handle: CurlEasyHandle) {
        // A surplus handle is released after the lock is dropped, so curl_easy_cleanup never runs under it.
        let surplus: CurlEasyHandle? = idle.withLock { idle in
            guard idle.count < capacity else { return handle }
            idle.append(handle)
            return nil
        }
        _ = surplus
    }
}

/// curl_global_init must run once before any other libcurl call, and is not itself thread-safe.
enum CurlGlobal {
    private static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK

    static func ensureInitialized() { _ = initialized }
}
