import Foundation

/// A host as a client names it (in `CONNECT`, an absolute URL, a `Host` header or TLS SNI), checked and
/// normalised: lowercase, no trailing dot, an IPv6 literal in its canonical form without brackets.
///
/// Only names made of DNS label characters (letters, digits, `-`, `_`; labels of 1–63, 253 in all) and
/// IP literals are hosts; anything else (spaces, `,`, `/`, `%`, `@`, control bytes) is refused, so a
/// name can be put into a certificate's subjectAltName, a journal entry or an error message as it is.
public struct HostName: Hashable, Sendable, CustomStringConvertible {
    /// The normalised name (`gmail.googleapis.com`, `169.254.169.254`, `fd00:ec2::254`).
    public let name: String
    /// Whether the name is an IPv4 or IPv6 literal rather than a DNS name.
    public let isIPAddress: Bool

    /// nil unless `text` is a DNS name or an IP literal (IPv6 with or without brackets).
    public init?(_ text: String) {
        guard !text.isEmpty, text.utf8.count <= 255 else { return nil }
        var candidate = text
        if candidate.hasPrefix("[") && candidate.hasSuffix("]") { candidate = String(candidate.dropFirst().dropLast()) }
        if let address = Self.canonicalIPAddress(candidate) {
            name = address
            isIPAddress = true
            return
        }
        var lowered = candidate.lowercased()
        if lowered.hasSuffix(".") { lowered.removeLast() }
        guard Self.isDNSName(lowered) else { return nil }
        name = lowered
        isIPAddress = false
    }

    public var description: String { name }

    /// `name` as it goes into a URL authority: IPv6 literals in brackets.
    public var urlForm: String { isIPAddress && name.contains(":") ? "[\(name)]" : name }

    /// Splits `host:port` / `[v6]:port` / `host` (then `defaultPort`, or nil when there is none). nil when
    /// the host is not a `HostName` or the port is not 1–65535.
    public static func authority(_ text: String, defaultPort: Int?) -> (host: HostName, port: Int)? {
        var hostPart = Substring(text)
        var portPart: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            hostPart = text[...close]
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { return nil }
                portPart = rest.dropFirst()
            }
        } else if let colon = text.lastIndex(of: ":") {
            // A bare IPv6 literal has several colons and no port.
            if text[..<colon].contains(":") {
                hostPart = Substring(text)
            } else {
                hostPart = text[..<colon]
                portPart = text[text.index(after: colon)...]
            }
        }
        guard let host = HostName(String(hostPart)) else { return nil }
        guard let portPart else {
            guard let defaultPort else { return nil }
            return (host, defaultPort)
        }
        guard (1...5).contains(portPart.count), portPart.allSatisfy({ $0.isASCII && $0.isNumber }),
              let port = Int(portPart), (1...65535).contains(port) else { return nil }
        return (host, port)
    }

    private static func isDNSName(_ name: String) -> Bool {
        guard (1...253).contains(name.utf8.count) else { return false }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            (1...63).contains(label.utf8.count) && label.utf8.allSatisfy { byte in
                (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
            }
        }
    }

    /// The canonical text of an IPv4 (dotted quad) or IPv6 literal; nil for anything else.
    private static func canonicalIPAddress(_ text: String) -> String? {
        guard text.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x25 }) else { return nil }  // no zone ids (`%eth0`)
        var v4 = in_addr()
        if text.contains("."), !text.contains(":"), inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { format(family: AF_INET, $0, length: INET_ADDRSTRLEN) }
        }
        var v6 = in6_addr()
        if text.contains(":"), inet_pton(AF_INET6, text, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { format(family: AF_INET6, $0, length: INET6_ADDRSTRLEN) }
        }
        return nil
    }

    private static func format(family: Int32, _ address: UnsafeRawBufferPointer, length: Int32) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(length))
        guard inet_ntop(family, address.baseAddress, &buffer, socklen_t(length)) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
