import COpenSSLTLS

/// Making, writing or loading the sandbox CA or a host certificate failed.
public struct CertificateAuthorityError: Error, CustomStringConvertible, Sendable, Equatable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }
        /// OpenSSL refused to generate a key, build or sign a certificate.
        public static let openSSL = Code(name: "openssl")
        /// The sandbox directory or a file in it could not be created or written.
        public static let fileSystem = Code(name: "file-system")
        /// A certificate was asked for a name that is neither a DNS host name nor an IP literal.
        public static let invalidHost = Code(name: "invalid-host")
    }

    public let code: Code
    public let message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// `what` failed, with OpenSSL's queued error text (the queue is emptied).
    static func openSSL(_ what: String) -> CertificateAuthorityError {
        CertificateAuthorityError(code: .openSSL, message: "\(what) failed: \(OpenSSLErrors.drain())")
    }
}

/// OpenSSL's thread-local error queue as text.
enum OpenSSLErrors {
    /// Every queued error, oldest first, joined by "; " ("no details" when empty); empties the queue.
    static func drain() -> String {
        var messages: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            if messages.count < 8 { messages.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)) }
        }
        return messages.isEmpty ? "no details from OpenSSL" : messages.joined(separator: "; ")
    }

    /// Forgets queued errors (after a failure that is handled, so the next report is not polluted).
    static func clear() { ERR_clear_error() }
}
