"""boto3's PartiQL calls (execute_statement, batch_execute_statement, execute_transaction) against the emulator.

Same environment as test_dynamodb_boto3.py (credentials from the IMDS emulator only; the autouse
`fresh_emulators` fixture resets the emulators before each test, so a table created here is gone).
"""

from __future__ import annotations

import pytest

from test_dynamodb_boto3 import dynamodb, error_code, http_status, imds_only_environment  # noqa: F401

TABLE = "interop-partiql"


def music_table(client) -> None:
    client.create_table(
        TableName=TABLE,
        AttributeDefinitions=[{"AttributeName": "artist", "AttributeType": "S"},
                              {"AttributeName": "song", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "artist", "KeyType": "HASH"}, {"AttributeName": "song", "KeyType": "RANGE"}],
        BillingMode="PAY_PER_REQUEST",
    )


def test_execute_statement_with_parameters_and_pagination():
    client = dynamodb()
    music_table(client)
    for number in range(7):
        client.execute_statement(
            Statement=f'INSERT INTO "{TABLE}" VALUE {{\'artist\': ?, \'song\': ?, \'plays\': ?, \'tags\': <<\'a\'>>}}',
            Parameters=[{"S": "acme"}, {"S": f"song-{number}"}, {"N": str(number * 10)}],
        )
    pages, songs = 0, []
    kwargs = {"Statement": f'SELECT song, plays FROM "{TABLE}" WHERE artist = ? AND plays >= ?',
              "Parameters": [{"S": "acme"}, {"N": "20"}], "Limit": 2}
    while True:
        page = client.execute_statement(**kwargs)
        pages += 1
        songs += [item["song"]["S"] for item in page["Items"]]
        if "NextToken" not in page:
            break
        kwargs["NextToken"] = page["NextToken"]
        assert pages < 10
    assert songs == [f"song-{n}" for n in range(2, 7)]
    assert pages == 4  # Limit counts items read (7, two a page), not matches: the first page has none

    descending = client.execute_statement(
        Statement=f'SELECT song FROM "{TABLE}" WHERE artist = \'acme\' AND song BETWEEN \'song-1\' AND \'song-3\' ORDER BY song DESC',
        ConsistentRead=True, ReturnConsumedCapacity="TOTAL")
    assert [i["song"]["S"] for i in descending["Items"]] == ["song-3", "song-2", "song-1"]
    assert descending["ConsumedCapacity"] == {"TableName": TABLE, "CapacityUnits": 1.0}


def test_execute_statement_writes_and_their_errors():
    client = dynamodb()
    music_table(client)
    client.execute_statement(Statement=f"INSERT INTO \"{TABLE}\" VALUE {{'artist': 'a', 'song': 's', 'plays': 1}}")
    with pytest.raises(client.exceptions.DuplicateItemException) as raised:
        client.execute_statement(Statement=f"INSERT INTO \"{TABLE}\" VALUE {{'artist': 'a', 'song': 's'}}")
    assert raised.value.response["Error"]["Message"] == "Duplicate primary key exists in table"

    updated = client.execute_statement(
        Statement=f"UPDATE \"{TABLE}\" SET plays = plays + 5 SET genre = 'rock' WHERE artist = 'a' AND song = 's' RETURNING MODIFIED NEW *")
    assert updated["Items"] == [{"plays": {"N": "6"}, "genre": {"S": "rock"}}]

    with pytest.raises(client.exceptions.ConditionalCheckFailedException) as raised:
        client.execute_statement(
            Statement=f"DELETE FROM \"{TABLE}\" WHERE artist = 'a' AND song = 's' AND plays > 100",
            ReturnValuesOnConditionCheckFailure="ALL_OLD")
    assert raised.value.response["Item"]["plays"] == {"N": "6"}

    with pytest.raises(client.exceptions.ClientError) as raised:
        client.execute_statement(Statement=f"UPDATE \"{TABLE}\" SET plays = 0 WHERE artist = 'a'")
    assert error_code(raised) == "ValidationException" and http_status(raised) == 400
    assert raised.value.response["Error"]["Message"] == "Where clause does not contain a mandatory equality on all key attributes"

    with pytest.raises(client.exceptions.ClientError) as raised:
        client.execute_statement(Statement="SELEC * FROM x")
    assert raised.value.response["Error"]["Message"] == "Statement wasn't well formed, can't be processed: Expected data manipulation"

    deleted = client.execute_statement(Statement=f"DELETE FROM \"{TABLE}\" WHERE artist = 'a' AND song = 's' RETURNING ALL OLD *")
    assert deleted["Items"][0]["genre"] == {"S": "rock"}
    assert client.get_item(TableName=TABLE, Key={"artist": {"S": "a"}, "song": {"S": "s"}}).get("Item") is None


def test_batch_execute_statement():
    client = dynamodb()
    music_table(client)
    written = client.batch_execute_statement(Statements=[
        {"Statement": f"INSERT INTO \"{TABLE}\" VALUE {{'artist': 'b', 'song': ?}}", "Parameters": [{"S": str(n)}]}
        for n in range(3)
    ] + [{"Statement": f"UPDATE \"{TABLE}\" SET plays = 1 WHERE artist = 'b' AND song = 'missing'"}])
    assert [r.get("Error", {}).get("Code") for r in written["Responses"]] == [None, None, None, "ConditionalCheckFailed"]
    assert written["Responses"][0]["TableName"] == TABLE

    read = client.batch_execute_statement(Statements=[
        {"Statement": f"SELECT song FROM \"{TABLE}\" WHERE artist = 'b' AND song = '1'", "ConsistentRead": True},
        {"Statement": f"SELECT * FROM \"{TABLE}\" WHERE artist = 'b' AND song = 'nothing'"},
    ], ReturnConsumedCapacity="TOTAL")
    assert read["Responses"][0] == {"TableName": TABLE, "Item": {"song": {"S": "1"}}}
    assert read["Responses"][1] == {"TableName": TABLE}
    assert read["ConsumedCapacity"] == [{"TableName": TABLE, "CapacityUnits": 1.5}]

    with pytest.raises(client.exceptions.ClientError) as raised:
        client.batch_execute_statement(Statements=[
            {"Statement": f"SELECT * FROM \"{TABLE}\" WHERE artist = 'b' AND song = '1'"},
            {"Statement": f"DELETE FROM \"{TABLE}\" WHERE artist = 'b' AND song = '2'"},
        ])
    assert raised.value.response["Error"]["Message"] == "Read and write requests together in the same batch is not supported"


def test_execute_transaction():
    client = dynamodb()
    music_table(client)
    client.execute_transaction(TransactStatements=[
        {"Statement": f"INSERT INTO \"{TABLE}\" VALUE {{'artist': 'c', 'song': '1', 'plays': 10}}"},
        {"Statement": f"INSERT INTO \"{TABLE}\" VALUE {{'artist': 'c', 'song': '2', 'plays': 0}}"},
        {"Statement": f"INSERT INTO \"{TABLE}\" VALUE {{'artist': 'c', 'song': '3'}}"},
    ], ClientRequestToken="token-1")
    with pytest.raises(client.exceptions.TransactionCanceledException) as raised:
        client.execute_transaction(TransactStatements=[
            {"Statement": f"UPDATE \"{TABLE}\" SET plays = plays - ? WHERE artist = 'c' AND song = '1' AND plays >= ?",
             "Parameters": [{"N": "50"}, {"N": "50"}]},
            {"Statement": f"UPDATE \"{TABLE}\" SET plays = plays + ? WHERE artist = 'c' AND song = '2'", "Parameters": [{"N": "50"}]},
            {"Statement": f"INSERT INTO \"{TABLE}\" VALUE {{'artist': 'c', 'song': '3'}}"},
        ])
    reasons = raised.value.response["CancellationReasons"]
    assert [r["Code"] for r in reasons] == ["ConditionalCheckFailed", "None", "DuplicateItem"]

    read = client.execute_transaction(TransactStatements=[
        {"Statement": f"SELECT plays FROM \"{TABLE}\" WHERE artist = 'c' AND song = '1'"},
        {"Statement": f"SELECT plays FROM \"{TABLE}\" WHERE artist = 'c' AND song = '2'"},
    ])
    assert [r["Item"]["plays"]["N"] for r in read["Responses"]] == ["10", "0"]
