"""boto3 against the DynamoDB emulator: tables, tags, batches, transactions and the endpoint's HTTP layer.

What an SDK user sees of DynamoDB's table-level rules: TableClass, the 255-character key-name limit, tag
characters, BatchWriteItem's per-table limit, how a transaction reports a bad key, gzip-compressed
requests (botocore's request compression), the `GET /` health check and CORS. Same environment as
test_dynamodb_boto3.py (credentials from the IMDS emulator only; the emulators are reset before each
test).
"""

from __future__ import annotations

import boto3
import botocore.client
import pytest
import requests

from test_dynamodb_boto3 import dynamodb, error_code, imds_only_environment  # noqa: F401

KEYS = [{"AttributeName": "p", "KeyType": "HASH"}]
DEFINITIONS = [{"AttributeName": "p", "AttributeType": "S"}]


def create(client, name: str, **extra) -> None:
    client.create_table(TableName=name, KeySchema=KEYS, AttributeDefinitions=DEFINITIONS,
                        BillingMode="PAY_PER_REQUEST", **extra)


def test_table_class_is_reported_once_named():
    client = dynamodb()
    create(client, "plain")
    assert "TableClassSummary" not in client.describe_table(TableName="plain")["Table"]
    create(client, "cold", TableClass="STANDARD_INFREQUENT_ACCESS")
    assert client.describe_table(TableName="cold")["Table"]["TableClassSummary"] == {
        "TableClass": "STANDARD_INFREQUENT_ACCESS"}
    client.update_table(TableName="cold", TableClass="STANDARD")
    summary = client.describe_table(TableName="cold")["Table"]["TableClassSummary"]
    assert summary["TableClass"] == "STANDARD" and "LastUpdateDateTime" in summary
    with pytest.raises(client.exceptions.ClientError) as raised:
        create(client, "warm", TableClass="standard")
    assert error_code(raised) == "ValidationException"
    assert "table-class" in raised.value.response["Error"]["Message"]


def test_a_key_name_over_255_characters_is_refused():
    client = dynamodb()
    long = "k" * 256
    with pytest.raises(client.exceptions.ClientError) as raised:
        client.create_table(TableName="long-keys", KeySchema=[{"AttributeName": long, "KeyType": "HASH"}],
                            AttributeDefinitions=[{"AttributeName": "short", "AttributeType": "S"}],
                            BillingMode="PAY_PER_REQUEST")
    assert error_code(raised) == "ValidationException"
    assert "Member must have length less than or equal to 255" in raised.value.response["Error"]["Message"]


def test_tags_refuse_other_characters_and_answer_empty_bodies():
    client = dynamodb()
    create(client, "tagged")
    arn = client.describe_table(TableName="tagged")["Table"]["TableArn"]
    answer = client.tag_resource(ResourceArn=arn, Tags=[{"Key": "team:ops/on-call", "Value": "a=b+c_d.e @f"}])
    assert answer["ResponseMetadata"]["HTTPHeaders"]["content-length"] == "0"
    for key, value in [("hi!", "dog"), ("dog", "d%g")]:
        with pytest.raises(client.exceptions.ClientError) as raised:
            client.tag_resource(ResourceArn=arn, Tags=[{"Key": key, "Value": value}])
        assert error_code(raised) == "ValidationException"
    assert client.list_tags_of_resource(ResourceArn=arn)["Tags"] == [{"Key": "team:ops/on-call", "Value": "a=b+c_d.e @f"}]


def test_batch_write_limit_is_per_table_first():
    client = dynamodb()
    create(client, "batched")
    with pytest.raises(client.exceptions.ClientError) as raised:
        client.batch_write_item(RequestItems={"batched": [
            {"PutRequest": {"Item": {"p": {"S": str(i)}}}} for i in range(26)]})
    message = raised.value.response["Error"]["Message"]
    assert "Member must have length less than or equal to 25" in message


def test_a_bad_key_is_the_only_cancellation_reason():
    client = dynamodb()
    create(client, "ledger")
    with pytest.raises(client.exceptions.TransactionCanceledException) as raised:
        client.transact_write_items(TransactItems=[
            {"ConditionCheck": {"TableName": "ledger", "Key": {"p": {"S": "a"}},
                                "ConditionExpression": "attribute_exists(p)"}},
            {"Put": {"TableName": "ledger", "Item": {"p": {"N": "7"}}}},
        ])
    codes = [reason["Code"] for reason in raised.value.response["CancellationReasons"]]
    assert codes == ["None", "ValidationError"]


def test_gzip_compressed_requests():
    client = dynamodb()
    create(client, "zipped")
    # botocore compresses only operations its model marks; mark them all, and compress any size.
    config = client.meta.config.merge(botocore.client.Config(request_min_compression_size_bytes=1))
    compressed = boto3.session.Session(region_name="us-east-1").client("dynamodb", config=config)
    operations = compressed.meta.service_model._service_description["operations"]
    for operation in operations.values():
        operation["requestcompression"] = {"encodings": ["gzip"]}
    item = {"p": {"S": "a"}, "long": {"S": "x" * 20000}}
    compressed.put_item(TableName="zipped", Item=item)
    assert compressed.get_item(TableName="zipped", Key={"p": {"S": "a"}}, ConsistentRead=True)["Item"] == item


def test_health_check_and_cors():
    endpoint = dynamodb().meta.endpoint_url
    host = endpoint.split("://", 1)[1]
    health = requests.get(endpoint + "/", timeout=10)
    assert health.status_code == 200
    assert health.text.strip() == f"healthy: {host}"
    plain = requests.options(endpoint + "/", timeout=10)
    assert "Access-Control-Allow-Origin" not in plain.headers
    preflight = requests.options(endpoint + "/", timeout=10, headers={
        "Origin": "http://localhost:3000", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, x-amz-target"})
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert preflight.headers["Access-Control-Allow-Methods"] == "POST"
    assert preflight.headers["Access-Control-Allow-Headers"] == "content-type, x-amz-target"
    assert "Access-Control-Max-Age" in preflight.headers
