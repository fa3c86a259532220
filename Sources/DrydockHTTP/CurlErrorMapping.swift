import CCurl
import Glibc

/// Turns a failed libcurl transfer into an `HTTPClientError`, in one place.
enum CurlErrorMapping {
    /// `detail` is libcurl's error buffer; `url` is already redacted. Neither headers nor bodies are
    /// ever part of the message: they may carry tokens.
    static func error(for code: CURLcode, osErrno: Int32, detail: String, method: String, url: String) -> HTTPClientError {
        let (kind, summary) = classify(code, osErrno: osErrno)
        var message = "\(method) \(url): \(summary)"
        let reason = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        message += " (curl error \(code.rawValue): \(reason))"
        return HTTPClientError(code: kind, message: message)
    }

    static func classify(_ code: CURLcode, osErrno: Int32) -> (HTTPClientError.Code, String) {
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return (.dnsFailure, "could not resolve host")
        case CURLE_COULDNT_CONNECT:
            return (.connectionRefused, osErrno == ECONNREFUSED ? "connection refused" : "could not connect")
        case CURLE_OPERATION_TIMEDOUT:
            return (.timeout, "timed out")
        case CURLE_GOT_NOTHING:
            return (.connectionReset, "server closed the connection without a response")
        case CURLE_RECV_ERROR, CURLE_SEND_ERROR:
            // Both mean the connection broke under us; ECONNRESET is the common (RST) case.
            return (.connectionReset, osErrno == ECONNRESET ? "connection reset by peer" : "connection broken")
        case CURLE_PARTIAL_FILE:
            return (.truncated, "connection closed before the whole response body arrived")
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
             CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR,
             CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT, CURLE_USE_SSL_FAILED:
            return (.tlsFailure, "TLS handshake or certificate verification failed")
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return (.invalidURL, "invalid URL")
        default:
            return (.other, "transfer failed")
        }
    }
}

/// URLs as they may appear in messages: no query, fragment or user-info, which can all carry secrets.
enum HTTPClientRedaction {
    static func redact(_ url: String) -> String {
        var text = Substring(url)
        if let cut = text.firstIndex(where: { $0 == "?" || $0 == "#" }) { text = text[..<cut] }
        let authorityStart = text.range(of: "://")?.upperBound ?? text.startIndex
        let rest = text[authorityStart...]
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        if let at = rest[..<authorityEnd].lastIndex(of: "@") {
            return String(text[..<authorityStart]) + "…@" + String(rest[rest.index(after: at)...])
        }
        return String(text)
    }
}
