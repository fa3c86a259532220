"""boto3 against two DynamoDB features of the emulator: global secondary indexes with multi-attribute
keys (up to 4 HASH + 4 RANGE attributes) and Time to Live expiry on the virtual clock, whose deletions
are read back through the `dynamodbstreams` client as REMOVE records by the service.
"""

from __future__ import annotations

import time

import botocore.exceptions
import pytest

import support
from test_dynamodb_boto3 import dynamodb, error_code, imds_only_environment  # noqa: F401 (autouse fixture)
from test_dynamodb_streams_boto3 import all_records, streams


def create_match_table(name: str) -> None:
    dynamodb().create_table(
        TableName=name,
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "tournament", "AttributeType": "S"},
            {"AttributeName": "area", "AttributeType": "S"},
            {"AttributeName": "stage", "AttributeType": "S"},
            {"AttributeName": "score", "AttributeType": "N"},
        ],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        BillingMode="PAY_PER_REQUEST",
        GlobalSecondaryIndexes=[{
            "IndexName": "byMatch",
            "KeySchema": [
                {"AttributeName": "tournament", "KeyType": "HASH"},
                {"AttributeName": "area", "KeyType": "HASH"},
                {"AttributeName": "stage", "KeyType": "RANGE"},
                {"AttributeName": "score", "KeyType": "RANGE"},
            ],
            "Projection": {"ProjectionType": "ALL"},
        }],
    )


def test_multi_attribute_gsi_is_created_and_queried():
    table = "interop-matches"
    create_match_table(table)
    db = dynamodb()
    described = db.describe_table(TableName=table)["Table"]["GlobalSecondaryIndexes"][0]["KeySchema"]
    assert [(k["AttributeName"], k["KeyType"]) for k in described] == [
        ("tournament", "HASH"), ("area", "HASH"), ("stage", "RANGE"), ("score", "RANGE")]
    rows = [("1", "EU", "final", 300), ("2", "EU", "final", 100), ("3", "EU", "semi", 200),
            ("4", "EU", "final", 200), ("5", "NA", "final", 50)]
    for pk, area, stage, score in rows:
        db.put_item(TableName=table, Item={"pk": {"S": pk}, "tournament": {"S": "W24"}, "area": {"S": area},
                                           "stage": {"S": stage}, "score": {"N": str(score)}})
    db.put_item(TableName=table, Item={"pk": {"S": "sparse"}, "tournament": {"S": "W24"}, "area": {"S": "EU"}})

    partition = {":t": {"S": "W24"}, ":a": {"S": "EU"}}
    everything = db.query(TableName=table, IndexName="byMatch", KeyConditionExpression="tournament = :t AND area = :a",
                          ExpressionAttributeValues=partition)
    assert [i["pk"]["S"] for i in everything["Items"]] == ["2", "4", "1", "3"]

    ranged = db.query(TableName=table, IndexName="byMatch",
                      KeyConditionExpression="tournament = :t AND area = :a AND stage = :s AND score > :n",
                      ExpressionAttributeValues={**partition, ":s": {"S": "final"}, ":n": {"N": "150"}},
                      ScanIndexForward=False)
    assert [i["pk"]["S"] for i in ranged["Items"]] == ["1", "4"]

    page = db.query(TableName=table, IndexName="byMatch", KeyConditionExpression="tournament = :t AND area = :a",
                    ExpressionAttributeValues=partition, Limit=2)
    assert set(page["LastEvaluatedKey"]) == {"pk", "tournament", "area", "stage", "score"}
    rest = db.query(TableName=table, IndexName="byMatch", KeyConditionExpression="tournament = :t AND area = :a",
                    ExpressionAttributeValues=partition, ExclusiveStartKey=page["LastEvaluatedKey"])
    assert [i["pk"]["S"] for i in rest["Items"]] == ["1", "3"]

    with pytest.raises(botocore.exceptions.ClientError) as skipped:
        db.query(TableName=table, IndexName="byMatch",
                 KeyConditionExpression="tournament = :t AND area = :a AND score > :n",
                 ExpressionAttributeValues={**partition, ":n": {"N": "1"}})
    assert error_code(skipped) == "ValidationException"
    assert "RANGE key attributes stage must have equality conditions" in skipped.value.response["Error"]["Message"]

    with pytest.raises(botocore.exceptions.ClientError) as missing:
        db.query(TableName=table, IndexName="byMatch", KeyConditionExpression="tournament = :t",
                 ExpressionAttributeValues={":t": {"S": "W24"}})
    assert missing.value.response["Error"]["Message"] == "Query condition missed key schema element: area"


def test_too_many_hash_attributes_are_refused():
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        dynamodb().create_table(
            TableName="interop-too-many",
            AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in ["pk", "a", "b", "c", "d", "e"]],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            BillingMode="PAY_PER_REQUEST",
            GlobalSecondaryIndexes=[{"IndexName": "five", "Projection": {"ProjectionType": "ALL"},
                                     "KeySchema": [{"AttributeName": n, "KeyType": "HASH"} for n in "abcde"]}],
        )
    assert error_code(raised) == "ValidationException"
    assert raised.value.response["Error"]["Message"] == (
        "One or more parameter values were invalid: The KeySchema exceeds the maximum allowed number of HASH key attributes")


def test_ttl_deletion_is_a_stream_remove_by_the_service(control: support.Control):
    table = "interop-ttl"
    db = dynamodb()
    arn = db.create_table(
        TableName=table,
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )["TableDescription"]["LatestStreamArn"]
    db.update_time_to_live(TableName=table, TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"})
    now = int(time.time() + control.clock()["advancedSeconds"])
    db.put_item(TableName=table, Item={"pk": {"S": "session"}, "expires": {"N": str(now + 60)}})
    db.put_item(TableName=table, Item={"pk": {"S": "keeper"}, "expires": {"N": str(now + 86_400)}})
    assert "Item" in db.get_item(TableName=table, Key={"pk": {"S": "session"}})

    control.advance_clock(600)

    assert "Item" not in db.get_item(TableName=table, Key={"pk": {"S": "session"}})
    assert "Item" in db.get_item(TableName=table, Key={"pk": {"S": "keeper"}})
    records = all_records(streams(), arn)
    assert [r["eventName"] for r in records] == ["INSERT", "INSERT", "REMOVE"]
    removal = records[-1]
    assert removal["userIdentity"] == {"Type": "Service", "PrincipalId": "dynamodb.amazonaws.com"}
    assert removal["dynamodb"]["Keys"] == {"pk": {"S": "session"}}
    assert removal["dynamodb"]["OldImage"]["expires"] == {"N": str(now + 60)}
    assert "userIdentity" not in records[0]
    journaled = control.journal(service="dynamodb", operation="TimeToLiveExpiry")
    assert [entry["path"] for entry in journaled] == [f"/us-east-1/{table}?deleted=1"]
