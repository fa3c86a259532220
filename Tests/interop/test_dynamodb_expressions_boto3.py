"""boto3 against the emulator's expression validation and update semantics, where they follow DynamoDB.

Same environment as test_dynamodb_boto3.py (credentials from the IMDS emulator only; the autouse
`fresh_emulators` fixture resets the fixture tables before each test). Each case is a DynamoDB
behaviour an SDK user sees: what is refused (with its message) and what an update writes.
"""

from __future__ import annotations

import pytest

from test_dynamodb_boto3 import HASH_KEY, RANGE_KEY, TABLE, dynamodb, error_code, imds_only_environment  # noqa: F401

KEY = {HASH_KEY: {"S": "2027-07"}, RANGE_KEY: {"S": "2027-07-01T09:00:00Z#HC-X1"}}


def refused(call, **kwargs) -> str:
    """The ValidationException message `call(**kwargs)` is answered with."""
    with pytest.raises(Exception) as raised:
        call(**kwargs)
    assert error_code(raised) == "ValidationException"
    return raised.value.response["Error"]["Message"]


def test_ordering_a_value_without_order_is_refused_but_an_attribute_is_only_false():
    client = dynamodb()
    client.put_item(TableName=TABLE, Item={**KEY, "stops": {"L": [{"S": "Hvar"}]}, "party_size": {"N": "4"}})
    message = refused(client.update_item, TableName=TABLE, Key=KEY, UpdateExpression="SET seen = :t",
                      ConditionExpression="party_size < :stops",
                      ExpressionAttributeValues={":t": {"BOOL": True}, ":stops": {"L": [{"N": "1"}]}})
    assert message == ("Invalid ConditionExpression: Incorrect operand type for operator or function; "
                       "operator or function: <, operand type: L")
    message = refused(client.put_item, TableName=TABLE, Item=KEY, ConditionExpression="party_size BETWEEN :a AND :b",
                      ExpressionAttributeValues={":a": {"N": "1"}, ":b": {"S": "9"}})
    assert message == ("Invalid ConditionExpression: The BETWEEN operator requires same data type for lower and "
                       "upper bounds; lower operand: AttributeValue: {N:1}, upper operand: AttributeValue: {S:9}")
    # The list comes from the item: the comparison is false, not an error.
    with pytest.raises(client.exceptions.ConditionalCheckFailedException):
        client.delete_item(TableName=TABLE, Key=KEY, ConditionExpression="stops < :n",
                           ExpressionAttributeValues={":n": {"N": "1"}})


def test_condition_functions_and_update_functions_stay_apart():
    client = dynamodb()
    client.put_item(TableName=TABLE, Item={**KEY, "boat": {"S": "Osprey"}})
    message = refused(client.put_item, TableName=TABLE, Item=KEY, ConditionExpression="if_not_exists(boat, :b) = :b",
                      ExpressionAttributeValues={":b": {"S": "Tern"}})
    assert message == "Invalid ConditionExpression: The function is not allowed in a condition expression; function: if_not_exists"
    # attribute_type takes a `:value` type name, and its first operand may be a value too.
    client.put_item(TableName=TABLE, Item=KEY, ConditionExpression="attribute_type(:b, :s)",
                    ExpressionAttributeValues={":b": {"S": "Tern"}, ":s": {"S": "S"}})
    message = refused(client.query, TableName=TABLE, KeyConditionExpression=f"{HASH_KEY} = :m",
                      FilterExpression="attribute_type(boat, party_size)",
                      ExpressionAttributeValues={":m": {"S": "2099-01"}})
    assert message.startswith("Invalid FilterExpression: Incorrect operand type for operator or function; "
                              "operator or function: attribute_type")


def test_update_expression_syntax_follows_dynamodb():
    client = dynamodb()
    message = refused(client.update_item, TableName=TABLE, Key=KEY, UpdateExpression="SET _leg = :v",
                      ExpressionAttributeValues={":v": {"N": "1"}})
    assert message == 'Invalid UpdateExpression: Syntax error; token: "_", near: "SET _leg"'
    message = refused(client.update_item, TableName=TABLE, Key=KEY,
                      UpdateExpression="SET legs = if_not_exists(legs, :a + :a)",
                      ExpressionAttributeValues={":a": {"N": "1"}})
    assert message == 'Invalid UpdateExpression: Syntax error; token: "+", near: ":a + :a"'
    message = refused(client.update_item, TableName=TABLE, Key=KEY,
                      UpdateExpression="SET legs = list_append(list_append(:l, :l), :l)",
                      ExpressionAttributeValues={":l": {"L": []}})
    assert message == ("Invalid UpdateExpression: The function is not allowed to be used this way in an expression; "
                       "function: list_append")
    answer = client.update_item(TableName=TABLE, Key=KEY, ReturnValues="ALL_NEW",
                                UpdateExpression="SET legs = list_append(if_not_exists(legs, :none), :l)",
                                ExpressionAttributeValues={":none": {"L": []}, ":l": {"L": [{"S": "Vis"}]}})
    assert answer["Attributes"]["legs"] == {"L": [{"S": "Vis"}]}


def test_removals_do_not_create_a_missing_item():
    client = dynamodb()
    for expression in ("REMOVE boat", "REMOVE crew.skipper", "REMOVE stops[0]"):
        answer = client.update_item(TableName=TABLE, Key=KEY, UpdateExpression=expression, ReturnValues="ALL_NEW")
        assert "Attributes" not in answer
        assert "Item" not in client.get_item(TableName=TABLE, Key=KEY, ConsistentRead=True)
    client.put_item(TableName=TABLE, Item=KEY)
    message = refused(client.update_item, TableName=TABLE, Key=KEY, UpdateExpression="REMOVE crew.skipper")
    assert message == "The document path provided in the update expression is invalid for update"
