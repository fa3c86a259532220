"""boto3 against the DynamoDB emulator: WarmThroughput on CreateTable, UpdateTable and DescribeTable.

The baseline every table reports, a configured warm throughput (table and GSI, one unit or both), the
on-demand minimums, and that it cannot be lowered. Same environment as test_dynamodb_boto3.py
(credentials from the IMDS emulator only; the emulators are reset before each test).
"""

from __future__ import annotations

import pytest

from test_dynamodb_boto3 import dynamodb, error_code, imds_only_environment  # noqa: F401

KEYS = [{"AttributeName": "p", "KeyType": "HASH"}]
DEFINITIONS = [{"AttributeName": "p", "AttributeType": "S"}, {"AttributeName": "g", "AttributeType": "S"}]
INDEX = {"IndexName": "by-g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
         "Projection": {"ProjectionType": "ALL"}}


def create(client, name: str, **extra) -> dict:
    extra.setdefault("BillingMode", "PAY_PER_REQUEST")
    return client.create_table(TableName=name, KeySchema=KEYS, AttributeDefinitions=DEFINITIONS,
                               GlobalSecondaryIndexes=[dict(INDEX, **extra.pop("index", {}))], **extra)


def warm(client, name: str) -> tuple[dict, dict]:
    table = client.describe_table(TableName=name)["Table"]
    return table["WarmThroughput"], table["GlobalSecondaryIndexes"][0]["WarmThroughput"]


def units(read: int, write: int) -> dict:
    return {"ReadUnitsPerSecond": read, "WriteUnitsPerSecond": write, "Status": "ACTIVE"}


def test_every_table_reports_a_baseline():
    client = dynamodb()
    create(client, "on-demand")
    assert warm(client, "on-demand") == (units(12000, 4000), units(12000, 4000))
    create(client, "provisioned", BillingMode="PROVISIONED",
           ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 3},
           index={"ProvisionedThroughput": {"ReadCapacityUnits": 2, "WriteCapacityUnits": 1}})
    assert warm(client, "provisioned") == (units(5, 3), units(2, 1))


def test_create_table_keeps_a_configured_warm_throughput():
    client = dynamodb()
    answer = create(client, "hot", WarmThroughput={"ReadUnitsPerSecond": 12240},
                    index={"WarmThroughput": {"WriteUnitsPerSecond": 4080}})
    assert answer["TableDescription"]["WarmThroughput"] == units(12240, 4000)
    assert warm(client, "hot") == (units(12240, 4000), units(12000, 4080))


@pytest.mark.parametrize("read,write,unit", [(11999, 4000, "ReadUnitsPerSecond"), (12000, 3999, "WriteUnitsPerSecond")])
def test_less_than_the_on_demand_minimum_is_refused(read, write, unit):
    client = dynamodb()
    with pytest.raises(client.exceptions.ClientError) as raised:
        create(client, "cold", WarmThroughput={"ReadUnitsPerSecond": read, "WriteUnitsPerSecond": write})
    assert error_code(raised) == "ValidationException"
    assert (f"Requested {unit} for WarmThroughput for table is lower than initial throughput for OnDemand"
            in raised.value.response["Error"]["Message"])


def test_update_table_raises_it_alone_and_cannot_lower_it():
    client = dynamodb()
    create(client, "hot")
    client.update_table(TableName="hot", WarmThroughput={"ReadUnitsPerSecond": 12240, "WriteUnitsPerSecond": 4080})
    client.update_table(TableName="hot", GlobalSecondaryIndexUpdates=[
        {"Update": {"IndexName": "by-g", "WarmThroughput": {"ReadUnitsPerSecond": 20000}}}])
    assert warm(client, "hot") == (units(12240, 4080), units(20000, 4000))
    with pytest.raises(client.exceptions.ClientError) as raised:
        client.update_table(TableName="hot", WarmThroughput={"ReadUnitsPerSecond": 12120, "WriteUnitsPerSecond": 4040})
    assert error_code(raised) == "ValidationException"
    assert raised.value.response["Error"]["Message"] == (
        "One or more parameter values were invalid: Requested ReadUnitsPerSecond for WarmThroughput for table "
        "is lower than current WarmThroughput, decreasing WarmThroughput is not supported")
    with pytest.raises(client.exceptions.ClientError) as raised:
        client.update_table(TableName="hot", GlobalSecondaryIndexUpdates=[
            {"Update": {"IndexName": "by-g", "WarmThroughput": {"ReadUnitsPerSecond": 19000}}}])
    assert "for index by-g is lower than current WarmThroughput" in raised.value.response["Error"]["Message"]
    assert warm(client, "hot") == (units(12240, 4080), units(20000, 4000))
