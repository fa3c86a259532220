"""boto3 with DynamoDB's legacy (pre-expression) parameters and the tagging API, against the emulator.

Older code and many libraries still send `KeyConditions`, `ScanFilter`, `Expected` and
`AttributeUpdates`; these tests call them through boto3's low-level client exactly as such code does.
Same environment as test_dynamodb_boto3.py (credentials from the IMDS emulator only; the autouse
`fresh_emulators` fixture resets the fixture tables before each test).
"""

from __future__ import annotations

import pytest

from test_dynamodb_boto3 import HASH_KEY, RANGE_KEY, TABLE, dynamodb, error_code, imds_only_environment  # noqa: F401

MONTH = "2027-06"


def put_month(client) -> list[dict]:
    keys = [{HASH_KEY: {"S": MONTH}, RANGE_KEY: {"S": f"2027-06-{day:02d}T09:00:00Z#HC-L{day}"}} for day in range(1, 6)]
    for day, key in enumerate(keys, start=1):
        client.put_item(TableName=TABLE, Item={**key, "party_size": {"N": str(day)},
                                               "boat": {"S": "Osprey" if day % 2 else "Tern"}})
    return keys


def test_query_with_key_conditions_and_query_filter():
    client = dynamodb()
    keys = put_month(client)
    answer = client.query(
        TableName=TABLE,
        KeyConditions={
            HASH_KEY: {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": MONTH}]},
            RANGE_KEY: {"ComparisonOperator": "BETWEEN",
                        "AttributeValueList": [keys[1][RANGE_KEY], keys[3][RANGE_KEY]]},
        },
        QueryFilter={"boat": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "Tern"}]}},
        AttributesToGet=[RANGE_KEY, "party_size"],
        ConsistentRead=True,
    )
    assert answer["ScannedCount"] == 3
    assert answer["Items"] == [{RANGE_KEY: keys[1][RANGE_KEY], "party_size": {"N": "2"}},
                               {RANGE_KEY: keys[3][RANGE_KEY], "party_size": {"N": "4"}}]

    with pytest.raises(client.exceptions.ClientError) as raised:
        client.query(TableName=TABLE,
                     KeyConditions={HASH_KEY: {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [{"S": "2027"}]}})
    assert error_code(raised) == "ValidationException"
    assert raised.value.response["Error"]["Message"] == "Query key condition not supported"


def test_scan_with_scan_filter_and_conditional_operator():
    client = dynamodb()
    put_month(client)
    scanned = client.scan(
        TableName=TABLE,
        ScanFilter={HASH_KEY: {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": MONTH}]},
                    "party_size": {"ComparisonOperator": "GE", "AttributeValueList": [{"N": "4"}]}},
        ConditionalOperator="AND",
    )
    assert sorted(i["party_size"]["N"] for i in scanned["Items"]) == ["4", "5"]

    with pytest.raises(client.exceptions.ClientError) as raised:
        client.scan(TableName=TABLE, ScanFilter={"party_size": {"ComparisonOperator": "NOT_NULL"}},
                    FilterExpression="attribute_exists(party_size)")
    assert raised.value.response["Error"]["Message"] == (
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {ScanFilter} Expression parameters: {FilterExpression}")


def test_put_item_with_expected():
    client = dynamodb()
    key = {HASH_KEY: {"S": MONTH}, RANGE_KEY: {"S": "2027-06-20T08:00:00Z#HC-EXP"}}
    client.put_item(TableName=TABLE, Item={**key, "status": {"S": "scheduled"}}, Expected={HASH_KEY: {"Exists": False}})
    with pytest.raises(client.exceptions.ConditionalCheckFailedException):
        client.put_item(TableName=TABLE, Item={**key, "status": {"S": "again"}}, Expected={HASH_KEY: {"Exists": False}})
    client.put_item(TableName=TABLE, Item={**key, "status": {"S": "sailed"}},
                    Expected={"status": {"Value": {"S": "scheduled"}}})
    assert client.get_item(TableName=TABLE, Key=key, ConsistentRead=True)["Item"]["status"] == {"S": "sailed"}

    with pytest.raises(client.exceptions.ClientError) as raised:
        client.put_item(TableName=TABLE, Item=key, Expected={"status": {"Exists": True}})
    assert raised.value.response["Error"]["Message"] == (
        "One or more parameter values were invalid: Value must be provided when Exists is true for Attribute: status")


def test_update_item_with_attribute_updates():
    client = dynamodb()
    key = {HASH_KEY: {"S": MONTH}, RANGE_KEY: {"S": "2027-06-21T08:00:00Z#HC-UPD"}}
    new = client.update_item(
        TableName=TABLE, Key=key,
        AttributeUpdates={"party_size": {"Action": "ADD", "Value": {"N": "3"}},
                          "crew": {"Action": "ADD", "Value": {"L": [{"S": "Ana"}]}},
                          "boat": {"Action": "PUT", "Value": {"S": "Osprey"}}},
        ReturnValues="ALL_NEW",
    )["Attributes"]
    assert new["party_size"] == {"N": "3"}
    assert new["crew"] == {"L": [{"S": "Ana"}]}
    old = client.update_item(
        TableName=TABLE, Key=key,
        AttributeUpdates={"boat": {"Action": "DELETE"}, "party_size": {"Action": "ADD", "Value": {"N": "-1"}}},
        Expected={"boat": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "Osprey"}]}},
        ReturnValues="UPDATED_OLD",
    )["Attributes"]
    assert old == {"boat": {"S": "Osprey"}, "party_size": {"N": "3"}}
    item = client.get_item(TableName=TABLE, Key=key, ConsistentRead=True)["Item"]
    assert "boat" not in item
    assert item["party_size"] == {"N": "2"}


def test_removals_leave_a_missing_item_missing_and_not_contains_needs_the_attribute():
    client = dynamodb()
    key = {HASH_KEY: {"S": MONTH}, RANGE_KEY: {"S": "2027-06-22T08:00:00Z#HC-GONE"}}
    client.update_item(TableName=TABLE, Key=key, AttributeUpdates={"boat": {"Action": "DELETE"}})
    client.update_item(TableName=TABLE, Key=key, UpdateExpression="REMOVE boat")
    assert "Item" not in client.get_item(TableName=TABLE, Key=key, ConsistentRead=True)
    client.update_item(TableName=TABLE, Key=key, AttributeUpdates={})
    assert client.get_item(TableName=TABLE, Key=key, ConsistentRead=True)["Item"] == key
    # On a missing attribute NOT_CONTAINS is false, as CONTAINS is; NE holds.
    client.update_item(TableName=TABLE, Key=key, AttributeUpdates={"ne": {"Action": "PUT", "Value": {"N": "1"}}},
                       Expected={"crew": {"ComparisonOperator": "NE", "AttributeValueList": [{"S": "Ana"}]}})
    with pytest.raises(client.exceptions.ConditionalCheckFailedException):
        client.update_item(TableName=TABLE, Key=key, AttributeUpdates={"nc": {"Action": "PUT", "Value": {"N": "1"}}},
                           Expected={"crew": {"ComparisonOperator": "NOT_CONTAINS", "AttributeValueList": [{"S": "Ana"}]}})


def test_scan_start_key_must_lie_in_its_segment():
    client = dynamodb()
    put_month(client)
    for segment in range(4):
        page = client.scan(TableName=TABLE, Segment=segment, TotalSegments=4, Limit=1)
        if "LastEvaluatedKey" in page:
            break
    else:
        pytest.fail("no segment of four held an item")
    start = page["LastEvaluatedKey"]
    client.scan(TableName=TABLE, Segment=segment, TotalSegments=4, ExclusiveStartKey=start)
    other = (segment + 1) % 4
    with pytest.raises(client.exceptions.ClientError) as raised:
        client.scan(TableName=TABLE, Segment=other, TotalSegments=4, ExclusiveStartKey=start)
    assert error_code(raised) == "ValidationException"
    assert raised.value.response["Error"]["Message"] == (
        "The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with "
        f"correct Segment. TotalSegments: 4 Segment: {other}")

def test_tag_resource_and_list_tags_of_resource():
    client = dynamodb()
    arn = client.describe_table(TableName=TABLE)["Table"]["TableArn"]
    client.tag_resource(ResourceArn=arn, Tags=[{"Key": "env", "Value": "test"}, {"Key": "team", "Value": "ops"}])
    assert client.list_tags_of_resource(ResourceArn=arn)["Tags"] == [
        {"Key": "env", "Value": "test"}, {"Key": "team", "Value": "ops"}]
    client.untag_resource(ResourceArn=arn, TagKeys=["team"])
    assert client.list_tags_of_resource(ResourceArn=arn)["Tags"] == [{"Key": "env", "Value": "test"}]

    missing = arn.rsplit("/", 1)[0] + "/no-such-table"
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.list_tags_of_resource(ResourceArn=missing)
    assert client.describe_limits()["TableMaxReadCapacityUnits"] == 40000
    backups = client.describe_continuous_backups(TableName=TABLE)["ContinuousBackupsDescription"]
    assert backups["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "DISABLED"
