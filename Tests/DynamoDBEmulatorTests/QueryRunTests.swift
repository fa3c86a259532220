import DrydockCore
@testable import DynamoDBEmulator
import Testing

/// Query of a table reads its partition's keys in sort order and finds the key condition's run by binary
/// search. Checked against a brute-force reference (filter every item of the partition, sort, page) over
/// random partitions, operators (the value on either side), directions, limits and start keys, after
/// puts, overwrites and deletes.
@Suite("DynamoDB Query: the sorted partition read agrees with a full filter and sort")
struct QueryRunTests {
    /// A deterministic generator (SplitMix64), so a failure reproduces.
    struct Random {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    /// Sort keys drawn from a small alphabet, so prefixes, equal values and neighbours are common.
    static func word(_ random: inout Random) -> String {
        (0..<(1 + random.next(4))).map { _ in ["a", "b", "~", "é", "A"][random.next(5)] }.joined()
    }

    @Test(arguments: ["S", "N"])
    func randomQueriesMatchTheReference(type: String) throws {
        var random = Random(state: type == "S" ? 1 : 2)
        let client = DynamoDBTestClient()
        client.createTable("runs", range: true, rangeType: type)
        var stored: [String: Set<String>] = ["p0": [], "p1": []]
        func value(_ random: inout Random) -> String { type == "S" ? Self.word(&random) : String(random.next(40) - 20) }
        func attribute(_ v: String) -> String { #"{"\#(type)":"\#(v)"}"# }
        for _ in 0..<300 {
            let pk = "p\(random.next(2))", sk = value(&random)
            if random.next(5) == 0 {
                client.ok("DeleteItem", #"{"TableName":"runs","Key":{"pk":{"S":"\#(pk)"},"sk":\#(attribute(sk))}}"#)
                stored[pk]?.remove(type == "N" ? String(Int(sk)!) : sk)
            } else {
                client.ok("PutItem", #"{"TableName":"runs","Item":{"pk":{"S":"\#(pk)"},"sk":\#(attribute(sk))}}"#)
                stored[pk]?.insert(type == "N" ? String(Int(sk)!) : sk)
            }
        }
        func less(_ a: String, _ b: String) -> Bool {
            type == "N" ? Int(a)! < Int(b)! : Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8))
        }
        for round in 0..<400 {
            let pk = "p\(random.next(2))"
            let a = value(&random), b = value(&random)
            let operators = type == "S" ? 9 : 8
            let (condition, test): (String, (String) -> Bool) = switch random.next(operators) {
            case 0: ("pk = :p", { _ in true })
            case 1: ("pk = :p AND sk = :a", { !less($0, a) && !less(a, $0) })
            case 2: ("pk = :p AND sk < :a", { less($0, a) })
            case 3: ("pk = :p AND sk <= :a", { !less(a, $0) })
            case 4: ("pk = :p AND sk > :a", { less(a, $0) })
            case 5: ("pk = :p AND :a > sk", { less($0, a) })
            case 6: ("pk = :p AND :a <= sk", { !less($0, a) })
            case 7: ("pk = :p AND sk BETWEEN :a AND :b", { !less($0, a) && !less(b, $0) })
            default: ("pk = :p AND begins_with(sk, :a)", { $0.utf8.starts(with: a.utf8) })
            }
            if condition.contains("BETWEEN"), less(b, a) { continue }
            let forward = random.next(2) == 0
            let limit = 1 + random.next(6)
            var expected = (stored[pk] ?? []).filter(test).sorted(by: less)
            if !forward { expected.reverse() }
            var got: [String] = []
            var start = ""
            for _ in 0...expected.count + 1 {
                var values = #"":p":{"S":"\#(pk)"}"#
                if condition.contains(":a") { values += #",":a":\#(attribute(a))"# }
                if condition.contains(":b") { values += #",":b":\#(attribute(b))"# }
                let answer = client.ok("Query", #"{"TableName":"runs","KeyConditionExpression":"\#(condition)","ExpressionAttributeValues":{\#(values)},"ScanIndexForward":\#(forward),"Limit":\#(limit)\#(start)}"#)
                got += (answer["Items"]?.arrayValue ?? []).compactMap { $0["sk"]?[type]?.stringValue }
                guard let last = answer["LastEvaluatedKey"] else { break }
                start = #","ExclusiveStartKey":\#(last.serialized())"#
            }
            #expect(got == expected, "round \(round): \(condition) a=\(a) b=\(b) forward=\(forward) limit=\(limit)")
        }
    }
}
