import DrydockCore
import DrydockHTTP
import Foundation

/// The table both servers are measured on: `drydock-bench` (PAY_PER_REQUEST, `pk` S hash + `sk` S range)
/// holding one 100-item partition (`crew#hot`, sk `leg#000`…`leg#099`) and 1,000 other items (250
/// partitions × 4 legs), each about 300 bytes of crew-dispatch-like attributes. Generated from a fixed
/// seed, so every run and both servers hold the same items.
enum DynamoDBWorkload {
    static let table = "drydock-bench"
    static let hotPartition = "crew#hot"
    static let hotItems = 100
    static let otherPartitions = 250
    static let legsPerPartition = 4
    static var itemCount: Int { hotItems + otherPartitions * legsPerPartition }

    /// Every item, hot partition first.
    static let items: [JSONValue] = {
        var random = BenchRandom(seed: 0xD1D0C)
        var items = (0..<hotItems).map { item(pk: hotPartition, leg: $0, revision: 0, random: &random) }
        for partition in 0..<otherPartitions {
            for leg in 0..<legsPerPartition {
                items.append(item(pk: partitionKey(partition), leg: leg, revision: 0, random: &random))
            }
        }
        return items
    }()

    static func partitionKey(_ index: Int) -> String { String(format: "crew#%04d", index) }
    static func sortKey(_ leg: Int) -> String { String(format: "leg#%03d", leg) }

    static func key(pk: String, sk: String) -> JSONValue { ["pk": ["S": .string(pk)], "sk": ["S": .string(sk)]] }

    /// One item in DynamoDB JSON; `revision` changes the mutable attributes (PutItem overwrites).
    static func item(pk: String, leg: Int, revision: Int, random: inout BenchRandom) -> JSONValue {
        let vessels = ["Sea Breeze", "Northern Light", "Blue Heron", "Saltwind", "Morning Tide", "Kestrel"]
        let statuses = ["scheduled", "confirmed", "boarding", "underway", "completed", "cancelled"]
        let people = ["Ana Ruiz", "Ben Okafor", "Chen Wei", "Dana Kowalski", "Eli Haddad", "Farah Nasser", "Gus Lindqvist"]
        let day = 1 + Int.random(in: 0..<28, using: &random)
        let hour = 6 + Int.random(in: 0..<12, using: &random)
        let crew: [JSONValue] = (0..<3).map { _ in ["S": .string(random.pick(people))] }
        return [
            "pk": ["S": .string(pk)],
            "sk": ["S": .string(sortKey(leg))],
            "charter": ["S": .string(String(format: "CH-2026-%05d", Int.random(in: 0..<100_000, using: &random)))],
            "vessel": ["S": .string(random.pick(vessels))],
            "status": ["S": .string(random.pick(statuses))],
            "departs": ["S": .string(String(format: "2026-04-%02dT%02d:30:00Z", day, hour))],
            "pax": ["N": .string(String(2 + Int.random(in: 0..<10, using: &random)))],
            "revision": ["N": .string(String(revision))],
            "crew": ["L": .array(crew)],
            "notes": ["S": .string("Pickup at the east dock; \(random.pick(people)) confirms provisions and fuel by 06:00.")],
        ]
    }

    /// CreateTable, the items in BatchWriteItem requests of 25, then checks that the server answers with
    /// what was written: one GetItem compared attribute by attribute, the first Query page, and a COUNT scan.
    static func load(_ wire: DynamoDBWire, client: HTTPClient) throws {
        _ = try wire.call("CreateTable", [
            "TableName": .string(table),
            "BillingMode": "PAY_PER_REQUEST",
            "AttributeDefinitions": [["AttributeName": "pk", "AttributeType": "S"], ["AttributeName": "sk", "AttributeType": "S"]],
            "KeySchema": [["AttributeName": "pk", "KeyType": "HASH"], ["AttributeName": "sk", "KeyType": "RANGE"]],
        ], client: client)
        for start in stride(from: 0, to: items.count, by: 25) {
            let puts: [JSONValue] = items[start..<min(start + 25, items.count)].map { ["PutRequest": ["Item": $0]] }
            let answer = try wire.call("BatchWriteItem", ["RequestItems": .object([(table, .array(puts))])], client: client)
            if let unprocessed = answer["UnprocessedItems"]?.objectValue, !unprocessed.isEmpty {
                throw BenchError("BatchWriteItem on \(wire.endpoint) left items unprocessed: \(unprocessed.count) tables")
            }
        }
        try verify(wire, client: client)
    }

    private static func verify(_ wire: DynamoDBWire, client: HTTPClient) throws {
        let expected = items[hotItems + 7]
        let got = try wire.call("GetItem", ["TableName": .string(table), "Key": key(of: expected)], client: client)["Item"]
        for (name, value) in expected.objectValue ?? [] where got?[name] != value {
            throw BenchError("GetItem on \(wire.endpoint): \(name) is \(got?[name]?.serialized() ?? "missing"), wrote \(value.serialized())")
        }
        let page = try wire.call("Query", queryBody(page: 0), client: client)
        let sortKeys = page["Items"]?.arrayValue?.compactMap { $0["sk"]?["S"]?.stringValue } ?? []
        guard sortKeys == (0..<10).map(sortKey), page["LastEvaluatedKey"]?["sk"]?["S"]?.stringValue == sortKey(9) else {
            throw BenchError("Query page 1 on \(wire.endpoint): sort keys \(sortKeys), LastEvaluatedKey \(page["LastEvaluatedKey"]?.serialized() ?? "none")")
        }
        let count = try wire.call("Scan", ["TableName": .string(table), "Select": "COUNT"], client: client)["Count"]?.intValue
        guard count == itemCount else {
            throw BenchError("Scan COUNT on \(wire.endpoint): \(count.map(String.init) ?? "no Count"), wrote \(itemCount) items")
        }
    }

    static func key(of item: JSONValue) -> JSONValue {
        .object([("pk", item["pk"] ?? .null), ("sk", item["sk"] ?? .null)])
    }

    /// `pk = crew#hot`, Limit 10, page `page` (0…9) of the hot partition via ExclusiveStartKey.
    static func queryBody(page: Int) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("TableName", .string(table)),
            ("KeyConditionExpression", "pk = :pk"),
            ("ExpressionAttributeValues", [":pk": ["S": .string(hotPartition)]]),
            ("Limit", 10),
        ]
        if page > 0 { members.append(("ExclusiveStartKey", key(pk: hotPartition, sk: sortKey(page * 10 - 1)))) }
        return .object(members)
    }
}
