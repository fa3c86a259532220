import DrydockCore
import DrydockHTTP
import DrydockTesting
@testable import DynamoDBEmulator
import EmulatorKit
import Foundation
import Testing

/// boto3 against the emulator's faults over a real socket: botocore reads the injected exceptions,
/// retries the throttling ones, and `batch_writer` resubmits UnprocessedItems until the rule is spent.
@Suite("DynamoDB faults with boto3", .enabled(if: Boto3.available))
struct FaultsBoto3Tests {
    static let script = #"""
    import boto3, botocore, json, sys, urllib.request
    from botocore.config import Config
    edge = sys.argv[1]
    def rule(body):
        request = urllib.request.Request(edge + "/_drydock/faults", data=json.dumps(body).encode(), method="POST",
                                         headers={"Content-Type": "application/json"})
        assert urllib.request.urlopen(request).status == 201
    once = Config(retries={"mode": "standard", "max_attempts": 1})
    west = boto3.client("dynamodb", region_name="us-west-2", config=once)
    east = boto3.client("dynamodb", region_name="us-east-1", config=once)
    for ddb in (west, east):
        ddb.create_table(TableName="crew-dispatch", BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])

    # One region fails, the other answers.
    rule({"id": "west-down", "service": "dynamodb", "region": "us-west-2",
          "action": {"type": "status", "status": 400, "reason": "ProvisionedThroughputExceededException"}})
    try:
        west.get_item(TableName="crew-dispatch", Key={"pk": {"S": "x"}})
        sys.exit("west answered")
    except west.exceptions.ProvisionedThroughputExceededException as e:
        assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 400, e.response
    assert "Item" not in east.get_item(TableName="crew-dispatch", Key={"pk": {"S": "x"}})
    urllib.request.urlopen(urllib.request.Request(edge + "/_drydock/faults/west-down", method="DELETE"))

    # Throttling twice, then botocore's standard retries (3 attempts) get through.
    rule({"operation": "PutItem", "times": 2, "action": {"type": "status", "status": 400, "reason": "ThrottlingException"}})
    retrying = boto3.client("dynamodb", region_name="us-west-2",
        config=Config(retries={"mode": "standard", "max_attempts": 3}))
    answer = retrying.put_item(TableName="crew-dispatch", Item={"pk": {"S": "retried"}})
    assert answer["ResponseMetadata"]["RetryAttempts"] == 2, answer["ResponseMetadata"]

    # batch_writer resubmits UnprocessedItems until the rule is spent.
    rule({"operation": "BatchWriteItem", "times": 3, "action": {"type": "status", "status": 200, "reason": "unprocessed-items"}})
    table = boto3.resource("dynamodb", region_name="us-west-2", config=once).Table("crew-dispatch")
    with table.batch_writer() as batch:
        for n in range(40):
            batch.put_item(Item={"pk": "B-%d" % n, "n": n})
    assert west.scan(TableName="crew-dispatch", Select="COUNT")["Count"] == 41
    print("OK")
    """#

    @Test func botoSeesDynamoDBsFaults() throws {
        let edge = SignedDynamoDBEdge(base: SystemClock())
        let server = HTTPServer(responder: edge.router, configuration: .init(host: "127.0.0.1", port: 0))
        try server.start()
        defer { server.stop() }
        let directory = try TemporaryDirectory("ddb-faults-boto3")
        defer { directory.remove() }
        let path = directory.appending("faults.py")
        try Self.script.write(toFile: path, atomically: true, encoding: .utf8)
        let credentials = SignedDynamoDBEdge.credentials
        let result = try ChildProcess.run("/usr/bin/env", ["python3", path, "http://127.0.0.1:\(server.port)"], environment: Boto3.environment.merging([
            "AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:\(server.port)",
            "AWS_ACCESS_KEY_ID": credentials.accessKeyID, "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey,
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_CONFIG_FILE": directory.appending("none"), "AWS_SHARED_CREDENTIALS_FILE": directory.appending("none"),
        ]) { $1 })
        #expect(result.status == 0, "stdout: \(result.stdout)\nstderr: \(result.stderr)")
        #expect(result.stdout.contains("OK"))
        #expect(edge.router.faultRules.allSatisfy { $0.remaining == 0 })
    }
}
