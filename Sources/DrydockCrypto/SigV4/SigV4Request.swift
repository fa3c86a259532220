import DrydockCore
/// The parts of an HTTP request that SigV4 signs, as they travel on the wire.
///
/// `path` and `query` are raw: exactly the bytes of the request target before and after `?`, with
/// whatever percent-encoding the sender applied. Headers keep their order and duplicates.
public struct SigV4Request: Sendable {
    public var method: String
    /// The raw path, percent-encoded as sent (e.g. `/`, `/my%20key`).
    public var path: String
    /// The raw query without the leading `?`; empty when there is none.
    public var query: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(
        method: String, path: String, query: String = "",
        headers: [(name: String, value: String)] = [], body: [UInt8] = []
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The values of every header named `name` (case-insensitively), in order.
    public func headerValues(_ name: String) -> [String] {
        headers.filter { $0.name.equalsIgnoringASCIICase(name) }.map(\.value)
    }

    /// The first value of header `name` (case-insensitively), or nil.
    public func header(_ name: String) -> String? { headers.first { $0.name.equalsIgnoringASCIICase(name) }?.value }

    /// Removes every header named `name` (case-insensitively).
    mutating func removeHeaders(_ name: String) {
        headers.removeAll { $0.name.equalsIgnoringASCIICase(name) }
    }
}
