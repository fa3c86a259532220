/// S3's endpoints: `s3.amazonaws.com` (the global one), `s3.<region>.<suffix>`, the legacy
/// `s3-<region>.amazonaws.com`, `s3.dualstack.<region>.<suffix>`, and each of them with a bucket in front
/// (virtual-hosted style: `<bucket>.s3.<region>.amazonaws.com`, the bucket possibly holding dots).
///
/// Regions are DynamoDB's list (`DynamoDBEndpoints`): S3 is in every one of them. A name of the right
/// shape for a region AWS does not have is refused, as DNS would fail for it in production.
enum S3Endpoints {
    enum Match: Equatable {
        case endpoint
        case unknownRegion(String)
        case notS3
    }

    static func match(_ host: String) -> Match {
        for partition in DynamoDBEndpoints.partitions {
            let suffix = "." + partition.dnsSuffix
            guard host.hasSuffix(suffix) else { continue }
            let labels = host.dropLast(suffix.count).split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            // Find the service label from the right: `s3`, `s3-<region>`, followed by region labels.
            guard let index = labels.lastIndex(where: { $0 == "s3" || ($0.hasPrefix("s3-") && $0 != "s3-accesspoint") }) else { return .notS3 }
            let bucket = labels[..<index]
            guard bucket.allSatisfy({ !$0.isEmpty }) else { return .notS3 }
            var rest = Array(labels[(index + 1)...])
            var region: String?
            if labels[index].hasPrefix("s3-") {
                guard rest.isEmpty else { return .notS3 }
                region = String(labels[index].dropFirst(3))
            } else {
                if rest.first == "dualstack" { rest.removeFirst() }
                guard rest.count <= 1 else { return .notS3 }
                region = rest.first
            }
            guard let region else { return partition.dnsSuffix == "amazonaws.com" ? .endpoint : .notS3 }
            return partition.regions.contains(region) ? .endpoint : .unknownRegion(region)
        }
        return .notS3
    }

    /// The service endpoints of every region, for a hosts file (bucket names cannot be listed there:
    /// isolation mode's resolver matches them instead).
    static var allHostNames: [String] {
        ["s3.amazonaws.com"] + DynamoDBEndpoints.partitions.flatMap { partition in
            partition.regions.map { "s3.\($0).\(partition.dnsSuffix)" }
        }
    }
}
