import DrydockHTTP
import DrydockTesting
@testable import DynamoDBEmulator
import EmulatorKit
import Foundation
import Testing

/// boto3 against the emulator over a real socket, SigV4-signed with a static key: botocore checks
/// `x-amz-crc32`, parses `__type`, and its paginators follow LastEvaluatedKey. Runs only where
/// `python3` can import boto3 (it is not one of the interop requirements yet).
@Suite("DynamoDB with boto3", .enabled(if: Boto3.available))
struct Boto3InteropTests {
    static let script = #"""
    import boto3, botocore, sys
    ddb = boto3.client("dynamodb")
    ddb.create_table(TableName="orders", BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"}],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}])
    ddb.get_waiter("table_exists").wait(TableName="orders", WaiterConfig={"Delay": 0, "MaxAttempts": 2})
    for i in range(25):
        ddb.put_item(TableName="orders", Item={"pk": {"S": "c1"}, "sk": {"N": str(i)}, "amount": {"N": "%d.50" % i}})
    pages = ddb.get_paginator("query").paginate(TableName="orders", KeyConditionExpression="pk = :p",
        ExpressionAttributeValues={":p": {"S": "c1"}}, PaginationConfig={"PageSize": 7})
    seen = [int(item["sk"]["N"]) for page in pages for item in page["Items"]]
    assert seen == list(range(25)), seen
    got = ddb.get_item(TableName="orders", Key={"pk": {"S": "c1"}, "sk": {"N": "3"}})["Item"]
    assert got["amount"] == {"N": "3.5"}, got
    try:
        ddb.update_item(TableName="orders", Key={"pk": {"S": "c1"}, "sk": {"N": "3"}},
            UpdateExpression="SET amount = amount + :d", ConditionExpression="amount > :big",
            ExpressionAttributeValues={":d": {"N": "1"}, ":big": {"N": "100"}})
        sys.exit("conditional update passed")
    except botocore.exceptions.ClientError as e:
        assert e.response["Error"]["Code"] == "ConditionalCheckFailedException", e.response
    table = boto3.resource("dynamodb").Table("orders")
    table.update_item(Key={"pk": "c1", "sk": 3}, UpdateExpression="ADD hits :one", ExpressionAttributeValues={":one": 1})
    assert table.get_item(Key={"pk": "c1", "sk": 3})["Item"]["hits"] == 1
    try:
        ddb.transact_write_items(TransactItems=[{"ConditionCheck": {"TableName": "orders",
            "Key": {"pk": {"S": "c1"}, "sk": {"N": "1"}}, "ConditionExpression": "attribute_not_exists(pk)"}}])
        sys.exit("transaction passed")
    except botocore.exceptions.ClientError as e:
        assert e.response["Error"]["Code"] == "TransactionCanceledException", e.response
        assert e.response["CancellationReasons"][0]["Code"] == "ConditionalCheckFailed", e.response
    assert ddb.scan(TableName="orders", Select="COUNT")["Count"] == 25
    print("OK")
    """#

    @Test func botoRoundTrip() throws {
        let emulator = DynamoDBEmulator(authenticator: SigV4RequestAuthenticator(staticKeys: ["AKIDINTEROP": "interop-secret"]))
        let router = EdgeRouter(emulators: [emulator], clock: VirtualClock())
        let server = HTTPServer(responder: router, configuration: .init(host: "127.0.0.1", port: 0))
        try server.start()
        defer { server.stop() }
        let directory = try TemporaryDirectory("ddb-boto3")
        defer { directory.remove() }
        let path = directory.appending("roundtrip.py")
        try Self.script.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try ChildProcess.run("/usr/bin/env", ["python3", path], environment: Boto3.environment.merging([
            "AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:\(server.port)",
            "AWS_ACCESS_KEY_ID": "AKIDINTEROP", "AWS_SECRET_ACCESS_KEY": "interop-secret", "AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "eu-west-1",
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_CONFIG_FILE": directory.appending("none"), "AWS_SHARED_CREDENTIALS_FILE": directory.appending("none"),
        ]) { $1 })
        #expect(result.status == 0, "stdout: \(result.stdout)\nstderr: \(result.stderr)")
        #expect(result.stdout.contains("OK"))
    }
}

/// The python3 on the test's PATH (pyenv included) and whether it has boto3.
enum Boto3 {
    /// The test process's environment without any AWS settings, so only the test's own apply.
    static let environment: [String: String] = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AWS_") }

    static let available: Bool = {
        (try? ChildProcess.run("/usr/bin/env", ["python3", "-c", "import boto3"], environment: environment))?.status == 0
    }()
}
