import Glibc

/// Which names resolve inside the isolated namespace, and to what: the private `/etc/hosts` lists
/// `entries`, and the DNS responder answers them plus every name `matches` admits (with 127.0.0.1).
/// Every other name is NXDOMAIN there and is reported as blocked egress.
///
/// The host table itself is the interception's (`InterceptedHosts`): build this from it, so that the two
/// modes can never disagree about which hosts are emulated. `matches` covers what a fixed list cannot,
/// such as `dynamodb.<region>.amazonaws.com` for every region.
public struct EmulatedHosts: Sendable {
    /// One name and the IPv4 address it resolves to.
    public struct Entry: Sendable, Equatable {
        /// Lowercased, without a trailing dot.
        public let name: String
        /// Dotted-quad IPv4.
        public let address: String

        public init(name: String, address: String) {
            self.name = EmulatedHosts.normalized(name)
            self.address = address
        }
    }

    /// The names written into `/etc/hosts`, in order.
    public let entries: [Entry]
    /// Names beyond `entries` that resolve to 127.0.0.1 through DNS (given lowercased, without a
    /// trailing dot).
    public let matches: @Sendable (String) -> Bool

    /// Where the emulators listen inside the namespace.
    public static let loopback = "127.0.0.1"
    /// The instance metadata address, added to `lo` inside the namespace.
    public static let metadataAddress = "169.254.169.254"

    /// - Parameters:
    ///   - entries: fixed names, each with its address (127.0.0.1 for the emulated APIs).
    ///   - matches: further names answered with 127.0.0.1 (a pattern such as every DynamoDB region).
    /// - Throws: `IsolationError` (`invalidConfiguration`) for an address that is not IPv4 or a name that
    ///   could not go into `/etc/hosts` (empty, longer than 253 bytes, or with characters other than
    ///   letters, digits, `-` and `.`).
    public init(entries: [Entry], matches: @escaping @Sendable (String) -> Bool = { _ in false }) throws(IsolationError) {
        for entry in entries {
            guard Self.isHostName(entry.name) else {
                throw IsolationError(code: .invalidConfiguration, message: "emulated host name '\(entry.name)' is not a valid host name")
            }
            guard IPv4.parse(entry.address) != nil else {
                throw IsolationError(
                    code: .invalidConfiguration, message: "emulated host '\(entry.name)': '\(entry.address)' is not an IPv4 address")
            }
        }
        self.entries = entries
        self.matches = matches
    }

    /// `names` on 127.0.0.1, `metadataNames` on 169.254.169.254.
    public init(
        loopbackNames: [String], metadataNames: [String] = [], matches: @escaping @Sendable (String) -> Bool = { _ in false }
    ) throws(IsolationError) {
        try self.init(
            entries: loopbackNames.map { Entry(name: $0, address: Self.loopback) }
                + metadataNames.map { Entry(name: $0, address: Self.metadataAddress) },
            matches: matches)
    }

    /// The address `name` resolves to inside the namespace, or nil (NXDOMAIN). `localhost` and names under
    /// it are loopback (RFC 6761).
    public func address(for name: String) -> String? {
        let name = Self.normalized(name)
        if let entry = entries.first(where: { $0.name == name }) { return entry.address }
        if name == "localhost" || name.hasSuffix(".localhost") { return Self.loopback }
        return matches(name) ? Self.loopback : nil
    }

    /// Lowercased, without one trailing dot: how names are compared.
    static func normalized(_ name: String) -> String {
        let lowered = name.lowercased()
        return lowered.hasSuffix(".") && lowered.count > 1 ? String(lowered.dropLast()) : lowered
    }

    /// Letters, digits, `-` and `.`, 1 to 253 bytes, no empty label.
    static func isHostName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...253).contains(bytes.count) else { return false }
        let allowed = bytes.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
        }
        return allowed && !name.split(separator: ".", omittingEmptySubsequences: false).contains { $0.isEmpty || $0.utf8.count > 63 }
    }
}

/// IPv4 text ↔ network-order value, through inet_pton.
enum IPv4 {
    /// The address in network byte order, or nil when `text` is not a dotted quad.
    static func parse(_ text: String) -> UInt32? {
        var address = in_addr()
        guard inet_pton(AF_INET, text, &address) == 1 else { return nil }
        return address.s_addr
    }
}
