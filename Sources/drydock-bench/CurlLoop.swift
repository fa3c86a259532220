import CCurl
import Foundation

/// One libcurl easy handle sending the same GET again and again, the way a client keeps one connection
/// alive: through a proxy with a CA bundle (TLS verified) or straight to a URL. The body is counted and
/// dropped. Used where `HTTPClient` has no proxy setting (the interception benchmark).
final class CurlLoop {
    private let handle: UnsafeMutableRawPointer
    private let headers: UnsafeMutablePointer<curl_slist>?
    private let received = UnsafeMutablePointer<Int>.allocate(capacity: 1)

    /// - Parameters:
    ///   - reuse: false sends `Connection: close` semantics (a new connection, and TLS handshake, per request).
    init(url: String, headers lines: [String], proxy: String? = nil, caBundle: String? = nil, reuse: Bool = true) throws {
        guard curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK, let handle = curl_easy_init() else { throw BenchError("libcurl did not start") }
        self.handle = handle
        var list: UnsafeMutablePointer<curl_slist>?
        for line in lines { list = curl_slist_append(list, line) }
        headers = list
        received.initialize(to: 0)
        _ = CCurl_easy_setopt_string(handle, CURLOPT_URL, url)
        _ = CCurl_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, list)
        _ = CCurl_easy_setopt_long(handle, CURLOPT_TIMEOUT, 20)
        _ = CCurl_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = CCurl_easy_setopt_long(handle, CURLOPT_FORBID_REUSE, reuse ? 0 : 1)
        // HTTP/1.1 only, as the emulators (and the proxy's ALPN) speak it.
        _ = CCurl_easy_setopt_long(handle, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_1_1))
        if let proxy { _ = CCurl_easy_setopt_string(handle, CURLOPT_PROXY, proxy) }
        if let caBundle { _ = CCurl_easy_setopt_string(handle, CURLOPT_CAINFO, caBundle) }
        _ = CCurl_easy_setopt_ptr(handle, CURLOPT_WRITEDATA, UnsafeMutableRawPointer(received))
        _ = CCurl_easy_setopt_write_callback(handle, CURLOPT_WRITEFUNCTION) { _, size, count, counter in
            counter?.assumingMemoryBound(to: Int.self).pointee += size * count
            return size * count
        }
    }

    deinit {
        curl_easy_cleanup(handle)
        curl_slist_free_all(headers)
        received.deallocate()
    }

    /// One request: its status, body bytes and how many new connections it opened (0 on a reused one).
    func perform() throws -> (status: Int, bytes: Int, connects: Int) {
        received.pointee = 0
        let code = curl_easy_perform(handle)
        guard code == CURLE_OK else { throw BenchError("curl: \(String(cString: curl_easy_strerror(code)))") }
        var status = 0, connects = 0
        _ = CCurl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        _ = CCurl_easy_getinfo_long(handle, CURLINFO_NUM_CONNECTS, &connects)
        return (status, received.pointee, connects)
    }
}
