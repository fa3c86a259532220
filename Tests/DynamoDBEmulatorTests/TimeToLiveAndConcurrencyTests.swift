import DrydockCore
@testable import DynamoDBEmulator
import Testing

@Suite("DynamoDB TTL and concurrency")
struct TimeToLiveAndConcurrencyTests {
    @Test func timeToLiveToggles() {
        let client = DynamoDBTestClient()
        client.createTable("sessions")
        #expect(client.ok("DescribeTimeToLive", #"{"TableName":"sessions"}"#) == ["TimeToLiveDescription": ["TimeToLiveStatus": "DISABLED"]])
        let enable = #"{"TableName":"sessions","TimeToLiveSpecification":{"Enabled":true,"AttributeName":"expires"}}"#
        #expect(client.ok("UpdateTimeToLive", enable)["TimeToLiveSpecification"] == ["Enabled": true, "AttributeName": "expires"])
        #expect(client.ok("DescribeTimeToLive", #"{"TableName":"sessions"}"#)["TimeToLiveDescription"]?["TimeToLiveStatus"] == "ENABLED")
        #expect(client.error("UpdateTimeToLive", enable).message == "TimeToLive is already enabled")
    }

    @Test func concurrentIncrementsAreNotLost() async {
        let client = DynamoDBTestClient()
        client.createTable("counters")
        let body = #"{"TableName":"counters","Key":{"pk":{"S":"c"}},"UpdateExpression":"ADD hits :one","ExpressionAttributeValues":{":one":{"N":"1"}}}"#
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<50 { _ = client.send("UpdateItem", body) }
                }
            }
        }
        #expect(client.ok("GetItem", #"{"TableName":"counters","Key":{"pk":{"S":"c"}}}"#)["Item"]?["hits"] == ["N": "400"])
    }
}
