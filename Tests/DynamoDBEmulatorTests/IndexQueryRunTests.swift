import DrydockCore
@testable import DynamoDBEmulator
import Testing

/// Query of a secondary index reads the index's partition, kept in read order with every write. Checked
/// against a brute-force reference (every stored item that carries the index's keys, filtered and sorted
/// by index sort key then table key) after random puts, updates that move an item between partitions or
/// out of the index, deletes, and an index added by UpdateTable halfway (its backfill).
@Suite("DynamoDB Query of an index agrees with a full filter and sort")
struct IndexQueryRunTests {
    struct Stored { var g: String?; var r: Int?; var st: String? }
    struct Key: Hashable { let pk: String, sk: String }

    static func less(_ a: Key, _ b: Key) -> Bool { (a.pk, a.sk) < (b.pk, b.sk) }

    @Test(.timeLimit(.minutes(1)))
    func randomIndexQueriesMatchTheReference() {
        var random = QueryRunTests.Random(state: 7)
        let client = DynamoDBTestClient()
        client.ok("CreateTable", #"""
            {"TableName":"runs","BillingMode":"PAY_PER_REQUEST",
             "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"S"},
               {"AttributeName":"g","AttributeType":"S"},{"AttributeName":"r","AttributeType":"N"}],
             "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],
             "GlobalSecondaryIndexes":[{"IndexName":"byG","KeySchema":[{"AttributeName":"g","KeyType":"HASH"},{"AttributeName":"r","KeyType":"RANGE"}],
               "Projection":{"ProjectionType":"ALL"}}]}
            """#)
        var stored: [Key: Stored] = [:]
        func optional<T>(_ value: T) -> T? { random.next(4) == 0 ? nil : value }
        func write(_ count: Int) {
            for _ in 0..<count {
                let key = Key(pk: "p\(random.next(3))", sk: "s\(random.next(12))")
                let keyJSON = #""pk":{"S":"\#(key.pk)"},"sk":{"S":"\#(key.sk)"}"#
                switch random.next(6) {
                case 0:
                    client.ok("DeleteItem", #"{"TableName":"runs","Key":{\#(keyJSON)}}"#)
                    stored[key] = nil
                case 1 where stored[key] != nil:
                    // Moves the item to another partition or sort position, or out of the index.
                    if random.next(2) == 0 {
                        client.ok("UpdateItem", #"{"TableName":"runs","Key":{\#(keyJSON)},"UpdateExpression":"REMOVE r"}"#)
                        stored[key]?.r = nil
                    } else {
                        let g = ["x", "y"][random.next(2)], r = random.next(9) - 4
                        client.ok("UpdateItem", #"{"TableName":"runs","Key":{\#(keyJSON)},"UpdateExpression":"SET g = :g, r = :r","ExpressionAttributeValues":{":g":{"S":"\#(g)"},":r":{"N":"\#(r)"}}}"#)
                        stored[key]?.g = g
                        stored[key]?.r = r
                    }
                default:
                    let item = Stored(g: optional(["x", "y"][random.next(2)]), r: optional(random.next(9) - 4), st: optional(["new", "done"][random.next(2)]))
                    var json = keyJSON
                    if let g = item.g { json += #","g":{"S":"\#(g)"}"# }
                    if let r = item.r { json += #","r":{"N":"\#(r)"}"# }
                    if let st = item.st { json += #","st":{"S":"\#(st)"}"# }
                    client.ok("PutItem", #"{"TableName":"runs","Item":{\#(json)}}"#)
                    stored[key] = item
                }
            }
        }
        /// Pages through a Query of `index` and returns the table keys read.
        func query(_ index: String, _ condition: String, values: String, forward: Bool, limit: Int) -> [Key] {
            var got: [Key] = []
            var start = ""
            for _ in 0..<200 {
                let answer = client.ok("Query", #"{"TableName":"runs","IndexName":"\#(index)","KeyConditionExpression":"\#(condition)","ExpressionAttributeValues":{\#(values)},"ScanIndexForward":\#(forward),"Limit":\#(limit)\#(start)}"#)
                got += (answer["Items"]?.arrayValue ?? []).compactMap { item in
                    item["pk"]?["S"]?.stringValue.flatMap { pk in item["sk"]?["S"]?.stringValue.map { Key(pk: pk, sk: $0) } }
                }
                guard let last = answer["LastEvaluatedKey"] else { break }
                start = #","ExclusiveStartKey":\#(last.serialized())"#
            }
            return got
        }
        write(250)
        for round in 0..<300 {
            if round == 150 {
                client.ok("UpdateTable", #"""
                    {"TableName":"runs","AttributeDefinitions":[{"AttributeName":"st","AttributeType":"S"}],
                     "GlobalSecondaryIndexUpdates":[{"Create":{"IndexName":"bySt","KeySchema":[{"AttributeName":"st","KeyType":"HASH"}],"Projection":{"ProjectionType":"KEYS_ONLY"}}}]}
                    """#)
            }
            write(3)
            let forward = random.next(2) == 0, limit = 1 + random.next(5)
            if round >= 150, random.next(2) == 0 {
                let st = ["new", "done"][random.next(2)]
                var expected = stored.filter { $0.value.st == st }.map(\.key).sorted(by: Self.less)
                if !forward { expected.reverse() }
                let got = query("bySt", "st = :s", values: #"":s":{"S":"\#(st)"}"#, forward: forward, limit: limit)
                #expect(got == expected, "round \(round): bySt st=\(st) forward=\(forward) limit=\(limit)")
                continue
            }
            let g = ["x", "y"][random.next(2)], a = random.next(9) - 4
            let (condition, test): (String, (Int) -> Bool) = switch random.next(4) {
            case 0: ("g = :g", { _ in true })
            case 1: ("g = :g AND r = :a", { $0 == a })
            case 2: ("g = :g AND r < :a", { $0 < a })
            default: ("g = :g AND r >= :a", { $0 >= a })
            }
            var expected = stored.compactMap { entry -> (Int, Key)? in
                guard entry.value.g == g, let r = entry.value.r, test(r) else { return nil }
                return (r, entry.key)
            }.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : Self.less($0.1, $1.1) }.map(\.1)
            if !forward { expected.reverse() }
            var values = #"":g":{"S":"\#(g)"}"#
            if condition.contains(":a") { values += #",":a":{"N":"\#(a)"}"# }
            let got = query("byG", condition, values: values, forward: forward, limit: limit)
            #expect(got == expected, "round \(round): byG \(condition) g=\(g) a=\(a) forward=\(forward) limit=\(limit)")
        }
    }
}
