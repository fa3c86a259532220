import CCurl

/// Sets every option a transfer depends on, every time: handles are reused without
/// curl_easy_reset (which would drop their open connections), so nothing may leak from the last request.
enum CurlRequestOptions {
    static func apply(
        to handle: CurlEasyHandle, request: ClientRequest, configuration: HTTPClient.Configuration,
        headers: UnsafeMutablePointer<curl_slist>?, body: UnsafeRawPointer, bodyCount: Int,
        transfer: UnsafeMutableRawPointer
    ) {
        let raw = handle.raw
        _ = CCurl_easy_setopt_string(raw, CURLOPT_URL, request.url)
        _ = CCurl_easy_setopt_string(raw, CURLOPT_PROTOCOLS_STR, "http,https")
        _ = CCurl_easy_setopt_long(raw, CURLOPT_NOSIGNAL, 1)
        _ = CCurl_easy_setopt_long(raw, CURLOPT_FOLLOWLOCATION, 0)
        _ = CCurl_easy_setopt_long(raw, CURLOPT_SSL_VERIFYPEER, 1)
        _ = CCurl_easy_setopt_long(raw, CURLOPT_SSL_VERIFYHOST, 2)
        if let bundle = configuration.caBundlePath { _ = CCurl_easy_setopt_string(raw, CURLOPT_CAINFO, bundle) }
        _ = CCurl_easy_setopt_string(raw, CURLOPT_USERAGENT, configuration.userAgent)
        _ = CCurl_easy_setopt_ptr(raw, CURLOPT_ERRORBUFFER, handle.errorBuffer)

        let total = request.timeout ?? configuration.totalTimeout
        _ = CCurl_easy_setopt_long(raw, CURLOPT_TIMEOUT_MS, milliseconds(total))
        _ = CCurl_easy_setopt_long(raw, CURLOPT_CONNECTTIMEOUT_MS, milliseconds(min(configuration.connectTimeout, total)))

        applyMethod(raw, method: request.method, sendsBody: sendsBody(request), body: body, bodyCount: bodyCount)
        _ = CCurl_easy_setopt_slist(raw, CURLOPT_HTTPHEADER, headers)

        _ = CCurl_easy_setopt_write_callback(raw, CURLOPT_WRITEFUNCTION) { CurlCallbacks.write($0, $1, $2, $3) }
        _ = CCurl_easy_setopt_ptr(raw, CURLOPT_WRITEDATA, transfer)
        _ = CCurl_easy_setopt_write_callback(raw, CURLOPT_HEADERFUNCTION) { CurlCallbacks.header($0, $1, $2, $3) }
        _ = CCurl_easy_setopt_ptr(raw, CURLOPT_HEADERDATA, transfer)
        _ = CCurl_easy_setopt_xferinfo_callback(raw, CURLOPT_XFERINFOFUNCTION) { user, _, _, _, _ in CurlCallbacks.progress(user) }
        _ = CCurl_easy_setopt_ptr(raw, CURLOPT_XFERINFODATA, transfer)
        _ = CCurl_easy_setopt_long(raw, CURLOPT_NOPROGRESS, 0)
    }

    /// Drops the pointers libcurl borrowed for one transfer (header list, body, callback context), which
    /// die when it ends, so an idle handle in the pool never holds a dangling one.
    static func clearBorrowedPointers(_ handle: CurlEasyHandle) {
        let raw = handle.raw
        _ = CCurl_easy_setopt_slist(raw, CURLOPT_HTTPHEADER, nil)
        _ = CCurl_easy_setopt_ptr(raw, CURLOPT_POSTFIELDS, nil)
        _ = CCurl_easy_setopt_ptr(raw, CURLOPT_WRITEDATA, nil)
        _ = CCurl_easy_setopt_ptr(raw, CURLOPT_HEADERDATA, nil)
        _ = CCurl_easy_setopt_ptr(raw, CURLOPT_XFERINFODATA, nil)
    }

    /// GET and DELETE without a body use no POSTFIELDS, so no `Content-Length: 0` is invented for them.
    static func sendsBody(_ request: ClientRequest) -> Bool {
        !request.body.isEmpty || ["POST", "PUT", "PATCH"].contains(request.method.uppercased())
    }

    private static func applyMethod(_ raw: UnsafeMutableRawPointer, method: String, sendsBody: Bool, body: UnsafeRawPointer, bodyCount: Int) {
        let upper = method.uppercased()
        if upper == "HEAD" {
            // A custom "HEAD" would make libcurl wait for a body that never comes.
            _ = CCurl_easy_setopt_ptr(raw, CURLOPT_CUSTOMREQUEST, nil)
            _ = CCurl_easy_setopt_long(raw, CURLOPT_NOBODY, 1)
            return
        }
        _ = CCurl_easy_setopt_long(raw, CURLOPT_NOBODY, 0)
        if sendsBody {
            // Explicit size first: binary-safe, and libcurl never strlen()s the buffer.
            _ = CCurl_easy_setopt_off_t(raw, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(bodyCount))
            _ = CCurl_easy_setopt_ptr(raw, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: body))
        } else {
            _ = CCurl_easy_setopt_long(raw, CURLOPT_HTTPGET, 1)
        }
        let standard = sendsBody ? "POST" : "GET"
        if upper == standard {
            _ = CCurl_easy_setopt_ptr(raw, CURLOPT_CUSTOMREQUEST, nil)
        } else {
            _ = CCurl_easy_setopt_string(raw, CURLOPT_CUSTOMREQUEST, method)
        }
    }

    /// The request's headers as a curl_slist (nil if none), plus lines that switch off libcurl's own
    /// `Expect: 100-continue` and form `Content-Type`. Rejects names and values that could split headers.
    static func headerList(for request: ClientRequest, redactedURL: String) throws -> UnsafeMutablePointer<curl_slist>? {
        var lines: [String] = []
        for field in request.headers {
            let lowered = field.name.lowercased()
            // libcurl computes the length from the body; a second, possibly different one would corrupt framing.
            if lowered == "content-length" { continue }
            guard isToken(field.name) else {
                throw HTTPClientError(code: .other, message: "\(request.method) \(redactedURL): invalid header name '\(field.name)'")
            }
            guard !field.value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) else {
                // The value is not quoted: it may be a credential.
                throw HTTPClientError(code: .other, message: "\(request.method) \(redactedURL): header '\(field.name)' has a line break in its value")
            }
            // "Name;" is libcurl's spelling of a header with an empty value ("Name:" would remove it).
            lines.append(field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)")
        }
        if !request.headers.contains("Expect") { lines.append("Expect:") }
        if !request.headers.contains("Content-Type") { lines.append("Content-Type:") }

        var list: UnsafeMutablePointer<curl_slist>?
        for line in lines {
            guard let appended = curl_slist_append(list, line) else {
                curl_slist_free_all(list)
                throw HTTPClientError(code: .other, message: "\(request.method) \(redactedURL): out of memory building headers")
            }
            list = appended
        }
        return list
    }

    private static func isToken(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"):
                return true
            default:
                return "!#$%&'*+-.^_`|~".utf8.contains(byte)
            }
        }
    }

    private static func milliseconds(_ seconds: Double) -> Int {
        guard seconds.isFinite, seconds > 0 else { return 1 }
        return max(1, Int((seconds * 1000).rounded(.up)))
    }
}
