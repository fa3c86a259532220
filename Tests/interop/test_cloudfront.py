"""boto3 and the aws CLI against the CloudFront emulator, credentials from the IMDS emulator only.

boto3 goes direct (`AWS_ENDPOINT_URL_CLOUDFRONT`, plain HTTP on 127.0.0.1); the aws CLI goes through the
interception proxy to the real host `cloudfront.amazonaws.com` over HTTPS with the sandbox CA. The fixture
distribution is the ops host's schema distribution `E2DRYDOCKSCHEMA`; an invalidation completes after 60 s
of the emulators' virtual clock, which the tests move through the control API instead of waiting.
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

DISTRIBUTION = "E2DRYDOCKSCHEMA"
NO_RETRIES = botocore.config.Config(retries={"total_max_attempts": 1, "mode": "standard"}, connect_timeout=10, read_timeout=30)


@pytest.fixture(autouse=True)
def imds_only_environment(monkeypatch) -> None:
    support.require_env("AWS_EC2_METADATA_SERVICE_ENDPOINT")
    support.require_env("AWS_ENDPOINT_URL_CLOUDFRONT")
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
                 "AWS_DEFAULT_REGION", "AWS_REGION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")


def cloudfront(config=None):
    return boto3.session.Session(region_name="us-east-1").client("cloudfront", config=config)


def batch(paths: list[str], reference: str) -> dict:
    return {"Paths": {"Quantity": len(paths), "Items": paths}, "CallerReference": reference}


def test_get_and_list_distributions() -> None:
    client = cloudfront()
    got = client.get_distribution(Id=DISTRIBUTION)
    assert got["ETag"].startswith("E")
    distribution = got["Distribution"]
    assert distribution["Id"] == DISTRIBUTION
    assert distribution["DomainName"] == "d1drydockschema.cloudfront.net"
    assert distribution["DistributionConfig"]["Aliases"]["Items"] == ["schema.drydock.example"]
    assert distribution["DistributionConfig"]["Origins"]["Items"][0]["DomainName"] == "drydock-charter-schema.s3.us-east-1.amazonaws.com"
    first = client.list_distributions(MaxItems="1")["DistributionList"]
    assert first["IsTruncated"] is True and [d["Id"] for d in first["Items"]] == ["E2DRYDOCKSCHEMA"]
    rest = client.list_distributions(Marker=first["NextMarker"])["DistributionList"]
    assert [d["Id"] for d in rest["Items"]] == ["E3DRYDOCKDOCS"] and rest["IsTruncated"] is False
    pages = client.get_paginator("list_distributions").paginate(PaginationConfig={"PageSize": 1})
    assert [d["Id"] for page in pages for d in page["DistributionList"].get("Items", [])] == ["E2DRYDOCKSCHEMA", "E3DRYDOCKDOCS"]


def test_create_get_list_and_wait(control: support.Control) -> None:
    client = cloudfront()
    created = client.create_invalidation(DistributionId=DISTRIBUTION, InvalidationBatch=batch(["/schema/*"], "boto3-1"))
    invalidation = created["Invalidation"]
    assert created["Location"].endswith(f"/2020-05-31/distribution/{DISTRIBUTION}/invalidation/{invalidation['Id']}")
    assert invalidation["Status"] == "InProgress"
    again = client.create_invalidation(DistributionId=DISTRIBUTION, InvalidationBatch=batch(["/schema/*"], "boto3-1"))
    assert again["Invalidation"]["Id"] == invalidation["Id"]
    waiter = client.get_waiter("invalidation_completed")
    with pytest.raises(botocore.exceptions.WaiterError):
        waiter.wait(DistributionId=DISTRIBUTION, Id=invalidation["Id"], WaiterConfig={"Delay": 1, "MaxAttempts": 2})
    control.advance_clock(61)
    waiter.wait(DistributionId=DISTRIBUTION, Id=invalidation["Id"], WaiterConfig={"Delay": 1, "MaxAttempts": 2})
    assert client.get_invalidation(DistributionId=DISTRIBUTION, Id=invalidation["Id"])["Invalidation"]["Status"] == "Completed"
    listed = client.list_invalidations(DistributionId=DISTRIBUTION)["InvalidationList"]
    assert [(item["Id"], item["Status"]) for item in listed["Items"]] == [(invalidation["Id"], "Completed")]


def test_errors_have_cloudfronts_codes() -> None:
    client = cloudfront(NO_RETRIES)
    with pytest.raises(client.exceptions.NoSuchDistribution) as raised:
        client.get_distribution(Id="ENOSUCHDIST")
    assert raised.value.response["Error"]["Message"] == "The specified distribution does not exist."
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    with pytest.raises(client.exceptions.NoSuchInvalidation):
        client.get_invalidation(DistributionId=DISTRIBUTION, Id="INOSUCHINVALID")
    client.create_invalidation(DistributionId=DISTRIBUTION, InvalidationBatch=batch(["/a"], "reused"))
    with pytest.raises(client.exceptions.InvalidArgument) as raised:
        client.create_invalidation(DistributionId=DISTRIBUTION, InvalidationBatch=batch(["/b"], "reused"))
    assert "caller reference that was used for a previous invalidation batch" in raised.value.response["Error"]["Message"]
    with pytest.raises(client.exceptions.InvalidArgument):
        client.create_invalidation(DistributionId=DISTRIBUTION, InvalidationBatch=batch(["no-slash"], "bad-path"))
    for index in range(15):
        client.create_invalidation(DistributionId=DISTRIBUTION, InvalidationBatch=batch([f"/w{index}/*"], f"w{index}"))
    with pytest.raises(client.exceptions.TooManyInvalidationsInProgress):
        client.create_invalidation(DistributionId=DISTRIBUTION, InvalidationBatch=batch(["/w15/*"], "w15"))


def test_throttling_fault_is_retried(control: support.Control) -> None:
    control.add_fault({"service": "cloudfront", "operation": "GetDistribution", "times": 1,
                       "action": {"type": "status", "status": 400, "reason": "Throttling"}})
    assert cloudfront().get_distribution(Id=DISTRIBUTION)["Distribution"]["Id"] == DISTRIBUTION
    assert [entry["status"] for entry in control.journal("cloudfront", "GetDistribution")] == [400, 200]


def aws(tmp_path: pathlib.Path, *args: str) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
           "HTTPS_PROXY": support.require_env("DRYDOCK_PROXY_URL"), "HTTP_PROXY": os.environ["DRYDOCK_PROXY_URL"],
           "NO_PROXY": "127.0.0.1,localhost,::1", "AWS_CA_BUNDLE": support.require_env("DRYDOCK_CA_BUNDLE")}
    executable = pathlib.Path(sys.executable).parent / "aws"
    return subprocess.run([str(executable), *args], env=env, capture_output=True, text=True, timeout=180)


def test_aws_cli_create_get_wait_and_list(control: support.Control, tmp_path) -> None:
    created = aws(tmp_path, "cloudfront", "create-invalidation", "--distribution-id", DISTRIBUTION, "--paths", "/schema/*", "/index.json")
    assert created.returncode == 0, created.stderr[-2000:]
    invalidation = json.loads(created.stdout)["Invalidation"]
    assert invalidation["InvalidationBatch"]["Paths"]["Items"] == ["/schema/*", "/index.json"]
    got = aws(tmp_path, "cloudfront", "get-invalidation", "--distribution-id", DISTRIBUTION, "--id", invalidation["Id"])
    assert got.returncode == 0 and json.loads(got.stdout)["Invalidation"]["Status"] == "InProgress"
    control.advance_clock(61)
    waited = aws(tmp_path, "cloudfront", "wait", "invalidation-completed", "--distribution-id", DISTRIBUTION, "--id", invalidation["Id"])
    assert waited.returncode == 0, waited.stderr[-2000:]
    listed = aws(tmp_path, "cloudfront", "list-distributions", "--query", "DistributionList.Items[].Id", "--output", "text")
    assert listed.returncode == 0 and listed.stdout.split() == ["E2DRYDOCKSCHEMA", "E3DRYDOCKDOCS"]
    missing = aws(tmp_path, "cloudfront", "get-distribution", "--id", "ENOSUCHDIST")
    assert missing.returncode == 254 or missing.returncode == 255
    assert "An error occurred (NoSuchDistribution) when calling the GetDistribution operation: The specified distribution does not exist." in missing.stderr
    assert control.journal("egress") == []
    assert len(control.journal("cloudfront", "CreateInvalidation")) == 1
