/// The metadata paths an instance serves under `/latest/`, built from its `IMDSInstance`.
///
/// Listings are newline-separated with no trailing newline and subdirectories marked with `/`, as EC2
/// prints them (confirmed from AWS's instance metadata documentation). Only the categories Drydock's
/// clients read are served; EC2's others (`mac`, `network/`, `block-device-mapping/`, …) are 404s.
struct IMDSMetadataTree: Sendable {
    private let routes: [String: IMDSRoute]

    init(_ instance: IMDSInstance) {
        var metaData = ["ami-id", "ami-launch-index", "hostname"]
        if instance.role != nil { metaData.append("iam/") }
        metaData += ["instance-id", "instance-life-cycle", "instance-type", "local-hostname", "local-ipv4", "placement/", "services/"]
        var routes: [String: IMDSRoute] = [
            "": .listing(["dynamic", "meta-data"]),
            "api/token": .token,
            "meta-data": .listing(metaData),
            "meta-data/ami-id": .value(instance.amiID),
            "meta-data/ami-launch-index": .value("0"),
            "meta-data/hostname": .value(instance.hostname),
            "meta-data/instance-id": .value(instance.instanceID),
            "meta-data/instance-life-cycle": .value("on-demand"),
            "meta-data/instance-type": .value(instance.instanceType),
            "meta-data/local-hostname": .value(instance.hostname),
            "meta-data/local-ipv4": .value(instance.localIPv4),
            "meta-data/placement": .listing(["availability-zone", "region"]),
            "meta-data/placement/availability-zone": .value(instance.availabilityZone),
            "meta-data/placement/region": .value(instance.region),
            "meta-data/services": .listing(["domain", "partition"]),
            "meta-data/services/domain": .value("amazonaws.com"),
            "meta-data/services/partition": .value("aws"),
            "dynamic": .listing(["instance-identity/"]),
            "dynamic/instance-identity": .listing(["document"]),
            "dynamic/instance-identity/document": .identityDocument,
        ]
        if let role = instance.role {
            routes["meta-data/iam"] = .listing(["info", "security-credentials/"])
            routes["meta-data/iam/info"] = .iamInfo
            routes["meta-data/iam/security-credentials"] = .listing([role])
        }
        self.routes = routes
    }

    /// What `path` names; nil when it is not under `/latest` (another emulator's path).
    func route(for path: String) -> IMDSRoute? {
        guard let relative = IMDSRoute.relativePath(path) else { return nil }
        let credentialsPrefix = "meta-data/iam/security-credentials/"
        if routes["meta-data/iam"] != nil, relative.hasPrefix(credentialsPrefix) {
            let role = String(relative.dropFirst(credentialsPrefix.count))
            if !role.isEmpty, !role.contains("/") { return .credentials(role: role) }
        }
        return routes[relative] ?? .notFound
    }
}
