import DrydockCore
import Foundation

/// One change in a stream: what GetRecords returns for it.
struct StreamRecord: Sendable {
    enum Event: String, Sendable {
        case insert = "INSERT"
        case modify = "MODIFY"
        case remove = "REMOVE"
    }

    let sequence: UInt64
    let event: Event
    let createdAt: Date
    let keys: Item
    /// Kept only when the stream's view type includes it.
    let newImage: Item?
    let oldImage: Item?
    /// A deletion by Time to Live (DynamoDB itself), which carries `userIdentity`.
    let byTimeToLive: Bool

    /// The record's size as `SizeBytes` reports it: its keys and images (DynamoDB documents
    /// "the size of the stream record, in bytes" without the formula; this one is assumed).
    var sizeBytes: Int { Item.size(keys) + (newImage.map(Item.size) ?? 0) + (oldImage.map(Item.size) ?? 0) }

    /// The record as GetRecords answers it, members in the order DynamoDB Streams writes them.
    func json(stream: TableStream) -> JSONValue {
        var change: [(String, JSONValue)] = [
            // Epoch seconds, rounded down to the second (as the Streams API Reference describes it).
            ("ApproximateCreationDateTime", .number(String(Int64(createdAt.timeIntervalSince1970.rounded(.down))))),
            ("Keys", Item.json(keys)),
        ]
        if let newImage { change.append(("NewImage", Item.json(newImage))) }
        if let oldImage { change.append(("OldImage", Item.json(oldImage))) }
        change += [
            ("SequenceNumber", .string(TableStream.sequenceNumber(sequence))),
            ("SizeBytes", .number(sizeBytes)),
            ("StreamViewType", .string(stream.viewType.rawValue)),
        ]
        var members: [(String, JSONValue)] = [
            ("eventID", .string(Self.eventID(streamArn: stream.arn, sequence: sequence))),
            ("eventName", .string(event.rawValue)),
            ("eventVersion", "1.1"),
            ("eventSource", "aws:dynamodb"),
            ("awsRegion", .string(stream.region)),
            ("dynamodb", .object(change)),
        ]
        if byTimeToLive {
            // GetRecords spells the Identity members as its model does ("Type", "PrincipalId"; boto3
            // reads nothing else, and ScyllaDB's suite run against AWS sees these); Lambda's event
            // format lower-cases them ("type", "principalId").
            members.append(("userIdentity", ["Type": "Service", "PrincipalId": "dynamodb.amazonaws.com"]))
        }
        return .object(members)
    }

    /// A 32-hex-digit id derived from the stream and sequence number, unique per record and stable
    /// across runs (DynamoDB's are random hex of the same length).
    static func eventID(streamArn: String, sequence: UInt64) -> String {
        var a: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in Array(streamArn.utf8) { a = (a ^ UInt64(byte)) &* 0x100_0000_01B3 }
        a = (a ^ sequence) &* 0x100_0000_01B3
        let b = (a ^ (sequence &* 0x9E37_79B9_7F4A_7C15)) &* 0xBF58_476D_1CE4_E5B9
        func hex(_ v: UInt64) -> String {
            let s = String(v, radix: 16)
            return String(repeating: "0", count: 16 - s.count) + s
        }
        return hex(a) + hex(b)
    }
}
