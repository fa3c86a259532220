import EmulatorKit

/// S3's endpoints: `s3.amazonaws.com` (the global one), `s3.<region>.<suffix>`, the legacy
/// `s3-<region>.amazonaws.com`, `s3.dualstack.<region>.<suffix>`, and each of them with a bucket in front
/// (virtual-hosted style: `<bucket>.s3.<region>.amazonaws.com`, the bucket possibly holding dots), as
/// EmulatorKit's `S3HostName` parses them for the S3 emulator too.
///
/// Regions are DynamoDB's list (`DynamoDBEndpoints`): S3 is in every one of them. A name of the right
/// shape for a region AWS does not have is refused, as DNS would fail for it in production.
enum S3Endpoints {
    enum Match: Equatable {
        case endpoint
        case unknownRegion(String)
        case notS3
    }

    /// The name parsed by `S3HostName` (the parser the S3 emulator uses too), its region then checked
    /// against its partition's.
    static func match(_ host: String) -> Match {
        guard let name = S3HostName(host) else { return .notS3 }
        guard let region = name.region else { return .endpoint }
        guard let partition = DynamoDBEndpoints.partitions.first(where: { $0.dnsSuffix == name.dnsSuffix }) else { return .notS3 }
        return partition.regions.contains(region) ? .endpoint : .unknownRegion(region)
    }

    /// The service endpoints of every region, for a hosts file (bucket names cannot be listed there:
    /// isolation mode's resolver matches them instead).
    static var allHostNames: [String] {
        ["s3.amazonaws.com"] + DynamoDBEndpoints.partitions.flatMap { partition in
            partition.regions.map { "s3.\($0).\(partition.dnsSuffix)" }
        }
    }
}
