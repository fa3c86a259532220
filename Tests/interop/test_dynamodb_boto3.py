"""boto3 against the DynamoDB emulator, with credentials from the IMDS emulator only.

CI/interop.sh exports `AWS_EC2_METADATA_SERVICE_ENDPOINT` and `AWS_ENDPOINT_URL_DYNAMODB` from
`drydock emulators serve`. Every client here resolves its credentials through botocore's own chain
with no environment keys, no profile and no config/credentials files, so the only provider left is
the instance-metadata one (IMDSv2 token, role name, role credentials). The region is passed as
`region_name`. The autouse `fresh_emulators` fixture (conftest.py) resets the emulators before each
test, so the fixture tables (`crew-dispatch`, `charter-chats` in us-east-1 and us-west-2) are back.
"""

from __future__ import annotations

import json

import boto3
import botocore.config
import botocore.exceptions
import pytest

import support

TABLE = "crew-dispatch"
HASH_KEY = "dispatch_month"
RANGE_KEY = "departs_at"
# The waiters' defaults poll every 20 s; the emulator creates tables ACTIVE, but never wait long.
FAST_WAITER = {"Delay": 1, "MaxAttempts": 10}


@pytest.fixture(autouse=True)
def imds_only_environment(monkeypatch) -> None:
    """No credential source but IMDS: env keys, profile and shared files all out of the way."""
    support.require_env("AWS_EC2_METADATA_SERVICE_ENDPOINT")
    support.require_env("AWS_ENDPOINT_URL_DYNAMODB")
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
                 "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_DEFAULT_REGION", "AWS_REGION",
                 "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                 "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_EC2_METADATA_DISABLED"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")


# No retries: an emulator error must surface as the client sees it on the first answer.
CLIENT_CONFIG = botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"},
                                       connect_timeout=10, read_timeout=20)


def dynamodb(region: str = "us-east-1"):
    """A DynamoDB client from a fresh session (fresh credential resolution through IMDS)."""
    session = boto3.session.Session(region_name=region)
    return session.client("dynamodb", config=CLIENT_CONFIG)


def error_code(raised: pytest.ExceptionInfo) -> str:
    return raised.value.response["Error"]["Code"]


def http_status(raised: pytest.ExceptionInfo) -> int:
    return raised.value.response["ResponseMetadata"]["HTTPStatusCode"]


def test_credentials_come_from_imds():
    session = boto3.session.Session(region_name="us-east-1")
    credentials = session.get_credentials()
    assert credentials is not None
    assert credentials.method == "iam-role"
    frozen = credentials.get_frozen_credentials()
    assert frozen.access_key.startswith("ASIA")
    assert frozen.token, "role credentials carry a session token"


def test_table_lifecycle():
    client = dynamodb()
    name = "interop-lifecycle"
    created = client.create_table(
        TableName=name,
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "sk", "AttributeType": "N"}],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        BillingMode="PAY_PER_REQUEST",
    )["TableDescription"]
    assert created["TableName"] == name
    assert created["TableStatus"] in ("CREATING", "ACTIVE")

    client.get_waiter("table_exists").wait(TableName=name, WaiterConfig=FAST_WAITER)

    table = client.describe_table(TableName=name)["Table"]
    assert table["TableStatus"] == "ACTIVE"
    assert table["ItemCount"] == 0
    assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert {(k["AttributeName"], k["KeyType"]) for k in table["KeySchema"]} == {("pk", "HASH"), ("sk", "RANGE")}
    assert table["TableArn"].endswith(":table/" + name)
    assert ":us-east-1:" in table["TableArn"]
    assert name in client.list_tables()["TableNames"]

    with pytest.raises(botocore.exceptions.ClientError) as raised:
        client.create_table(
            TableName=name,
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            BillingMode="PAY_PER_REQUEST",
        )
    assert error_code(raised) == "ResourceInUseException"

    deleted = client.delete_table(TableName=name)["TableDescription"]
    assert deleted["TableName"] == name
    client.get_waiter("table_not_exists").wait(TableName=name, WaiterConfig=FAST_WAITER)

    with pytest.raises(client.exceptions.ResourceNotFoundException) as raised:
        client.describe_table(TableName=name)
    assert http_status(raised) == 400
    assert name not in client.list_tables()["TableNames"]


def test_item_crud():
    client = dynamodb()
    key = {HASH_KEY: {"S": "2027-01"}, RANGE_KEY: {"S": "2027-01-04T09:00:00Z#HC-INTEROP-1"}}
    item = {**key, "boat": {"S": "Osprey"}, "party_size": {"N": "4"}, "crew": {"L": [{"S": "Ana"}]},
            "paid": {"BOOL": True}, "tags": {"SS": ["sunset", "vip"]}}

    client.put_item(TableName=TABLE, Item=item)
    got = client.get_item(TableName=TABLE, Key=key, ConsistentRead=True)["Item"]
    assert got["boat"] == {"S": "Osprey"}
    assert got["party_size"] == {"N": "4"}
    assert got["crew"] == {"L": [{"S": "Ana"}]}
    assert got["paid"] == {"BOOL": True}
    assert sorted(got["tags"]["SS"]) == ["sunset", "vip"]

    projected = client.get_item(TableName=TABLE, Key=key, ProjectionExpression="#b",
                                ExpressionAttributeNames={"#b": "boat"})["Item"]
    assert projected == {"boat": {"S": "Osprey"}}

    updated = client.update_item(TableName=TABLE, Key=key, UpdateExpression="SET boat = :b",
                                 ExpressionAttributeValues={":b": {"S": "Sea Lark"}},
                                 ReturnValues="UPDATED_OLD")
    assert updated["Attributes"] == {"boat": {"S": "Osprey"}}

    old = client.delete_item(TableName=TABLE, Key=key, ReturnValues="ALL_OLD")["Attributes"]
    assert old["boat"] == {"S": "Sea Lark"}
    assert "Item" not in client.get_item(TableName=TABLE, Key=key)


def test_query_paginates_with_small_limit():
    client = dynamodb()
    month = "2026-08"
    expected = client.query(
        TableName=TABLE, KeyConditionExpression="#m = :m",
        ExpressionAttributeNames={"#m": HASH_KEY}, ExpressionAttributeValues={":m": {"S": month}},
    )
    assert "LastEvaluatedKey" not in expected
    everything = [i[RANGE_KEY]["S"] for i in expected["Items"]]
    assert len(everything) >= 3, "the fixture has several August departures"
    assert everything == sorted(everything), "a query returns items in range-key order"

    paginator = client.get_paginator("query")
    pages = list(paginator.paginate(
        TableName=TABLE, KeyConditionExpression="#m = :m",
        ExpressionAttributeNames={"#m": HASH_KEY}, ExpressionAttributeValues={":m": {"S": month}},
        Limit=2,
    ))
    assert len(pages) >= 2
    for page in pages[:-1]:
        assert page["Count"] == 2
        assert page["LastEvaluatedKey"][HASH_KEY] == {"S": month}
    paged = [i[RANGE_KEY]["S"] for page in pages for i in page["Items"]]
    assert paged == everything

    # Descending, through the paginator's own page size, with a range condition.
    descending = paginator.paginate(
        TableName=TABLE, KeyConditionExpression="#m = :m AND begins_with(#d, :p)",
        ExpressionAttributeNames={"#m": HASH_KEY, "#d": RANGE_KEY},
        ExpressionAttributeValues={":m": {"S": month}, ":p": {"S": "2026-08"}},
        ScanIndexForward=False, PaginationConfig={"PageSize": 3},
    )
    assert [i[RANGE_KEY]["S"] for i in descending.search("Items[]")] == list(reversed(everything))


def test_conditional_put_fails():
    client = dynamodb()
    key = {HASH_KEY: {"S": "2027-02"}, RANGE_KEY: {"S": "2027-02-01T08:00:00Z#HC-INTEROP-2"}}
    client.put_item(TableName=TABLE, Item={**key, "status": {"S": "scheduled"}},
                    ConditionExpression="attribute_not_exists(#h)", ExpressionAttributeNames={"#h": HASH_KEY})

    with pytest.raises(client.exceptions.ConditionalCheckFailedException) as raised:
        client.put_item(TableName=TABLE, Item={**key, "status": {"S": "overwritten"}},
                        ConditionExpression="attribute_not_exists(#h)", ExpressionAttributeNames={"#h": HASH_KEY},
                        ReturnValuesOnConditionCheckFailure="ALL_OLD")
    assert error_code(raised) == "ConditionalCheckFailedException"
    assert http_status(raised) == 400
    assert raised.value.response.get("Item", {}).get("status") == {"S": "scheduled"}

    kept = client.get_item(TableName=TABLE, Key=key, ConsistentRead=True)["Item"]
    assert kept["status"] == {"S": "scheduled"}


def test_update_item_add_and_list_append():
    client = dynamodb()
    key = {HASH_KEY: {"S": "2027-03"}, RANGE_KEY: {"S": "2027-03-09T12:00:00Z#HC-INTEROP-3"}}
    client.put_item(TableName=TABLE, Item={**key, "party_size": {"N": "4"}, "crew": {"L": [{"S": "Ana"}]}})

    new = client.update_item(
        TableName=TABLE, Key=key,
        UpdateExpression="ADD party_size :two, tags :t SET crew = list_append(crew, :more)",
        ExpressionAttributeValues={":two": {"N": "2"}, ":t": {"SS": ["vip"]},
                                   ":more": {"L": [{"S": "Ben"}, {"S": "Cy"}]}},
        ReturnValues="ALL_NEW",
    )["Attributes"]
    assert new["party_size"] == {"N": "6"}
    assert new["tags"] == {"SS": ["vip"]}
    assert new["crew"] == {"L": [{"S": "Ana"}, {"S": "Ben"}, {"S": "Cy"}]}

    prepended = client.update_item(
        TableName=TABLE, Key=key, UpdateExpression="SET crew = list_append(:first, crew) ADD party_size :neg",
        ExpressionAttributeValues={":first": {"L": [{"S": "Zed"}]}, ":neg": {"N": "-1"}},
        ReturnValues="UPDATED_NEW",
    )["Attributes"]
    assert prepended == {"crew": {"L": [{"S": "Zed"}, {"S": "Ana"}, {"S": "Ben"}, {"S": "Cy"}]},
                         "party_size": {"N": "5"}}


def test_batch_write_item():
    client = dynamodb()
    month = "2027-04"
    keys = [{HASH_KEY: {"S": month}, RANGE_KEY: {"S": f"2027-04-{day:02d}T10:00:00Z#HC-B{day}"}} for day in range(1, 6)]
    answer = client.batch_write_item(RequestItems={
        TABLE: [{"PutRequest": {"Item": {**k, "boat": {"S": "Osprey"}}}} for k in keys],
    })
    assert answer["UnprocessedItems"] == {}

    got = client.batch_get_item(RequestItems={TABLE: {"Keys": keys, "ConsistentRead": True}})
    assert len(got["Responses"][TABLE]) == len(keys)
    assert got["UnprocessedKeys"] == {}

    answer = client.batch_write_item(RequestItems={TABLE: [{"DeleteRequest": {"Key": k}} for k in keys[:3]]})
    assert answer["UnprocessedItems"] == {}
    left = client.query(TableName=TABLE, KeyConditionExpression="#m = :m", ExpressionAttributeNames={"#m": HASH_KEY},
                        ExpressionAttributeValues={":m": {"S": month}}, ConsistentRead=True)
    assert [i[RANGE_KEY] for i in left["Items"]] == [k[RANGE_KEY] for k in keys[3:]]


def test_transact_write_items_cancelled():
    client = dynamodb()
    existing = {HASH_KEY: {"S": "2027-05"}, RANGE_KEY: {"S": "2027-05-01T10:00:00Z#HC-T1"}}
    fresh = {HASH_KEY: {"S": "2027-05"}, RANGE_KEY: {"S": "2027-05-02T10:00:00Z#HC-T2"}}
    client.put_item(TableName=TABLE, Item={**existing, "status": {"S": "scheduled"}})

    with pytest.raises(client.exceptions.TransactionCanceledException) as raised:
        client.transact_write_items(TransactItems=[
            {"Put": {"TableName": TABLE, "Item": {**fresh, "status": {"S": "scheduled"}}}},
            {"Update": {"TableName": TABLE, "Key": existing, "UpdateExpression": "SET #s = :s",
                        "ConditionExpression": "#s = :want",
                        "ExpressionAttributeNames": {"#s": "status"},
                        "ExpressionAttributeValues": {":s": {"S": "cancelled"}, ":want": {"S": "departed"}}}},
        ])
    assert error_code(raised) == "TransactionCanceledException"
    assert http_status(raised) == 400
    reasons = raised.value.response["CancellationReasons"]
    assert [r["Code"] for r in reasons] == ["None", "ConditionalCheckFailed"]

    # Nothing of the cancelled transaction was written.
    assert "Item" not in client.get_item(TableName=TABLE, Key=fresh, ConsistentRead=True)
    assert client.get_item(TableName=TABLE, Key=existing, ConsistentRead=True)["Item"]["status"] == {"S": "scheduled"}


def key_of(item: dict) -> tuple[str, str]:
    return item[HASH_KEY]["S"], item[RANGE_KEY]["S"]


def scan_all(client, **params) -> list[dict]:
    return list(client.get_paginator("scan").paginate(**params).search("Items[]"))


def test_regions_are_separate():
    east, west = dynamodb("us-east-1"), dynamodb("us-west-2")
    assert TABLE in east.list_tables()["TableNames"]
    assert TABLE in west.list_tables()["TableNames"]
    assert ":us-east-1:" in east.describe_table(TableName=TABLE)["Table"]["TableArn"]
    assert ":us-west-2:" in west.describe_table(TableName=TABLE)["Table"]["TableArn"]

    # Each region serves its own fixture file's items (the two files differ: us-west-2 has one more).
    for client, region in ((east, "us-east-1"), (west, "us-west-2")):
        fixture = json.loads((support.FIXTURES / "dynamodb" / region / f"{TABLE}.json").read_text())["Items"]
        items = scan_all(client, TableName=TABLE, ProjectionExpression="#h, #r",
                         ExpressionAttributeNames={"#h": HASH_KEY, "#r": RANGE_KEY})
        assert sorted(key_of(i) for i in items) == sorted(key_of(i) for i in fixture)
    assert east.describe_table(TableName=TABLE)["Table"]["ItemCount"] != \
        west.describe_table(TableName=TABLE)["Table"]["ItemCount"]

    # A write in one region is invisible in the other.
    key = {HASH_KEY: {"S": "2027-06"}, RANGE_KEY: {"S": "2027-06-01T10:00:00Z#HC-R1"}}
    east.put_item(TableName=TABLE, Item={**key, "region": {"S": "us-east-1"}})
    assert "Item" in east.get_item(TableName=TABLE, Key=key, ConsistentRead=True)
    assert "Item" not in west.get_item(TableName=TABLE, Key=key, ConsistentRead=True)

    # So is a table created in one region.
    east.create_table(TableName="interop-east-only",
                      AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                      KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST")
    assert "interop-east-only" in east.list_tables()["TableNames"]
    assert "interop-east-only" not in west.list_tables()["TableNames"]
    with pytest.raises(west.exceptions.ResourceNotFoundException):
        west.describe_table(TableName="interop-east-only")


def test_list_tables_pages():
    client = dynamodb("us-west-2")
    first = client.list_tables(Limit=1)
    assert first["TableNames"] == ["charter-chats"]
    assert first["LastEvaluatedTableName"] == "charter-chats"
    names = list(client.get_paginator("list_tables").paginate(PaginationConfig={"PageSize": 1}).search("TableNames[]"))
    assert names == ["charter-chats", "crew-dispatch", "drydock-locks"]  # the last: the shared token store's lease table


def test_wrong_secret_is_rejected():
    frozen = boto3.session.Session(region_name="us-east-1").get_credentials().get_frozen_credentials()
    bogus = boto3.session.Session(region_name="us-east-1").client(
        "dynamodb", config=CLIENT_CONFIG,
        aws_access_key_id=frozen.access_key, aws_secret_access_key="not-the-secret" + "x" * 26,
        aws_session_token=frozen.token,
    )
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        bogus.list_tables()
    assert error_code(raised) in ("UnrecognizedClientException", "InvalidSignatureException")
    assert http_status(raised) == 400

    unknown = boto3.session.Session(region_name="us-east-1").client(
        "dynamodb", config=CLIENT_CONFIG,
        aws_access_key_id="AKIAIOSFODNN7EXAMPLE", aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    )
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        unknown.describe_table(TableName=TABLE)
    assert error_code(raised) in ("UnrecognizedClientException", "InvalidSignatureException")
    assert http_status(raised) == 400
