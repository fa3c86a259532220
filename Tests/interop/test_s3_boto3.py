"""boto3 against the S3 emulator with default client settings, credentials from the IMDS emulator only.

Two transports, as a program meets them:
- direct: `AWS_ENDPOINT_URL_S3` (plain HTTP on 127.0.0.1, path-style). Over HTTP botocore signs the payload
  hash and sends the default CRC32 as an `x-amz-checksum-crc32` header.
- through the interception proxy (`HTTPS_PROXY`, the sandbox CA): the real host names, virtual-hosted
  style (`drydock-charter-backups.s3.us-east-1.amazonaws.com`), and over HTTPS botocore ≥ 1.36 streams
  uploads as `aws-chunked` with `STREAMING-UNSIGNED-PAYLOAD-TRAILER` and a trailing checksum.

The fixture bucket `drydock-charter-backups` (us-east-1) is versioned; `drydock-ops-us-west-2` is not.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap

import boto3
import botocore.config
import botocore.exceptions
import pytest

import support

BUCKET = "drydock-charter-backups"
WEST_BUCKET = "drydock-ops-us-west-2"
NO_RETRIES = botocore.config.Config(retries={"total_max_attempts": 1, "mode": "standard"}, connect_timeout=10, read_timeout=30)


@pytest.fixture(autouse=True)
def imds_only_environment(monkeypatch) -> None:
    support.require_env("AWS_EC2_METADATA_SERVICE_ENDPOINT")
    support.require_env("AWS_ENDPOINT_URL_S3")
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
                 "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_REQUEST_CHECKSUM_CALCULATION", "AWS_RESPONSE_CHECKSUM_VALIDATION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")


def s3(region: str = "us-east-1", config=None):
    return boto3.session.Session(region_name=region).client("s3", config=config)


def code(raised: pytest.ExceptionInfo) -> tuple[str, int]:
    response = raised.value.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"]


def test_put_get_with_default_checksums() -> None:
    client = s3()
    sent = []
    client.meta.events.register("before-send.s3.PutObject", lambda request, **_: sent.append(dict(request.headers)))
    body = b'{"month": "2026-11"}'
    put = client.put_object(Bucket=BUCKET, Key="manifests/2026-11/manifest.json", Body=body, ContentType="application/json",
                            Metadata={"source": "dispatch"})
    assert put["ETag"] == '"%s"' % hashlib.md5(body).hexdigest()
    assert "ChecksumCRC32" in put and put["VersionId"]
    assert sent[0].get("x-amz-checksum-crc32") is not None  # boto3's default, unasked
    got = client.get_object(Bucket=BUCKET, Key="manifests/2026-11/manifest.json")  # validates the checksum
    assert got["Body"].read() == body
    assert got["ContentType"] == "application/json" and got["Metadata"] == {"source": "dispatch"}
    head = client.head_object(Bucket=BUCKET, Key="manifests/2026-11/manifest.json")
    assert head["ContentLength"] == len(body) and head["ETag"] == put["ETag"]


def test_errors_as_botocore_parses_them() -> None:
    client = s3(config=NO_RETRIES)
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        client.get_object(Bucket=BUCKET, Key="no/such/key")
    assert code(raised) == ("NoSuchKey", 404)
    assert raised.value.response["ResponseMetadata"]["RequestId"]
    assert raised.value.response["ResponseMetadata"]["HostId"]
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        client.list_objects_v2(Bucket="no-such-bucket-here")
    assert code(raised) == ("NoSuchBucket", 404)
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        client.head_object(Bucket=BUCKET, Key="no/such/key")
    assert code(raised) == ("404", 404)
    client.put_object(Bucket=BUCKET, Key="k", Body=b"v")
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        client.get_object(Bucket=BUCKET, Key="k", IfMatch='"nope"')
    assert code(raised) == ("PreconditionFailed", 412)
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        client.get_object(Bucket=BUCKET, Key="k", Range="bytes=5-9")
    assert code(raised) == ("InvalidRange", 416)


def test_ranged_and_conditional_gets() -> None:
    client = s3()
    put = client.put_object(Bucket=BUCKET, Key="digits", Body=b"0123456789")
    ranged = client.get_object(Bucket=BUCKET, Key="digits", Range="bytes=2-4")
    assert ranged["Body"].read() == b"234" and ranged["ContentRange"] == "bytes 2-4/10"
    assert client.get_object(Bucket=BUCKET, Key="digits", Range="bytes=-3")["Body"].read() == b"789"
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        client.get_object(Bucket=BUCKET, Key="digits", IfNoneMatch=put["ETag"])
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 304


def test_listing_with_delimiters_and_paging() -> None:
    client = s3()
    keys = [f"exports/2026-11/{region}/part-{n}.jsonl.gz" for region in ("us-east-1", "us-west-2") for n in range(3)]
    for key in keys:
        client.put_object(Bucket=BUCKET, Key=key, Body=key.encode())
    top = client.list_objects_v2(Bucket=BUCKET, Prefix="exports/2026-11/", Delimiter="/")
    assert [p["Prefix"] for p in top["CommonPrefixes"]] == ["exports/2026-11/us-east-1/", "exports/2026-11/us-west-2/"]
    pages = list(client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix="exports/", PaginationConfig={"PageSize": 4}))
    assert [len(page.get("Contents", [])) for page in pages] == [4, 2]
    assert [obj["Key"] for page in pages for obj in page["Contents"]] == sorted(keys)
    after = client.list_objects_v2(Bucket=BUCKET, Prefix="exports/", StartAfter=keys[4], FetchOwner=True)
    assert [obj["Key"] for obj in after["Contents"]] == [keys[5]] and after["Contents"][0]["Owner"]["DisplayName"]


def test_versioning() -> None:
    client = s3()
    assert client.get_bucket_versioning(Bucket=BUCKET)["Status"] == "Enabled"
    first = client.put_object(Bucket=BUCKET, Key="versioned", Body=b"one")["VersionId"]
    second = client.put_object(Bucket=BUCKET, Key="versioned", Body=b"two")["VersionId"]
    marker = client.delete_object(Bucket=BUCKET, Key="versioned")
    assert marker["DeleteMarker"] is True
    versions = client.list_object_versions(Bucket=BUCKET, Prefix="versioned")
    assert [v["VersionId"] for v in versions["Versions"]] == [second, first]
    assert versions["DeleteMarkers"][0]["IsLatest"] is True
    assert client.get_object(Bucket=BUCKET, Key="versioned", VersionId=first)["Body"].read() == b"one"
    west = s3("us-west-2")
    west.put_bucket_versioning(Bucket=WEST_BUCKET, VersioningConfiguration={"Status": "Suspended"})
    assert west.get_bucket_versioning(Bucket=WEST_BUCKET)["Status"] == "Suspended"


def test_buckets_copy_and_batch_delete() -> None:
    client = s3()
    client.create_bucket(Bucket="drydock-scratch")
    west = s3("us-west-2")
    west.create_bucket(Bucket="drydock-scratch-west", CreateBucketConfiguration={"LocationConstraint": "us-west-2"})
    assert west.get_bucket_location(Bucket="drydock-scratch-west")["LocationConstraint"] == "us-west-2"
    names = [b["Name"] for b in client.list_buckets()["Buckets"]]
    assert {"drydock-scratch", "drydock-scratch-west", BUCKET, WEST_BUCKET} <= set(names)
    client.put_object(Bucket="drydock-scratch", Key="src", Body=b"copy me")
    client.copy_object(Bucket="drydock-scratch", Key="dst", CopySource={"Bucket": "drydock-scratch", "Key": "src"})
    assert client.get_object(Bucket="drydock-scratch", Key="dst")["Body"].read() == b"copy me"
    deleted = client.delete_objects(Bucket="drydock-scratch", Delete={"Objects": [{"Key": "src"}, {"Key": "dst"}]})
    assert sorted(d["Key"] for d in deleted["Deleted"]) == ["dst", "src"]
    client.delete_bucket(Bucket="drydock-scratch")
    # A client in the wrong region is redirected by botocore (AuthorizationHeaderMalformed naming the region).
    assert s3("us-east-1").head_bucket(Bucket=WEST_BUCKET)["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_multipart_upload_file(tmp_path) -> None:
    path = tmp_path / "big.bin"
    data = os.urandom(12 * 1024 * 1024)
    path.write_bytes(data)
    client = s3()
    client.upload_file(str(path), BUCKET, "big/upload.bin")  # 8 MiB parts: two parts
    head = client.head_object(Bucket=BUCKET, Key="big/upload.bin")
    md5s = b"".join(hashlib.md5(data[i:i + 8 * 1024 * 1024]).digest() for i in range(0, len(data), 8 * 1024 * 1024))
    assert head["ETag"] == '"%s-2"' % hashlib.md5(md5s).hexdigest()
    assert client.get_object(Bucket=BUCKET, Key="big/upload.bin")["Body"].read() == data
    out = tmp_path / "back.bin"
    client.download_file(BUCKET, "big/upload.bin", str(out))
    assert out.read_bytes() == data


def test_slowdown_fault_is_retried(control: support.Control) -> None:
    control.add_fault({"service": "s3", "operation": "PutObject", "times": 1, "action": {"type": "status", "status": 503}})
    client = s3()
    client.put_object(Bucket=BUCKET, Key="retried", Body=b"x")
    statuses = [entry["status"] for entry in control.journal("s3", "PutObject")]
    assert statuses == [503, 200]
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        control.add_fault({"service": "s3", "operation": "GetObject", "times": 1, "action": {"type": "status", "status": 503}})
        s3(config=NO_RETRIES).get_object(Bucket=BUCKET, Key="retried")
    assert code(raised) == ("SlowDown", 503)


# Through the interception proxy: the real host names over HTTPS, where botocore streams aws-chunked bodies.
PROXY_PROGRAM = """
    import boto3, hashlib
    client = boto3.client("s3", region_name="us-east-1")
    sent = []
    urls = []
    def record(request, **_):  # returning anything but None would stand in for the response
        sent.append(dict(request.headers))
        urls.append(request.url)
    client.meta.events.register("before-send.s3.PutObject", record)
    body = b"through the proxy" * 700_000  # 11.9 MB: over the server's in-memory cap, spooled by S3
    client.put_object(Bucket="drydock-charter-backups", Key="proxied/object.txt", Body=body)
    headers = {k.lower(): v.decode() if isinstance(v, bytes) else v for k, v in sent[0].items()}
    print(headers.get("x-amz-content-sha256"), headers.get("x-amz-trailer"), headers.get("content-encoding"))
    print(urls[0])
    got = client.get_object(Bucket="drydock-charter-backups", Key="proxied/object.txt")["Body"].read()
    print(got == body)
"""


def test_default_aws_chunked_uploads_through_the_proxy(control: support.Control, tmp_path) -> None:
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
           "HTTPS_PROXY": support.require_env("DRYDOCK_PROXY_URL"), "HTTP_PROXY": os.environ["DRYDOCK_PROXY_URL"],
           "NO_PROXY": "127.0.0.1,localhost,::1", "AWS_CA_BUNDLE": support.require_env("DRYDOCK_CA_BUNDLE")}
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(PROXY_PROGRAM)], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines() == ["STREAMING-UNSIGNED-PAYLOAD-TRAILER x-amz-checksum-crc32 aws-chunked", "https://drydock-charter-backups.s3.amazonaws.com/proxied/object.txt", "True"]
    assert [entry["status"] for entry in control.journal("s3", "PutObject")] == [200]
    assert control.journal("egress") == []


def test_a_24_mib_single_put_over_the_memory_cap_and_a_ranged_get() -> None:
    """One PutObject of 24 MiB (the server keeps at most 10 MiB of a body in memory; S3 bodies are
    spooled to a file instead) with boto3's default checksum, then a ranged GET of it."""
    client = s3("us-west-2", config=NO_RETRIES)
    sent = []
    client.meta.events.register("before-send.s3.PutObject", lambda request, **_: sent.append(dict(request.headers)))
    body = os.urandom(24 * 1024 * 1024)
    put = client.put_object(Bucket=WEST_BUCKET, Key="large/24mib.bin", Body=body)
    assert put["ETag"] == '"%s"' % hashlib.md5(body).hexdigest()
    assert sent[0].get("x-amz-checksum-crc32") is not None  # boto3's default, unasked
    assert "ChecksumCRC32" in put
    ranged = client.get_object(Bucket=WEST_BUCKET, Key="large/24mib.bin", Range="bytes=12582900-12583000")
    assert ranged["ResponseMetadata"]["HTTPStatusCode"] == 206
    assert ranged["ContentRange"] == "bytes 12582900-12583000/%d" % len(body)
    assert ranged["Body"].read() == body[12582900:12583001]
    whole = client.get_object(Bucket=WEST_BUCKET, Key="large/24mib.bin")
    assert whole["ContentLength"] == len(body)
    assert hashlib.sha256(whole["Body"].read()).digest() == hashlib.sha256(body).digest()
    client.delete_object(Bucket=WEST_BUCKET, Key="large/24mib.bin")
