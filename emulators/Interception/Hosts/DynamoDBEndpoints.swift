/// DynamoDB's regional endpoints: `dynamodb.<region>.<suffix>`, and `dynamodb-fips.<region>.<suffix>`
/// where AWS runs a FIPS endpoint, for every region AWS lists for DynamoDB; and DynamoDB Streams'
/// `streams.dynamodb.<region>.<suffix>`.
///
/// Taken from botocore 1.43.11's `endpoints.json` (partitions `aws`, `aws-us-gov`, `aws-cn`, `aws-eusc`;
/// the isolated `aws-iso*` clouds are left out). A name of the right shape whose region is not listed
/// (`dynamodb.us-esat-1.amazonaws.com`) is refused, as its DNS lookup fails in production: a typo must
/// not work here and fail there. Add a region here when AWS opens one.
enum DynamoDBEndpoints {
    struct Partition {
        let dnsSuffix: String
        let regions: [String]
        /// Regions with a `dynamodb-fips` endpoint.
        let fipsRegions: Set<String>
    }

    static let partitions: [Partition] = [
        Partition(
            dnsSuffix: "amazonaws.com",
            regions: [
                "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1",
                "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
                "ap-southeast-6", "ap-southeast-7", "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-north-1",
                "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1", "me-central-1",
                "me-south-1", "mx-central-1", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
                "us-gov-east-1", "us-gov-west-1",
            ],
            fipsRegions: ["ca-central-1", "ca-west-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2", "us-gov-east-1", "us-gov-west-1"]),
        Partition(dnsSuffix: "amazonaws.com.cn", regions: ["cn-north-1", "cn-northwest-1"], fipsRegions: []),
        Partition(dnsSuffix: "amazonaws.eu", regions: ["eusc-de-east-1"], fipsRegions: []),
    ]

    /// What a `dynamodb…` host name is: a listed endpoint (with its region), a name shaped like one for a
    /// region AWS does not list, or neither.
    enum Match: Equatable {
        case endpoint(region: String)
        case unknownRegion(String)
        case notDynamoDB
    }

    static func match(_ host: String) -> Match {
        // DynamoDB Streams' endpoints (`streams.dynamodb.<region>.<suffix>`, same regions, no FIPS
        // name) are served by the same emulator.
        if host.hasPrefix("streams.dynamodb.") { return match(String(host.dropFirst("streams.".count))) }
        let labels = host.split(separator: ".", maxSplits: 2).map(String.init)
        guard labels.count == 3, labels[0] == "dynamodb" || labels[0] == "dynamodb-fips" else { return .notDynamoDB }
        let fips = labels[0] == "dynamodb-fips"
        let region = labels[1]
        guard let partition = partitions.first(where: { $0.dnsSuffix == labels[2] }) else { return .notDynamoDB }
        guard partition.regions.contains(region), !fips || partition.fipsRegions.contains(region) else {
            return .unknownRegion(region)
        }
        return .endpoint(region: region)
    }

    /// Every endpoint name, for a hosts file (which cannot hold patterns).
    static var allHostNames: [String] {
        partitions.flatMap { partition in
            partition.regions.map { "dynamodb.\($0).\(partition.dnsSuffix)" }
                + partition.regions.map { "streams.dynamodb.\($0).\(partition.dnsSuffix)" }
                + partition.regions.filter(partition.fipsRegions.contains).map { "dynamodb-fips.\($0).\(partition.dnsSuffix)" }
        }
    }
}
