"""boto3 against the Secrets Manager emulator, credentials from the IMDS emulator only.

CI/interop.sh exports `AWS_EC2_METADATA_SERVICE_ENDPOINT` and `AWS_ENDPOINT_URL_SECRETS_MANAGER` from
`drydock emulators serve`. Clients resolve credentials through botocore's own chain with nothing but the
instance-metadata provider left, and sign for `secretsmanager` in the region they name. The autouse
`fresh_emulators` fixture resets the emulators before each test (the default set has one secret,
`drydock/google-token`, without a value).
"""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import uuid

import boto3
import botocore.config
import botocore.exceptions
import pytest

import support

NO_RETRIES = botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"}, connect_timeout=10, read_timeout=20)


@pytest.fixture(autouse=True)
def imds_only_environment(monkeypatch) -> None:
    support.require_env("AWS_EC2_METADATA_SERVICE_ENDPOINT")
    support.require_env("AWS_ENDPOINT_URL_SECRETS_MANAGER")
    for name in support.AWS_NON_IMDS_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")


def secrets(region: str = "us-east-1"):
    return boto3.session.Session(region_name=region).client("secretsmanager", config=NO_RETRIES)


def error(raised: pytest.ExceptionInfo) -> tuple[str, str]:
    return raised.value.response["Error"]["Code"], raised.value.response["Error"]["Message"]


# The default fixtures' own secret (the shared token store's, without a value), present after every reset.
FIXTURE_SECRETS = {"drydock/google-token"}


def listed(secret_list: list[dict]) -> list[str]:
    """The names in a ListSecrets page, without the fixtures' secret."""
    return [s["Name"] for s in secret_list if s["Name"] not in FIXTURE_SECRETS]


def stages(client, secret_id: str) -> dict[str, list[str]]:
    versions = client.list_secret_version_ids(SecretId=secret_id, IncludeDeprecated=True)["Versions"]
    return {v["VersionId"]: v["VersionStages"] for v in versions}


def test_create_get_by_name_and_arn() -> None:
    client = secrets()
    created = client.create_secret(Name="ops/shared-token", SecretString='{"access_token": "t"}', Description="shared token")
    assert created["ARN"].startswith("arn:aws:secretsmanager:us-east-1:123456789012:secret:ops/shared-token-")
    for secret_id in (created["Name"], created["ARN"], created["ARN"][:-7]):
        got = client.get_secret_value(SecretId=secret_id)
        assert got["SecretString"] == '{"access_token": "t"}'
        assert got["VersionId"] == created["VersionId"]
        assert got["VersionStages"] == ["AWSCURRENT"]
        assert got["CreatedDate"].tzinfo is not None
    described = client.describe_secret(SecretId=created["ARN"])
    assert described["Description"] == "shared token"
    assert described["VersionIdsToStages"] == {created["VersionId"]: ["AWSCURRENT"]}
    binary = client.create_secret(Name="blob", SecretBinary=b"\x00\x01\xff")
    assert client.get_secret_value(SecretId="blob")["SecretBinary"] == b"\x00\x01\xff"
    assert binary["Name"] == "blob"


def test_regions_are_separate() -> None:
    secrets("us-east-1").create_secret(Name="regional", SecretString="east")
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        secrets("us-west-2").get_secret_value(SecretId="regional")
    assert error(raised) == ("ResourceNotFoundException", "Secrets Manager can't find the specified secret.")


def test_stages_move_like_aws() -> None:
    client = secrets()
    first = client.create_secret(Name="rotated", SecretString="v1")["VersionId"]
    pending = str(uuid.uuid4())
    put = client.put_secret_value(SecretId="rotated", SecretString="v2", ClientRequestToken=pending, VersionStages=["AWSPENDING"])
    assert put["VersionStages"] == ["AWSPENDING"]
    assert client.get_secret_value(SecretId="rotated")["SecretString"] == "v1"
    assert client.get_secret_value(SecretId="rotated", VersionStage="AWSPENDING")["SecretString"] == "v2"
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        client.update_secret_version_stage(SecretId="rotated", VersionStage="AWSCURRENT", MoveToVersionId=pending)
    code, message = error(raised)
    assert code == "InvalidParameterException"
    assert message == (f"The parameter RemoveFromVersionId can't be empty. Staging label AWSCURRENT is currently attached to version {first}, "
                       "so you must explicitly reference that version in RemoveFromVersionId.")
    client.update_secret_version_stage(SecretId="rotated", VersionStage="AWSCURRENT", MoveToVersionId=pending, RemoveFromVersionId=first)
    assert stages(client, "rotated") == {first: ["AWSPREVIOUS"], pending: ["AWSPENDING", "AWSCURRENT"]}
    third = client.put_secret_value(SecretId="rotated", SecretString="v3")["VersionId"]
    assert stages(client, "rotated") == {first: [], pending: ["AWSPENDING", "AWSPREVIOUS"], third: ["AWSCURRENT"]}
    labelled = client.list_secret_version_ids(SecretId="rotated")["Versions"]
    assert {v["VersionId"] for v in labelled} == {pending, third}
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        client.get_secret_value(SecretId="rotated", VersionId=first, VersionStage="AWSCURRENT")
    assert error(raised)[0] == "InvalidRequestException"


def test_client_request_token_idempotency() -> None:
    client = secrets()
    client.create_secret(Name="idempotent", SecretString="v1")
    token = str(uuid.uuid4())
    first = client.put_secret_value(SecretId="idempotent", SecretString="v2", ClientRequestToken=token)
    again = client.put_secret_value(SecretId="idempotent", SecretString="v2", ClientRequestToken=token)
    assert again["VersionId"] == first["VersionId"] == token
    assert len(stages(client, "idempotent")) == 2
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        client.put_secret_value(SecretId="idempotent", SecretString="different", ClientRequestToken=token)
    code, message = error(raised)
    assert code == "ResourceExistsException"
    assert token in message and "different" not in message


def test_errors() -> None:
    client = secrets()
    client.create_secret(Name="taken", SecretString="v")
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        client.create_secret(Name="taken", SecretString="w")
    assert error(raised) == ("ResourceExistsException", "The operation failed because the secret taken already exists.")
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        client.get_secret_value(SecretId="absent")
    assert error(raised) == ("ResourceNotFoundException", "Secrets Manager can't find the specified secret.")
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        client.get_secret_value(SecretId="taken", VersionStage="AWSPENDING")
    assert error(raised) == ("ResourceNotFoundException", "Secrets Manager can't find the specified secret value for staging label: AWSPENDING")
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        client.create_secret(Name="huge", SecretString="x" * 65537)
    assert error(raised)[0] == "ValidationException"
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        client.delete_secret(SecretId="taken", RecoveryWindowInDays=7, ForceDeleteWithoutRecovery=True)
    assert error(raised) == ("InvalidParameterException", "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.")


def test_pagination_and_filters() -> None:
    client = secrets()
    for n in range(7):
        client.create_secret(Name=f"paged/{n}", SecretString="v", Tags=[{"Key": "n", "Value": str(n)}])
    client.create_secret(Name="other", SecretString="v")
    pages = client.get_paginator("list_secrets").paginate(PaginationConfig={"PageSize": 3})
    names = [name for page in pages for name in listed(page["SecretList"])]
    assert sorted(names) == sorted([f"paged/{n}" for n in range(7)] + ["other"])
    filtered = client.list_secrets(Filters=[{"Key": "name", "Values": ["paged/"]}, {"Key": "tag-value", "Values": ["3", "5"]}])
    assert sorted(s["Name"] for s in filtered["SecretList"]) == ["paged/3", "paged/5"]


def test_delete_restore_and_recovery_window(control: support.Control) -> None:
    client = secrets()
    client.create_secret(Name="doomed", SecretString="v")
    deleted = client.delete_secret(SecretId="doomed", RecoveryWindowInDays=7)
    assert deleted["Name"] == "doomed"
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        client.get_secret_value(SecretId="doomed")
    assert error(raised) == ("InvalidRequestException", "You can't perform this operation on the secret because it was marked for deletion.")
    assert "DeletedDate" in client.describe_secret(SecretId="doomed")
    assert listed(client.list_secrets(IncludePlannedDeletion=True)["SecretList"]) == ["doomed"]
    assert listed(client.list_secrets()["SecretList"]) == []
    client.restore_secret(SecretId="doomed")
    assert client.get_secret_value(SecretId="doomed")["SecretString"] == "v"
    client.delete_secret(SecretId="doomed", RecoveryWindowInDays=7)
    # botocore signs on real time: past a 7-day advance its signatures would be expired, so the purge is
    # read from the journal (the edge's background work after the advance), not through another call.
    control.advance_clock(7 * 86400)
    purges = control.journal(service="secretsmanager", operation="SecretDeletion")
    assert [(entry["path"], entry["delivery"]) for entry in purges] == [("/us-east-1/doomed", "background")]


def test_decryption_failure_fault(control: support.Control) -> None:
    client = secrets()
    client.create_secret(Name="encrypted", SecretString="v")
    control.add_fault({"service": "secretsmanager", "operation": "GetSecretValue", "times": 1,
                       "action": {"type": "status", "status": 400, "reason": "DecryptionFailure"}})
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        client.get_secret_value(SecretId="encrypted")
    assert error(raised)[0] == "DecryptionFailure"
    assert client.get_secret_value(SecretId="encrypted")["SecretString"] == "v"
    journal = control.journal(service="secretsmanager", operation="GetSecretValue")
    assert [entry["status"] for entry in journal] == [400, 200]


def aws(tmp_path: pathlib.Path, *args: str) -> subprocess.CompletedProcess:
    """The aws CLI through the interception proxy: the real host `secretsmanager.<region>.amazonaws.com` over
    HTTPS with the sandbox CA, credentials from 169.254.169.254 through the same proxy."""
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
           "HTTPS_PROXY": support.require_env("DRYDOCK_PROXY_URL"), "HTTP_PROXY": os.environ["DRYDOCK_PROXY_URL"],
           "NO_PROXY": "127.0.0.1,localhost,::1", "AWS_CA_BUNDLE": support.require_env("DRYDOCK_CA_BUNDLE")}
    executable = pathlib.Path(sys.executable).parent / "aws"
    return subprocess.run([str(executable), *args], env=env, capture_output=True, text=True, timeout=180)


def test_aws_cli_through_the_real_host_name(control: support.Control, tmp_path) -> None:
    created = aws(tmp_path, "secretsmanager", "create-secret", "--region", "us-west-2", "--name", "cli/token", "--secret-string", "hello")
    assert created.returncode == 0, created.stderr[-2000:]
    assert json.loads(created.stdout)["ARN"].startswith("arn:aws:secretsmanager:us-west-2:123456789012:secret:cli/token-")
    got = aws(tmp_path, "secretsmanager", "get-secret-value", "--region", "us-west-2", "--secret-id", "cli/token",
              "--query", "SecretString", "--output", "text")
    assert got.returncode == 0 and got.stdout.strip() == "hello"
    missing = aws(tmp_path, "secretsmanager", "describe-secret", "--region", "us-west-2", "--secret-id", "cli/absent")
    assert missing.returncode in (254, 255)
    assert ("An error occurred (ResourceNotFoundException) when calling the DescribeSecret operation: "
            "Secrets Manager can't find the specified secret.") in missing.stderr
    assert control.journal("egress") == []
    assert len(control.journal("secretsmanager", "CreateSecret")) == 1


def test_drydock_shares_its_token_where_boto3_reads_it(tmp_path, control: support.Control) -> None:
    """`drydock reauth` with token_store secretsmanager stores the token in the fixtures' secret; boto3 reads
    it back as the cache file's JSON plus who stored it under which lease, and sees the lease item."""
    sandbox = pathlib.Path(support.require_env("DRYDOCK_SECRETS_DIR"))
    secrets_dir = tmp_path / ".secrets"
    secrets_dir.mkdir(mode=0o700)
    for name in ("refresh_token.json", "gmail_credentials.json"):
        target = secrets_dir / name
        target.write_bytes((sandbox / name).read_bytes())
        target.chmod(0o600)
    environment = dict(os.environ, HOME=str(tmp_path), DRYDOCK_SECRETS_DIR=str(secrets_dir),
                       DRYDOCK_TOKEN_STORE="secretsmanager", DRYDOCK_TOKEN_SECRET="drydock/google-token",
                       DRYDOCK_TOKEN_REGION="us-east-1", DRYDOCK_HOST_ID="interop-host")
    result = subprocess.run([support.require_env("DRYDOCK_EXEC_BIN"), "reauth"], env=environment,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("token refreshed;")
    value = secrets().get_secret_value(SecretId="drydock/google-token")
    shared = json.loads(value["SecretString"])
    cached = json.loads((secrets_dir / "google_token.json").read_text())
    assert shared["access_token"] == cached["access_token"]
    assert shared["refreshed_by"] == "interop-host" and shared["fence"] == 1
    # Stored under the pending label, then made current by the compare-and-swap (the label stays until the next put).
    assert sorted(value["VersionStages"]) == ["AWSCURRENT", "DRYDOCK_PENDING"]
    swaps = control.journal(service="secretsmanager", operation="UpdateSecretVersionStage")
    assert [entry["status"] for entry in swaps] == [200]
    lease = boto3.session.Session(region_name="us-east-1").client("dynamodb", config=NO_RETRIES).get_item(
        TableName="drydock-locks", Key={"lock_id": {"S": "drydock/google-token"}}, ConsistentRead=True)["Item"]
    assert lease["fence"] == {"N": "1"} and lease["host"] == {"S": "interop-host"} and "lease" not in lease
