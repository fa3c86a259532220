import DrydockHTTP

/// CloudFront's REST paths (API version 2020-05-31) and the operation each method names.
enum CloudFrontRoute: Equatable {
    case listDistributions
    case getDistribution(id: String)
    case createInvalidation(distributionID: String)
    case listInvalidations(distributionID: String)
    case getInvalidation(distributionID: String, id: String)

    static let version = "/2020-05-31/"

    /// Every operation the emulator answers, for fault rules.
    static let known = ["ListDistributions", "GetDistribution", "CreateInvalidation", "ListInvalidations", "GetInvalidation"]

    /// The route of `method` on `path` (decoded), or nil when CloudFront has no such operation here.
    init?(method: String, path: String) {
        guard path.hasPrefix(Self.version) else { return nil }
        let parts = path.dropFirst(Self.version.count).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.first == "distribution", parts.allSatisfy({ !$0.isEmpty }) || parts.count == 1 else { return nil }
        switch (method, parts.count) {
        case ("GET", 1): self = .listDistributions
        case ("GET", 2): self = .getDistribution(id: parts[1])
        case ("POST", 3) where parts[2] == "invalidation": self = .createInvalidation(distributionID: parts[1])
        case ("GET", 3) where parts[2] == "invalidation": self = .listInvalidations(distributionID: parts[1])
        case ("GET", 4) where parts[2] == "invalidation": self = .getInvalidation(distributionID: parts[1], id: parts[3])
        default: return nil
        }
    }

    var operation: String {
        switch self {
        case .listDistributions: "ListDistributions"
        case .getDistribution: "GetDistribution"
        case .createInvalidation: "CreateInvalidation"
        case .listInvalidations: "ListInvalidations"
        case .getInvalidation: "GetInvalidation"
        }
    }
}
