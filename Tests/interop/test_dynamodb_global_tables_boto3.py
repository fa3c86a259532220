"""boto3 with a global table (version 2019.11.21): one table, clients in two regions.

A job that reads DynamoDB in two regions makes a table global with UpdateTable's `ReplicaUpdates`
and then reads and writes either replica. Same environment as test_dynamodb_boto3.py (credentials
from the IMDS emulator only; the region is the client's `region_name`; the autouse `fresh_emulators`
fixture resets the emulators before each test).
"""

from __future__ import annotations

import pytest

from test_dynamodb_boto3 import dynamodb, error_code, imds_only_environment  # noqa: F401
from test_dynamodb_streams_boto3 import all_records, streams

TABLE = "interop-global-orders"
EAST, WEST = "us-east-1", "us-west-2"


def create_global_table() -> tuple:
    east, west = dynamodb(EAST), dynamodb(WEST)
    east.create_table(TableName=TABLE, BillingMode="PAY_PER_REQUEST",
                      AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                      KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}])
    east.put_item(TableName=TABLE, Item={"id": {"S": "before"}})
    answer = east.update_table(TableName=TABLE, ReplicaUpdates=[{"Create": {"RegionName": WEST}}])
    assert answer["TableDescription"]["GlobalTableVersion"] == "2019.11.21"
    return east, west


def test_a_replica_gets_the_items_and_every_later_write():
    east, west = create_global_table()
    assert west.get_item(TableName=TABLE, Key={"id": {"S": "before"}})["Item"] == {"id": {"S": "before"}}

    east.put_item(TableName=TABLE, Item={"id": {"S": "o-1"}, "n": {"N": "1"}})
    west.update_item(TableName=TABLE, Key={"id": {"S": "o-1"}}, UpdateExpression="ADD n :one",
                     ExpressionAttributeValues={":one": {"N": "1"}})
    assert east.get_item(TableName=TABLE, Key={"id": {"S": "o-1"}})["Item"]["n"] == {"N": "2"}
    west.batch_write_item(RequestItems={TABLE: [{"DeleteRequest": {"Key": {"id": {"S": "before"}}}}]})
    east.execute_statement(Statement=f"INSERT INTO \"{TABLE}\" VALUE {{'id': 'partiql'}}")
    for client in (east, west):
        ids = sorted(item["id"]["S"] for item in client.scan(TableName=TABLE)["Items"])
        assert ids == ["o-1", "partiql"]


def test_describe_table_names_the_other_region_and_the_stream():
    east, west = create_global_table()
    for client, other in ((east, WEST), (west, EAST)):
        table = client.describe_table(TableName=TABLE)["Table"]
        assert table["GlobalTableVersion"] == "2019.11.21"
        assert table["Replicas"] == [{"RegionName": other, "ReplicaStatus": "ACTIVE"}]
        assert table["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}

    # Each replica's stream records its own copy of a write made in the other region.
    west.put_item(TableName=TABLE, Item={"id": {"S": "from-west"}})
    arn = east.describe_table(TableName=TABLE)["Table"]["LatestStreamArn"]
    keys = [r["dynamodb"]["Keys"]["id"]["S"] for r in all_records(streams(EAST), arn)]
    assert keys == ["from-west"]

    with pytest.raises(east.exceptions.ClientError) as raised:
        east.update_table(TableName=TABLE, StreamSpecification={"StreamEnabled": False})
    assert error_code(raised) == "ValidationException"
    assert "not allowed for a Global Table" in raised.value.response["Error"]["Message"]


def test_refusals_and_removing_the_replica():
    east, west = create_global_table()
    with pytest.raises(east.exceptions.ClientError) as raised:
        east.update_table(TableName=TABLE, ReplicaUpdates=[{"Create": {"RegionName": EAST}}])
    assert error_code(raised) == "ValidationException"
    assert "local region" in raised.value.response["Error"]["Message"]

    east.update_table(TableName=TABLE, ReplicaUpdates=[{"Delete": {"RegionName": WEST}}])
    with pytest.raises(west.exceptions.ResourceNotFoundException):
        west.describe_table(TableName=TABLE)
    table = east.describe_table(TableName=TABLE)["Table"]
    assert "Replicas" not in table and "GlobalTableVersion" not in table
    assert table["StreamSpecification"]["StreamEnabled"] is True
