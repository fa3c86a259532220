/// `users.messages.get`'s `format`: how much of the message to return.
struct MessageFormat: Sendable, Equatable {
    /// `full`, `metadata`, `minimal` or `raw`.
    let name: String

    static let full = MessageFormat(name: "full")
    static let metadata = MessageFormat(name: "metadata")
    static let minimal = MessageFormat(name: "minimal")
    static let raw = MessageFormat(name: "raw")

    /// The format a query value names (the enum's JSON names, any case; Google's parser accepts the
    /// proto names `FULL`, … as well), or nil.
    init?(parameter: String) {
        switch parameter.lowercased() {
        case "full": self = .full
        case "metadata": self = .metadata
        case "minimal": self = .minimal
        case "raw": self = .raw
        default: return nil
        }
    }

    private init(name: String) { self.name = name }
}
