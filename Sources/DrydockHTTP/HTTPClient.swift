import CCurl
import Foundation

/// The production `HTTPTransport`: HTTP/1.1 and HTTPS over libcurl, with keep-alive connection reuse.
///
/// TLS certificates are always verified, redirects are never followed (a 302 is returned as a
/// response), and transport failures throw `HTTPClientError` with a code telling DNS, refused, timeout,
/// reset, truncated, TLS and URL problems apart. Messages name the URL without its query string.
///
/// Thread-safe: each request takes an idle libcurl handle from a pool (or makes one) and returns it
/// afterwards, so sequential requests to one host reuse the open connection.
public final class HTTPClient: HTTPTransport {
    /// Timeouts and user agent for every request; fixed at init.
    public let configuration: Configuration
    private let pool: CurlHandlePool
    private let counters = HTTPClientCounters()

    public init(configuration: Configuration = .init()) {
        self.configuration = configuration
        self.pool = CurlHandlePool(capacity: configuration.maxIdleConnections)
    }

    /// Transfers and new connections so far (tests use them to prove keep-alive reuse, for example).
    public var statistics: Statistics { counters.snapshot }

    /// Sends `request`, blocking the calling thread until the response has arrived or the transfer failed.
    public func send(_ request: ClientRequest) throws -> HTTPResponse {
        try perform(request, transfer: CurlTransfer())
    }

    /// Sends `request` on a dedicated thread, never blocking Swift's cooperative pool, so concurrent
    /// calls really overlap. Cancelling the task aborts the transfer (within about a second) with
    /// `CancellationError`.
    public func send(_ request: ClientRequest) async throws -> HTTPResponse {
        let transfer = CurlTransfer()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let thread = Thread {
                    continuation.resume(with: Result { try self.perform(request, transfer: transfer) })
                }
                thread.name = "drydock.http-client"
                thread.start()
            }
        } onCancel: {
            transfer.cancel()
        }
    }

    private func perform(_ request: ClientRequest, transfer: CurlTransfer) throws -> HTTPResponse {
        let redactedURL = HTTPClientRedaction.redact(request.url)
        do {
            _ = try ParsedURL(request.url)
        } catch {
            throw HTTPClientError(code: .invalidURL, message: "\(request.method) \(redactedURL): invalid URL (expected http:// or https:// with a host)")
        }
        if transfer.isCancelled { throw CancellationError() }
        guard let handle = pool.take() else {
            throw HTTPClientError(code: .other, message: "\(request.method) \(redactedURL): could not create a libcurl handle")
        }
        defer { pool.giveBack(handle) }

        let headerList = try CurlRequestOptions.headerList(for: request, redactedURL: redactedURL)
        defer { curl_slist_free_all(headerList) }
        // One extra byte so an empty body still has a valid, non-NULL POSTFIELDS pointer.
        let bodyBuffer = request.body + [0]
        let code: CURLcode = bodyBuffer.withUnsafeBufferPointer { body in
            withExtendedLifetime(transfer) {
                CurlRequestOptions.apply(
                    to: handle, request: request, configuration: configuration, headers: headerList,
                    body: UnsafeRawPointer(body.baseAddress!), bodyCount: request.body.count,
                    transfer: Unmanaged.passUnretained(transfer).toOpaque())
                handle.errorBuffer[0] = 0
                defer { CurlRequestOptions.clearBorrowedPointers(handle) }
                return curl_easy_perform(handle.raw)
            }
        }
        var newConnections = 0
        _ = CCurl_easy_getinfo_long(handle.raw, CURLINFO_NUM_CONNECTS, &newConnections)
        counters.recordTransfer(newConnections: newConnections)

        guard code == CURLE_OK else {
            if code == CURLE_ABORTED_BY_CALLBACK, transfer.isCancelled { throw CancellationError() }
            var osErrno = 0
            _ = CCurl_easy_getinfo_long(handle.raw, CURLINFO_OS_ERRNO, &osErrno)
            throw CurlErrorMapping.error(
                for: code, osErrno: Int32(truncatingIfNeeded: osErrno),
                detail: scrub(handle.errorDetail, of: request.url), method: request.method, url: redactedURL)
        }
        var status = 0
        _ = CCurl_easy_getinfo_long(handle.raw, CURLINFO_RESPONSE_CODE, &status)
        return HTTPResponse(status: status, headers: transfer.headers, body: transfer.body)
    }

    /// libcurl's messages rarely quote the URL, but if one ever does, its query must not leak.
    private func scrub(_ detail: String, of url: String) -> String {
        guard let query = url.firstIndex(where: { $0 == "?" || $0 == "#" }) else { return detail }
        let secret = String(url[url.index(after: query)...])
        return secret.isEmpty ? detail : detail.replacingOccurrences(of: secret, with: "…")
    }
}
