"""boto3's `dynamodbstreams` client against the DynamoDB emulator's Streams API.

botocore finds the endpoint in `AWS_ENDPOINT_URL_DYNAMODB_STREAMS` (exported by `drydock emulators
serve` beside `AWS_ENDPOINT_URL_DYNAMODB`), signs with service name `dynamodb`, and sends
`X-Amz-Target: DynamoDBStreams_20120810.<Action>`; credentials come from the IMDS emulator only, as in
test_dynamodb_boto3.py. Every write kind is read back through GetRecords, for each view type.
"""

from __future__ import annotations

import boto3
import botocore.exceptions
import pytest

import support
from test_dynamodb_boto3 import CLIENT_CONFIG, dynamodb, error_code, imds_only_environment  # noqa: F401 (autouse fixture)

VIEW_TYPES = ["KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"]


def streams(region: str = "us-east-1"):
    support.require_env("AWS_ENDPOINT_URL_DYNAMODB_STREAMS")
    return boto3.session.Session(region_name=region).client("dynamodbstreams", config=CLIENT_CONFIG)


def create_stream_table(name: str, view_type: str) -> str:
    created = dynamodb().create_table(
        TableName=name,
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": view_type},
    )["TableDescription"]
    assert created["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": view_type}
    return created["LatestStreamArn"]


def all_records(client, arn: str) -> list[dict]:
    """Every record of every shard, from TRIM_HORIZON, following NextShardIterator until a page is empty."""
    out = []
    for shard in client.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]:
        iterator = client.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"],
                                             ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        while iterator:
            page = client.get_records(ShardIterator=iterator, Limit=2)
            out.extend(page["Records"])
            if not page["Records"]:
                break
            iterator = page.get("NextShardIterator")
    return out


@pytest.mark.parametrize("view_type", VIEW_TYPES)
def test_every_write_kind_is_recorded(view_type):
    table = f"interop-streams-{view_type.lower().replace('_', '-')}"
    arn = create_stream_table(table, view_type)
    db = dynamodb()
    db.put_item(TableName=table, Item={"pk": {"S": "a"}, "v": {"N": "1"}})
    db.put_item(TableName=table, Item={"pk": {"S": "a"}, "v": {"N": "1"}})  # unchanged: no record
    db.update_item(TableName=table, Key={"pk": {"S": "a"}}, UpdateExpression="SET v = :v",
                   ExpressionAttributeValues={":v": {"N": "2"}})
    db.delete_item(TableName=table, Key={"pk": {"S": "a"}})
    db.batch_write_item(RequestItems={table: [{"PutRequest": {"Item": {"pk": {"S": "b"}}}}]})
    db.transact_write_items(TransactItems=[
        {"Put": {"TableName": table, "Item": {"pk": {"S": "c"}}}},
        {"Delete": {"TableName": table, "Key": {"pk": {"S": "b"}}}},
    ])
    records = all_records(streams(), arn)
    assert [r["eventName"] for r in records] == ["INSERT", "MODIFY", "REMOVE", "INSERT", "INSERT", "REMOVE"]
    assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in records] == ["a", "a", "a", "b", "c", "b"]
    for record in records:
        assert record["eventSource"] == "aws:dynamodb"
        assert record["awsRegion"] == "us-east-1"
        assert record["dynamodb"]["StreamViewType"] == view_type
        assert record["dynamodb"]["SequenceNumber"].isdecimal()
        assert record["dynamodb"]["SizeBytes"] > 0
        assert record["dynamodb"]["ApproximateCreationDateTime"].year >= 2020  # botocore parsed it as a timestamp
    modify = records[1]["dynamodb"]
    has_new = view_type in ("NEW_IMAGE", "NEW_AND_OLD_IMAGES")
    has_old = view_type in ("OLD_IMAGE", "NEW_AND_OLD_IMAGES")
    assert modify.get("NewImage") == ({"pk": {"S": "a"}, "v": {"N": "2"}} if has_new else None)
    assert modify.get("OldImage") == ({"pk": {"S": "a"}, "v": {"N": "1"}} if has_old else None)
    assert "NewImage" not in records[2]["dynamodb"]


def test_list_and_describe_streams():
    arn = create_stream_table("interop-streams-list", "KEYS_ONLY")
    client = streams()
    listed = client.list_streams(TableName="interop-streams-list")["Streams"]
    assert listed == [{"StreamArn": arn, "TableName": "interop-streams-list", "StreamLabel": arn.split("/")[-1]}]
    description = client.describe_stream(StreamArn=arn)["StreamDescription"]
    assert description["StreamStatus"] == "ENABLED"
    assert description["StreamViewType"] == "KEYS_ONLY"
    assert description["KeySchema"] == [{"AttributeName": "pk", "KeyType": "HASH"}]
    assert "CreationRequestDateTime" in description
    shard = description["Shards"][0]
    assert shard["SequenceNumberRange"]["StartingSequenceNumber"].isdecimal()
    assert "EndingSequenceNumber" not in shard["SequenceNumberRange"]
    # Disabled: the stream stays readable, its shard closed.
    dynamodb().update_table(TableName="interop-streams-list", StreamSpecification={"StreamEnabled": False})
    closed = client.describe_stream(StreamArn=arn)["StreamDescription"]
    assert closed["StreamStatus"] == "DISABLED"
    assert "EndingSequenceNumber" in closed["Shards"][0]["SequenceNumberRange"]


def test_shard_iterator_types():
    arn = create_stream_table("interop-streams-iterators", "NEW_IMAGE")
    client = streams()
    shard_id = client.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    latest = client.get_shard_iterator(StreamArn=arn, ShardId=shard_id, ShardIteratorType="LATEST")["ShardIterator"]
    for key in ("a", "b"):
        dynamodb().put_item(TableName="interop-streams-iterators", Item={"pk": {"S": key}})
    first, second = client.get_records(ShardIterator=latest)["Records"]
    after = client.get_shard_iterator(StreamArn=arn, ShardId=shard_id, ShardIteratorType="AFTER_SEQUENCE_NUMBER",
                                      SequenceNumber=first["dynamodb"]["SequenceNumber"])["ShardIterator"]
    assert [r["dynamodb"]["Keys"] for r in client.get_records(ShardIterator=after)["Records"]] == [{"pk": {"S": "b"}}]
    at = client.get_shard_iterator(StreamArn=arn, ShardId=shard_id, ShardIteratorType="AT_SEQUENCE_NUMBER",
                                   SequenceNumber=second["dynamodb"]["SequenceNumber"])["ShardIterator"]
    assert client.get_records(ShardIterator=at)["Records"][0]["eventID"] == second["eventID"]


def test_errors_are_the_services():
    client = streams()
    missing = "arn:aws:dynamodb:us-east-1:123456789012:table/nope/stream/2026-01-01T00:00:00.000"
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        client.describe_stream(StreamArn=missing)
    assert error_code(raised) == "ResourceNotFoundException"
    assert raised.value.response["Error"]["Message"] == f"Requested resource not found: Stream: {missing} not found"
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.describe_stream(StreamArn=missing)
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        client.get_records(ShardIterator="not-an-iterator")
    assert error_code(raised) == "ValidationException"
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        dynamodb().create_table(
            TableName="interop-streams-bad", AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST",
            StreamSpecification={"StreamEnabled": True})
    assert raised.value.response["Error"]["Message"] == (
        "One or more parameter values were invalid: Table is being created with a stream enabled, UpdateViewType is required")


def test_partiql_writes_and_key_only_items_are_recorded():
    """PartiQL writes record like the item API's; an UpdateItem without updates creates (INSERT) an item
    holding only its key, and a later change carries that key-only item as its OldImage."""
    table = "interop-streams-partiql"
    arn = create_stream_table(table, "NEW_AND_OLD_IMAGES")
    db = dynamodb()
    db.execute_statement(Statement=f"INSERT INTO \"{table}\" VALUE {{'pk': 'a', 'v': 1}}")
    db.execute_statement(Statement=f"UPDATE \"{table}\" SET v = 2 WHERE pk = 'a'")
    db.execute_statement(Statement=f"DELETE FROM \"{table}\" WHERE pk = 'a'")
    db.update_item(TableName=table, Key={"pk": {"S": "k"}})
    db.update_item(TableName=table, Key={"pk": {"S": "k"}}, UpdateExpression="SET y = :y",
                   ExpressionAttributeValues={":y": {"N": "3"}})
    records = all_records(streams(), arn)
    assert [r["eventName"] for r in records] == ["INSERT", "MODIFY", "REMOVE", "INSERT", "MODIFY"]
    assert records[1]["dynamodb"]["OldImage"] == {"pk": {"S": "a"}, "v": {"N": "1"}}
    assert records[3]["dynamodb"]["NewImage"] == {"pk": {"S": "k"}}
    assert "OldImage" not in records[3]["dynamodb"]
    assert records[4]["dynamodb"]["OldImage"] == {"pk": {"S": "k"}}


def test_shard_filter_and_member_constraints():
    """DescribeStream's ShardFilter asks for a shard's children (none: the shard never splits); member
    lengths are checked as the Streams API Reference constrains them."""
    arn = create_stream_table("interop-streams-filter", "KEYS_ONLY")
    client = streams()
    shard_id = client.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    children = client.describe_stream(StreamArn=arn, ShardFilter={"Type": "CHILD_SHARDS", "ShardId": shard_id})
    assert children["StreamDescription"]["Shards"] == []
    unchecked = boto3.session.Session(region_name="us-east-1").client(
        "dynamodbstreams", config=CLIENT_CONFIG.merge(botocore.config.Config(parameter_validation=False)))
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        unchecked.describe_stream(StreamArn=arn, ExclusiveStartShardId="shardId-1")
    assert error_code(raised) == "ValidationException"
    assert raised.value.response["Error"]["Message"] == (
        "1 validation error detected: Value 'shardId-1' at 'exclusiveStartShardId' failed to satisfy constraint: "
        "Member must have length greater than or equal to 28")
