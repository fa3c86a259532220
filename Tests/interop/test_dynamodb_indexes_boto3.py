"""boto3 against the emulator's secondary indexes: what a KEYS_ONLY index answers and may name (a local
index reads unprojected attributes from the table, a global one cannot), the projection and
GlobalSecondaryIndexUpdates checks, and the backfill of an index added to a table with items.
"""

from __future__ import annotations

import botocore.exceptions
import pytest

from test_dynamodb_boto3 import dynamodb, error_code, imds_only_environment  # noqa: F401 (autouse fixture)


def create_orders(db) -> None:
    db.create_table(
        TableName="orders",
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in ("pk", "sk", "total")],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        LocalSecondaryIndexes=[{
            "IndexName": "byTotal",
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "total", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "KEYS_ONLY"},
        }],
    )
    db.put_item(TableName="orders", Item={"pk": {"S": "a"}, "sk": {"S": "1"}, "total": {"S": "9"}, "note": {"S": "hi"}})


def test_local_index_reads_unprojected_attributes_from_the_table():
    db = dynamodb()
    create_orders(db)
    query = {"TableName": "orders", "IndexName": "byTotal", "KeyConditionExpression": "pk = :p",
             "ExpressionAttributeValues": {":p": {"S": "a"}}}
    assert db.query(**query)["Items"] == [{"pk": {"S": "a"}, "sk": {"S": "1"}, "total": {"S": "9"}}]
    assert db.query(**query, Select="ALL_ATTRIBUTES")["Items"][0]["note"] == {"S": "hi"}
    assert db.query(**query, ProjectionExpression="note")["Items"] == [{"note": {"S": "hi"}}]
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        db.query(**{**query, "ExpressionAttributeValues": {":p": {"S": "a"}, ":n": {"S": "hi"}}},
                 Select="ALL_ATTRIBUTES", FilterExpression="note = :n")
    assert error_code(raised) == "ValidationException"
    assert "Secondary index byTotal does not project one or more filter attributes: [note]" in str(raised.value)


def test_index_updates_are_checked_and_backfill_skips_empty_keys():
    db = dynamodb()
    db.create_table(TableName="people", BillingMode="PAY_PER_REQUEST",
                    AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                    KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])
    db.put_item(TableName="people", Item={"pk": {"S": "ann"}, "city": {"S": "Oslo"}})
    db.put_item(TableName="people", Item={"pk": {"S": "bob"}, "city": {"S": ""}})
    create = {"Create": {"IndexName": "byCity", "KeySchema": [{"AttributeName": "city", "KeyType": "HASH"}],
                         "Projection": {"ProjectionType": "ALL"}}}
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        db.update_table(TableName="people", GlobalSecondaryIndexUpdates=[create])
    assert "Some index key attributes are not defined in AttributeDefinitions" in str(raised.value)
    db.update_table(TableName="people", AttributeDefinitions=[{"AttributeName": "city", "AttributeType": "S"}],
                    GlobalSecondaryIndexUpdates=[create])
    assert [i["pk"]["S"] for i in db.scan(TableName="people", IndexName="byCity")["Items"]] == ["ann"]
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        db.update_table(TableName="people", AttributeDefinitions=[{"AttributeName": "city", "AttributeType": "N"}],
                        GlobalSecondaryIndexUpdates=[{"Create": {**create["Create"], "IndexName": "byCityNumber"}}])
    assert "Attributes cannot be redefined" in str(raised.value)
