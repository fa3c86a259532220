import DrydockCore
import DrydockHTTP
import Foundation

/// The operations measured, each as a rotation of requests signed before the timed loop starts (signing
/// costs the client some 10–20 µs a request; see `DynamoDBBenchmark.signingMicroseconds`), so the loop
/// only sends. The rotations are signed again for each server and each loop, with the same signer.
enum DynamoDBOperation: String, CaseIterable {
    case getItem = "GetItem"
    case putItem = "PutItem"
    case query = "Query"

    /// How the rotation is made, for the table.
    var detail: String {
        switch self {
        case .getItem: "100 keys in rotation over all \(Format.count(Double(DynamoDBWorkload.itemCount))) items"
        case .putItem: "100 items in rotation, each overwriting an existing ~300-byte item"
        case .query: "Limit 10 on the \(DynamoDBWorkload.hotItems)-item partition, its 10 pages in rotation (ExclusiveStartKey)"
        }
    }

    /// The requests in rotation, signed at `date`, each with the check its answer must pass.
    func rotation(_ wire: DynamoDBWire, date: Date = Date()) -> RequestRotation {
        let table = JSONValue.string(DynamoDBWorkload.table)
        let items = DynamoDBWorkload.items
        switch self {
        case .getItem:
            return RequestRotation(kinds: (0..<100).map { index in
                let item = items[(index * 11) % items.count]
                let request = wire.request(rawValue, ["TableName": table, "Key": DynamoDBWorkload.key(of: item)], date: date)
                return RequestRotation.Kind(name: rawValue, request: request) { response in
                    guard DynamoDBAnswer.contains(response.body, "\"Item\"") else { throw BenchError("no Item in the answer") }
                }
            })
        case .putItem:
            var random = BenchRandom(seed: 0x9077)
            return RequestRotation(kinds: (0..<100).map { index in
                let partition = (index * 7) % DynamoDBWorkload.otherPartitions
                let item = DynamoDBWorkload.item(
                    pk: DynamoDBWorkload.partitionKey(partition), leg: index % DynamoDBWorkload.legsPerPartition,
                    revision: index + 1, random: &random)
                let request = wire.request(rawValue, ["TableName": table, "Item": item], date: date)
                return RequestRotation.Kind(name: rawValue, request: request) { _ in }
            })
        case .query:
            return RequestRotation(kinds: (0..<10).map { page in
                let request = wire.request(rawValue, DynamoDBWorkload.queryBody(page: page), date: date)
                return RequestRotation.Kind(name: "\(rawValue) page \(page + 1)", request: request) { response in
                    guard DynamoDBAnswer.count(response.body) == 10 else { throw BenchError("Count is not 10") }
                }
            })
        }
    }
}
