"""The aws CLI (v1, from PyPI, pinned beside botocore) against the DynamoDB emulator, credentials from IMDS only.

Every command runs `<venv>/bin/aws … dynamodb …` as a subprocess whose environment holds no keys, no
profile and no region variable, with AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE pointing at
paths that do not exist and HOME at an empty directory: the only credential source botocore's chain
can reach is the instance-metadata provider at AWS_EC2_METADATA_SERVICE_ENDPOINT, and DynamoDB is
AWS_ENDPOINT_URL_DYNAMODB. The region is `--region`. Output is `--output json`, parsed and asserted.

Exit codes (confirmed in awscli 1.45.11's clidriver.py, `CLIDriver.main`): v1 exits 255 for every
error, a service error included; 254 ("the service returned an error") exists only in CLI v2. The
error line is botocore's `ClientError` text, "An error occurred (Code) when calling the Op operation:
message", on stderr.
"""

from __future__ import annotations

import json
import os
import pathlib
import re
import subprocess
import sys
from dataclasses import dataclass

import pytest

import support

TABLE = "crew-dispatch"
HASH_KEY = "dispatch_month"
RANGE_KEY = "departs_at"
# What Tests/interop/requirements.txt pins: awscli 1.45.11 requires botocore==1.43.11.
PINNED_VERSION = "aws-cli/1.45.11 "
PINNED_BOTOCORE = "botocore/1.43.11"
# CLI v1's exit status for any failure, a service error included (v2 would say 254).
FAILED = 255
CLI_TIMEOUT = 60


def aws_executable() -> pathlib.Path:
    """The `aws` entry point pip installed beside this interpreter (CI/interop.sh's venv)."""
    path = pathlib.Path(sys.executable).parent / "aws"
    if not path.exists():
        pytest.fail(f"no aws CLI at {path}: install Tests/interop/requirements.txt (CI/interop.sh does)")
    return path


@dataclass(frozen=True)
class CliRun:
    """One finished `aws` command. Its repr (printed on failure) shows the command's own output only."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str

    def json(self):
        return json.loads(self.stdout)


class Cli:
    """Runs `aws --region R --output json ARGS…` in an environment with IMDS as the only credential source."""

    def __init__(self, home: pathlib.Path):
        self.executable = aws_executable()
        env = {name: value for name, value in os.environ.items()
               if name not in support.AWS_NON_IMDS_VARIABLES}
        env.update({
            "HOME": str(home),
            "AWS_CONFIG_FILE": str(home / "no-aws-config"),
            "AWS_SHARED_CREDENTIALS_FILE": str(home / "no-aws-credentials"),
        })
        # Retries stay at the CLI's defaults (legacy mode, none for the 400s asserted here): with
        # AWS_MAX_ATTEMPTS set, botocore words every error "… operation (reached max retries: 0): …".
        for name in ("AWS_RETRY_MODE", "AWS_MAX_ATTEMPTS"):
            env.pop(name, None)
        self.env = env

    def run(self, *args: str, region: str = "us-east-1", extra_env: dict[str, str] | None = None) -> CliRun:
        command = [str(self.executable), "--region", region, "--output", "json", *args]
        env = {**self.env, **(extra_env or {})}
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=CLI_TIMEOUT,
                              stdin=subprocess.DEVNULL)
        return CliRun(tuple(args), done.returncode, done.stdout, done.stderr)

    def ok(self, *args: str, **kwargs):
        """Runs a command that must succeed; its parsed JSON output (None when it prints nothing)."""
        run = self.run(*args, **kwargs)
        assert run.returncode == 0, run
        return run.json() if run.stdout.strip() else None

    def fails(self, code: str, operation: str, *args: str, **kwargs) -> str:
        """Runs a command that must fail with the service error `code`; its stderr."""
        run = self.run(*args, **kwargs)
        assert run.returncode == FAILED, run
        assert f"An error occurred ({code}) when calling the {operation} operation: " in run.stderr, run
        assert run.stdout == "", run
        return run.stderr


@pytest.fixture
def cli(tmp_path) -> Cli:
    support.require_env("AWS_EC2_METADATA_SERVICE_ENDPOINT")
    support.require_env("AWS_ENDPOINT_URL_DYNAMODB")
    return Cli(tmp_path)


def js(value) -> str:
    """A JSON argument for the CLI."""
    return json.dumps(value)


def month_key(month: str) -> tuple[str, str]:
    """`--key-condition-expression` and `--expression-attribute-values` for one dispatch month."""
    return f"{HASH_KEY} = :m", js({":m": {"S": month}})


def operations(control: support.Control, service: str) -> list[tuple[str, int]]:
    return [(e["operation"], e["status"]) for e in control.journal(service=service)]


def test_cli_is_the_pinned_v1_and_takes_credentials_from_imds(cli: Cli, control: support.Control):
    version = cli.run("--version")
    assert version.returncode == 0, version
    # v1 prints its version on stdout (older releases used stderr).
    banner = version.stdout + version.stderr
    assert banner.startswith(PINNED_VERSION) and PINNED_BOTOCORE in banner, banner

    listed = cli.ok("dynamodb", "list-tables")
    assert listed == {"TableNames": ["charter-chats", "crew-dispatch", "drydock-locks"]}

    # IMDSv2 as botocore does it (token, role listing, role credentials), then the signed request.
    assert operations(control, "imds") == [("token", 200), ("listing", 200), ("credentials", 200)]
    assert operations(control, "dynamodb") == [("ListTables", 200)]


def test_cli_table_lifecycle(cli: Cli):
    name = "interop-cli-lifecycle"
    created = cli.ok("dynamodb", "create-table", "--table-name", name,
                     "--attribute-definitions", "AttributeName=pk,AttributeType=S", "AttributeName=sk,AttributeType=N",
                     "--key-schema", "AttributeName=pk,KeyType=HASH", "AttributeName=sk,KeyType=RANGE",
                     "--billing-mode", "PAY_PER_REQUEST")["TableDescription"]
    assert created["TableName"] == name
    assert created["TableStatus"] in ("CREATING", "ACTIVE")
    assert re.fullmatch(r"arn:aws:dynamodb:us-east-1:\d{12}:table/" + name, created["TableArn"])

    # The waiter polls DescribeTable every 20 s until ACTIVE; the emulator's first answer must satisfy it.
    assert cli.ok("dynamodb", "wait", "table-exists", "--table-name", name) is None

    table = cli.ok("dynamodb", "describe-table", "--table-name", name)["Table"]
    assert table["TableStatus"] == "ACTIVE"
    assert table["ItemCount"] == 0
    assert table["KeySchema"] == [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}]
    assert sorted(map(tuple, (d.values() for d in table["AttributeDefinitions"]))) == [("pk", "S"), ("sk", "N")]
    assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert re.fullmatch(r"arn:aws:dynamodb:us-east-1:\d{12}:table/" + name, table["TableArn"])
    assert name in cli.ok("dynamodb", "list-tables")["TableNames"]

    cli.fails("ResourceInUseException", "CreateTable", "dynamodb", "create-table", "--table-name", name,
              "--attribute-definitions", "AttributeName=pk,AttributeType=S",
              "--key-schema", "AttributeName=pk,KeyType=HASH", "--billing-mode", "PAY_PER_REQUEST")

    deleted = cli.ok("dynamodb", "delete-table", "--table-name", name)["TableDescription"]
    assert deleted["TableName"] == name
    assert cli.ok("dynamodb", "wait", "table-not-exists", "--table-name", name) is None
    cli.fails("ResourceNotFoundException", "DescribeTable", "dynamodb", "describe-table", "--table-name", name)
    assert name not in cli.ok("dynamodb", "list-tables")["TableNames"]


def test_cli_put_get_update_with_add_and_list_append(cli: Cli):
    key = {HASH_KEY: {"S": "2027-03"}, RANGE_KEY: {"S": "2027-03-09T12:00:00Z#HC-CLI-3"}}
    assert cli.ok("dynamodb", "put-item", "--table-name", TABLE, "--item",
                  js({**key, "boat": {"S": "Osprey"}, "party_size": {"N": "4"}, "crew": {"L": [{"S": "Ana"}]}})) is None

    got = cli.ok("dynamodb", "get-item", "--table-name", TABLE, "--key", js(key), "--consistent-read")
    assert got["Item"] == {**key, "boat": {"S": "Osprey"}, "party_size": {"N": "4"}, "crew": {"L": [{"S": "Ana"}]}}

    new = cli.ok("dynamodb", "update-item", "--table-name", TABLE, "--key", js(key),
                 "--update-expression", "ADD party_size :two, tags :t SET crew = list_append(crew, :more)",
                 "--expression-attribute-values",
                 js({":two": {"N": "2"}, ":t": {"SS": ["vip"]}, ":more": {"L": [{"S": "Ben"}, {"S": "Cy"}]}}),
                 "--return-values", "ALL_NEW")["Attributes"]
    assert new["party_size"] == {"N": "6"}
    assert new["tags"] == {"SS": ["vip"]}
    assert new["crew"] == {"L": [{"S": "Ana"}, {"S": "Ben"}, {"S": "Cy"}]}

    changed = cli.ok("dynamodb", "update-item", "--table-name", TABLE, "--key", js(key),
                     "--update-expression", "SET crew = list_append(:first, crew) ADD party_size :neg",
                     "--expression-attribute-values", js({":first": {"L": [{"S": "Zed"}]}, ":neg": {"N": "-1"}}),
                     "--return-values", "UPDATED_NEW")
    assert changed == {"Attributes": {"crew": {"L": [{"S": "Zed"}, {"S": "Ana"}, {"S": "Ben"}, {"S": "Cy"}]},
                                      "party_size": {"N": "5"}}}

    projected = cli.ok("dynamodb", "get-item", "--table-name", TABLE, "--key", js(key),
                       "--projection-expression", "crew[0], party_size")
    assert projected == {"Item": {"crew": {"L": [{"S": "Zed"}]}, "party_size": {"N": "5"}}}

    old = cli.ok("dynamodb", "delete-item", "--table-name", TABLE, "--key", js(key), "--return-values", "ALL_OLD")
    assert old["Attributes"]["boat"] == {"S": "Osprey"}
    # No item: DynamoDB answers `{}`, which the CLI prints as nothing at all.
    assert cli.ok("dynamodb", "get-item", "--table-name", TABLE, "--key", js(key), "--consistent-read") is None


def test_cli_query_paginates_across_pages(cli: Cli, control: support.Control):
    condition, values = month_key("2026-08")
    query = ("dynamodb", "query", "--table-name", TABLE, "--key-condition-expression", condition,
             "--expression-attribute-values", values, "--projection-expression", RANGE_KEY)

    # One request, no page size: the reference order.
    whole = cli.ok(*query)
    everything = [i[RANGE_KEY]["S"] for i in whole["Items"]]
    assert len(everything) == 8, "the fixture has 8 August 2026 departures in us-east-1"
    assert everything == sorted(everything)
    assert "NextToken" not in whole and "LastEvaluatedKey" not in whole

    # --page-size 2: the CLI's paginator follows LastEvaluatedKey to the end and merges the pages.
    before = len(control.journal(service="dynamodb", operation="Query"))
    merged = cli.ok(*query, "--page-size", "2")
    assert [i[RANGE_KEY]["S"] for i in merged["Items"]] == everything
    assert (merged["Count"], merged["ScannedCount"]) == (8, 8)
    assert "NextToken" not in merged
    pages = control.journal(service="dynamodb", operation="Query")[before:]
    # Four full pages, each with a LastEvaluatedKey (DynamoDB returns one whenever Limit is reached),
    # then an empty last page without one.
    assert [e["status"] for e in pages] == [200] * 5

    # --max-items 3 with --page-size 2: three items at a time, resumed with --starting-token.
    seen: list[str] = []
    token = None
    for expected in (3, 3, 2):
        resume = ("--starting-token", token) if token else ()
        chunk = cli.ok(*query, "--page-size", "2", "--max-items", "3", *resume)
        seen += [i[RANGE_KEY]["S"] for i in chunk["Items"]]
        assert len(chunk["Items"]) == expected
        token = chunk.get("NextToken")
        assert (token is not None) == (expected == 3)
    assert seen == everything

    # Descending, with a range condition, through the paginator.
    descending = cli.ok("dynamodb", "query", "--table-name", TABLE,
                        "--key-condition-expression", "#m = :m AND begins_with(#d, :p)",
                        "--expression-attribute-names", js({"#m": HASH_KEY, "#d": RANGE_KEY}),
                        "--expression-attribute-values", js({":m": {"S": "2026-08"}, ":p": {"S": "2026-08"}}),
                        "--no-scan-index-forward", "--page-size", "3", "--query", f"Items[].{RANGE_KEY}.S")
    assert descending == list(reversed(everything))


def test_cli_conditional_put_fails(cli: Cli):
    key = {HASH_KEY: {"S": "2027-02"}, RANGE_KEY: {"S": "2027-02-01T08:00:00Z#HC-CLI-2"}}
    guarded = ("--condition-expression", "attribute_not_exists(#h)", "--expression-attribute-names", js({"#h": HASH_KEY}))
    cli.ok("dynamodb", "put-item", "--table-name", TABLE, "--item", js({**key, "status": {"S": "scheduled"}}), *guarded)

    stderr = cli.fails("ConditionalCheckFailedException", "PutItem",
                       "dynamodb", "put-item", "--table-name", TABLE,
                       "--item", js({**key, "status": {"S": "overwritten"}}), *guarded)
    assert stderr.strip() == ("An error occurred (ConditionalCheckFailedException) when calling the PutItem "
                              "operation: The conditional request failed")

    kept = cli.ok("dynamodb", "get-item", "--table-name", TABLE, "--key", js(key), "--consistent-read")
    assert kept["Item"]["status"] == {"S": "scheduled"}


def test_cli_batch_write_item(cli: Cli):
    month = "2027-04"
    keys = [{HASH_KEY: {"S": month}, RANGE_KEY: {"S": f"2027-04-{day:02d}T10:00:00Z#HC-CB{day}"}} for day in range(1, 6)]
    written = cli.ok("dynamodb", "batch-write-item", "--request-items",
                     js({TABLE: [{"PutRequest": {"Item": {**k, "boat": {"S": "Osprey"}}}} for k in keys]}))
    assert written == {"UnprocessedItems": {}}

    got = cli.ok("dynamodb", "batch-get-item", "--request-items", js({TABLE: {"Keys": keys, "ConsistentRead": True}}))
    assert got["UnprocessedKeys"] == {}
    assert sorted(i[RANGE_KEY]["S"] for i in got["Responses"][TABLE]) == [k[RANGE_KEY]["S"] for k in keys]
    assert all(i["boat"] == {"S": "Osprey"} for i in got["Responses"][TABLE])

    deleted = cli.ok("dynamodb", "batch-write-item", "--request-items",
                     js({TABLE: [{"DeleteRequest": {"Key": k}} for k in keys[:3]]}))
    assert deleted == {"UnprocessedItems": {}}
    condition, values = month_key(month)
    left = cli.ok("dynamodb", "query", "--table-name", TABLE, "--key-condition-expression", condition,
                  "--expression-attribute-values", values, "--consistent-read")
    assert [i[RANGE_KEY] for i in left["Items"]] == [k[RANGE_KEY] for k in keys[3:]]
    assert left["Count"] == 2


def test_cli_transact_write_items_cancelled(cli: Cli):
    existing = {HASH_KEY: {"S": "2027-05"}, RANGE_KEY: {"S": "2027-05-01T10:00:00Z#HC-CT1"}}
    fresh = {HASH_KEY: {"S": "2027-05"}, RANGE_KEY: {"S": "2027-05-02T10:00:00Z#HC-CT2"}}
    cli.ok("dynamodb", "put-item", "--table-name", TABLE, "--item", js({**existing, "status": {"S": "scheduled"}}))

    stderr = cli.fails("TransactionCanceledException", "TransactWriteItems",
                       "dynamodb", "transact-write-items", "--transact-items", js([
                           {"Put": {"TableName": TABLE, "Item": {**fresh, "status": {"S": "scheduled"}}}},
                           {"Update": {"TableName": TABLE, "Key": existing, "UpdateExpression": "SET #s = :s",
                                       "ConditionExpression": "#s = :want",
                                       "ExpressionAttributeNames": {"#s": "status"},
                                       "ExpressionAttributeValues": {":s": {"S": "cancelled"},
                                                                     ":want": {"S": "departed"}}}},
                       ]))
    # The CLI prints the message only; DynamoDB's message lists the reasons' codes in order.
    assert stderr.strip().endswith(
        "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]")

    assert cli.ok("dynamodb", "get-item", "--table-name", TABLE, "--key", js(fresh), "--consistent-read") is None
    kept = cli.ok("dynamodb", "get-item", "--table-name", TABLE, "--key", js(existing), "--consistent-read")
    assert kept["Item"]["status"] == {"S": "scheduled"}


def test_cli_wrong_secret_is_rejected(cli: Cli, control: support.Control):
    issued = support.imds_role_credentials()

    def keys(secret: str) -> dict[str, str]:
        return {"AWS_ACCESS_KEY_ID": issued.access_key_id, "AWS_SECRET_ACCESS_KEY": secret,
                "AWS_SESSION_TOKEN": issued.token}

    # The right secret through the environment works, so the rejections below are the secret's doing.
    assert "crew-dispatch" in cli.ok("dynamodb", "list-tables", extra_env=keys(issued.secret_access_key))["TableNames"]
    wrong = issued.secret_access_key[::-1]
    assert wrong != issued.secret_access_key
    stderr = cli.fails("InvalidSignatureException", "ListTables", "dynamodb", "list-tables", extra_env=keys(wrong))
    assert "The request signature we calculated does not match the signature you provided." in stderr

    unknown = {"AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}
    stderr = cli.fails("UnrecognizedClientException", "DescribeTable", "dynamodb", "describe-table",
                       "--table-name", TABLE, extra_env=unknown)
    assert "The security token included in the request is invalid." in stderr

    statuses = [status for operation, status in operations(control, "dynamodb")]
    assert statuses == [200, 400, 400]


def test_cli_output_json_shapes(cli: Cli):
    table = cli.ok("dynamodb", "describe-table", "--table-name", TABLE, region="us-west-2")["Table"]
    assert table["TableName"] == TABLE
    assert re.fullmatch(r"arn:aws:dynamodb:us-west-2:\d{12}:table/" + TABLE, table["TableArn"])
    assert table["TableStatus"] == "ACTIVE"
    assert isinstance(table["ItemCount"], int) and table["ItemCount"] > 0
    assert isinstance(table["TableSizeBytes"], int) and table["TableSizeBytes"] > 0
    # CLI v1 prints timestamps as they came off the wire (cli_timestamp_format "none"): epoch seconds.
    assert isinstance(table["CreationDateTime"], (int, float))
    assert table["KeySchema"] == [{"AttributeName": HASH_KEY, "KeyType": "HASH"},
                                  {"AttributeName": RANGE_KEY, "KeyType": "RANGE"}]

    # list-tables through the paginator, one name per page, resumable.
    first = cli.ok("dynamodb", "list-tables", "--max-items", "1", "--page-size", "1", region="us-west-2")
    assert first["TableNames"] == ["charter-chats"] and isinstance(first["NextToken"], str)
    rest = cli.ok("dynamodb", "list-tables", "--page-size", "1", "--starting-token", first["NextToken"], region="us-west-2")
    assert rest == {"TableNames": ["crew-dispatch", "drydock-locks"]}

    # Select COUNT over every page: counts only, summed by the paginator.
    counted = cli.ok("dynamodb", "scan", "--table-name", TABLE, "--select", "COUNT", "--page-size", "5", region="us-west-2")
    assert "Items" not in counted
    assert counted["Count"] == counted["ScannedCount"] == table["ItemCount"]

    # A JMESPath --query over the parsed answer, and --output text.
    status = cli.run("dynamodb", "describe-table", "--table-name", TABLE, "--query", "Table.TableStatus",
                     "--output", "text", region="us-west-2")
    assert (status.returncode, status.stdout) == (0, "ACTIVE\n"), status
