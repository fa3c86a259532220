import DrydockCore

/// The regions a `ReplicaUpdates` entry may name, and how many entries one request may hold.
///
/// The list is AWS's commercial regions (the partition DynamoDB global tables replicate within; GovCloud
/// and China are partitions of their own). Which of them support global tables is assumed from AWS's
/// region list: the emulator accepts all of them. A name outside the list is refused before the state
/// lock is taken, so no request can create replicas in made-up regions, each a copy of the table that
/// every later write is replicated to.
///
/// The API Reference gives `ReplicaUpdates` a minimum length of 1 and no maximum; since a request may
/// name each region once (an assumed rule: DynamoDB's answer to a repeated region is not documented),
/// a request holds at most one entry per supported region, and a longer one is refused before any
/// entry is read (wording assumed).
extension DynamoDBEmulator {
    static let replicaRegionNames: Set<String> = [
        "us-east-1", "us-east-2", "us-west-1", "us-west-2",
        "ca-central-1", "ca-west-1", "mx-central-1", "sa-east-1",
        "eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3",
        "eu-south-1", "eu-south-2", "eu-north-1",
        "af-south-1", "il-central-1", "me-south-1", "me-central-1",
        "ap-east-1", "ap-south-1", "ap-south-2",
        "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-7",
        "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
    ]

    /// Refuses a `ReplicaUpdates` list longer than one entry per supported region.
    static func checkReplicaUpdateCount(_ count: Int) throws(DynamoDBError) {
        if count > replicaRegionNames.count {
            throw .invalidParameter("Too many ReplicaUpdates: \(count); a request can name each of the \(replicaRegionNames.count) supported regions at most once")
        }
    }

    /// Refuses an entry naming a region outside the list, or one an earlier entry named (`seen`).
    static func checkReplicaRegion(_ region: String, seen: inout Set<String>) throws(DynamoDBError) {
        guard replicaRegionNames.contains(region) else {
            throw .validation("Invalid region name: \(region)")  // assumed wording
        }
        if !seen.insert(region).inserted {
            throw .invalidParameter("ReplicaUpdates names region \(region) more than once")  // assumed wording
        }
    }
}
