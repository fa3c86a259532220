/// Secrets Manager's regional endpoints: `secretsmanager.<region>.<suffix>`, and
/// `secretsmanager-fips.<region>.<suffix>` in the regions with a FIPS endpoint (the United States,
/// Canada and GovCloud), for every region of `DynamoDBEndpoints`' list (Secrets Manager runs in each).
/// A name of the right shape for a region AWS does not list is refused, as its DNS lookup fails in
/// production.
enum SecretsManagerEndpoints {
    enum Match: Equatable {
        case endpoint(region: String)
        case unknownRegion(String)
        case notSecretsManager
    }

    static func match(_ host: String) -> Match {
        let labels = host.split(separator: ".", maxSplits: 2).map(String.init)
        guard labels.count == 3, labels[0] == "secretsmanager" || labels[0] == "secretsmanager-fips",
              let partition = DynamoDBEndpoints.partitions.first(where: { $0.dnsSuffix == labels[2] })
        else { return .notSecretsManager }
        let region = labels[1]
        guard partition.regions.contains(region), labels[0] == "secretsmanager" || partition.fipsRegions.contains(region) else {
            return .unknownRegion(region)
        }
        return .endpoint(region: region)
    }

    /// Every endpoint name, for a hosts file.
    static var allHostNames: [String] {
        DynamoDBEndpoints.partitions.flatMap { partition in
            partition.regions.map { "secretsmanager.\($0).\(partition.dnsSuffix)" }
                + partition.regions.filter(partition.fipsRegions.contains).map { "secretsmanager-fips.\($0).\(partition.dnsSuffix)" }
        }
    }
}
