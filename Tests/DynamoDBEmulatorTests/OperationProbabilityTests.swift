import DrydockCore
import DrydockHTTP
@testable import DynamoDBEmulator
import EmulatorKit
import Testing

/// A per-operation probability is an `operation` criterion plus `probability` in one rule: only that
/// operation's calls draw, reproducibly for a given seed.
@Suite("DynamoDB per-operation fault probability")
struct OperationProbabilityTests {
    static let rule = #"""
        {"service": "dynamodb", "operation": "PutItem", "probability": 0.5, "seed": 42,
         "action": {"type": "status", "status": 400, "reason": "ThrottlingException"}}
        """#

    /// 100 PutItems interleaved with 100 GetItems; which PutItems were throttled, and the GetItem statuses.
    static func run() -> (throttled: [Int], getStatuses: Set<Int>, edge: SignedDynamoDBEdge) {
        let edge = SignedDynamoDBEdge()
        edge.createTable("crew-dispatch", region: "us-east-1")
        edge.addRules(rule)
        var throttled: [Int] = []
        var getStatuses: Set<Int> = []
        for n in 0..<100 {
            let put = edge.send("PutItem", #"{"TableName":"crew-dispatch","Item":{"pk":{"S":"B-\#(n)"}}}"#, region: "us-east-1")
            if put.status != 200 {
                #expect(put.status == 400)
                #expect(put.dynamoError.type == "com.amazon.coral.availability#ThrottlingException")
                throttled.append(n)
            }
            getStatuses.insert(edge.send("GetItem", #"{"TableName":"crew-dispatch","Key":{"pk":{"S":"B-\#(n)"}}}"#, region: "us-east-1").status)
        }
        return (throttled, getStatuses, edge)
    }

    @Test func aboutHalfOfPutItemsFailAndGetItemsNever() {
        let (throttled, getStatuses, edge) = Self.run()
        #expect(throttled.count == 47)  // exact for seed 42 (SeededRandom's sequence)
        #expect(getStatuses == [200])
        let status = edge.router.faultRules[0]
        #expect(status.matched == 100)
        #expect(status.fired == throttled.count)
        // Only the PutItems that were not throttled wrote their item.
        #expect(edge.ok("Scan", #"{"TableName":"crew-dispatch","Select":"COUNT"}"#, region: "us-east-1")["Count"]
            == .number(String(100 - throttled.count)))
    }

    @Test func theSameSeedThrottlesTheSameCalls() {
        #expect(Self.run().throttled == Self.run().throttled)
    }
}
