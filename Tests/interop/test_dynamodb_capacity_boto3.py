"""boto3 against the emulator's consumed capacity and page size of index reads: a Query or Scan through
an index reads index entries (its projected attributes), not whole items, and a local index read that
needs unprojected attributes pays a table read per item it fetches, each rounded up to 4 KB (Developer
Guide, provisioned throughput considerations of local and global secondary indexes).
"""

from __future__ import annotations

from test_dynamodb_boto3 import dynamodb, imds_only_environment  # noqa: F401 (autouse fixture)


def create_reads(db, count: int, blob: int) -> None:
    """Table `reads` with the KEYS_ONLY local index `byRank` and global index `byKind`, `count` items of
    about `blob` bytes in partition `p` (sk `s10`…, rank descending as sk ascends)."""
    keys_only = {"ProjectionType": "KEYS_ONLY"}
    db.create_table(
        TableName="reads", BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in ("pk", "sk", "rank", "kind")],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        LocalSecondaryIndexes=[{"IndexName": "byRank", "Projection": keys_only, "KeySchema": [
            {"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "rank", "KeyType": "RANGE"}]}],
        GlobalSecondaryIndexes=[{"IndexName": "byKind", "Projection": keys_only,
                                 "KeySchema": [{"AttributeName": "kind", "KeyType": "HASH"}]}],
    )
    for i in range(10, 10 + count):
        db.put_item(TableName="reads", Item={"pk": {"S": "p"}, "sk": {"S": f"s{i}"}, "rank": {"S": f"r{99 - i}"},
                                             "kind": {"S": "k"}, "blob": {"S": "b" * blob}})


LOCAL = {"TableName": "reads", "IndexName": "byRank", "KeyConditionExpression": "pk = :p",
         "ExpressionAttributeValues": {":p": {"S": "p"}}}
GLOBAL = {"TableName": "reads", "IndexName": "byKind", "KeyConditionExpression": "kind = :k",
          "ExpressionAttributeValues": {":k": {"S": "k"}}}


def test_index_reads_cost_their_entries_and_a_local_index_its_fetches():
    db = dynamodb()
    create_reads(db, count=5, blob=10_000)
    keys = db.query(**GLOBAL, ReturnConsumedCapacity="INDEXES")["ConsumedCapacity"]
    assert keys["CapacityUnits"] == 0.5
    assert keys["Table"]["CapacityUnits"] == 0
    assert keys["GlobalSecondaryIndexes"] == {"byKind": {"CapacityUnits": 0.5}}
    table = db.query(TableName="reads", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "p"}},
                     ReturnConsumedCapacity="TOTAL")["ConsumedCapacity"]
    assert table["CapacityUnits"] == 6.5  # five items of about 10 KB: 13 units, halved
    fetched = db.query(**LOCAL, Select="ALL_ATTRIBUTES", ConsistentRead=True, ReturnConsumedCapacity="INDEXES")
    assert fetched["Items"][0]["blob"]["S"] == "b" * 10_000
    assert fetched["ConsumedCapacity"]["LocalSecondaryIndexes"] == {"byRank": {"CapacityUnits": 1.0}}
    assert fetched["ConsumedCapacity"]["Table"]["CapacityUnits"] == 15  # 3 units per fetched item
    assert fetched["ConsumedCapacity"]["CapacityUnits"] == 16


def test_an_index_page_holds_one_megabyte_of_what_it_reads():
    db = dynamodb()
    create_reads(db, count=13, blob=95_000)
    table = db.query(TableName="reads", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "p"}})
    assert table["Count"] == 12
    keys = db.query(**LOCAL)
    assert keys["Count"] == 13 and "LastEvaluatedKey" not in keys
    assert db.scan(TableName="reads", IndexName="byKind")["Count"] == 13
    first = db.query(**LOCAL, Select="ALL_ATTRIBUTES")
    assert first["Count"] == 11
    assert first["LastEvaluatedKey"] == {"pk": {"S": "p"}, "sk": {"S": "s12"}, "rank": {"S": "r87"}}
    rest = db.query(**LOCAL, Select="ALL_ATTRIBUTES", ExclusiveStartKey=first["LastEvaluatedKey"])
    assert [item["sk"]["S"] for item in rest["Items"]] == ["s11", "s10"]
    assert "LastEvaluatedKey" not in rest
