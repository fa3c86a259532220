import DrydockCore

/// A `StreamSpecification` member of CreateTable or UpdateTable, validated as DynamoDB validates it.
///
/// The texts are AWS's as captured live by a public API-quirks catalogue (2026): Coral's member
/// constraints first (`streamSpecification.streamEnabled` must not be null, the view-type enum), then
/// the operation's own rule ("Table is being created with a stream enabled, UpdateViewType is required"
/// on CreateTable, "If stream is being enabled then UpdateViewType is required" on UpdateTable).
struct StreamSpecification: Equatable {
    let enabled: Bool
    /// `KEYS_ONLY`, `NEW_IMAGE`, `OLD_IMAGE` or `NEW_AND_OLD_IMAGES`; set exactly when `enabled`.
    let viewType: StreamViewType?

    enum Operation { case createTable, updateTable }

    /// The specification in `body`, nil when the request has none.
    init?(_ body: RequestBody, for operation: Operation) throws(DynamoDBError) {
        guard let member = try body.object("StreamSpecification") else { return nil }
        let enabled = try member.bool("StreamEnabled")
        let viewTypeName = try member.string("StreamViewType")
        var violations: [String] = []
        if enabled == nil {
            violations.append("Value null at 'streamSpecification.streamEnabled' failed to satisfy constraint: Member must not be null")
        }
        if let viewTypeName, StreamViewType(rawValue: viewTypeName) == nil {
            violations.append("Value '\(viewTypeName)' at 'streamSpecification.streamViewType' failed to satisfy constraint: Member must satisfy enum value set: [OLD_IMAGE, KEYS_ONLY, NEW_AND_OLD_IMAGES, NEW_IMAGE]")
        }
        if !violations.isEmpty { throw .constraint(violations) }
        guard let enabled else { throw .missing("streamSpecification.streamEnabled") }
        let viewType = viewTypeName.flatMap(StreamViewType.init(rawValue:))
        switch (operation, enabled, viewType) {
        case (.createTable, true, nil):
            throw .invalidParameter("Table is being created with a stream enabled, UpdateViewType is required")
        case (.createTable, false, .some):
            throw .invalidParameter("Table is being created with a stream disabled, UpdateViewType should not be specified")
        case (.updateTable, true, nil):
            throw .invalidParameter("If stream is being enabled then UpdateViewType is required")
        case (.updateTable, false, .some):
            throw .invalidParameter("If stream is being disabled, then UpdateViewType must not be specified")
        default:
            self.enabled = enabled
            self.viewType = viewType
        }
    }
}

/// What a stream record carries besides the keys.
enum StreamViewType: String, Sendable {
    case keysOnly = "KEYS_ONLY"
    case newImage = "NEW_IMAGE"
    case oldImage = "OLD_IMAGE"
    case newAndOldImages = "NEW_AND_OLD_IMAGES"

    var includesNewImage: Bool { self == .newImage || self == .newAndOldImages }
    var includesOldImage: Bool { self == .oldImage || self == .newAndOldImages }
}
