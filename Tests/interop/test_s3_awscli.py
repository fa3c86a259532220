"""The aws CLI (v1, pinned beside botocore) against the S3 emulator through the interception proxy: the real
S3 host names over HTTPS with the sandbox CA, credentials from IMDS only, default transfer settings
(multipart above 8 MiB, aws-chunked uploads with trailing CRC32 checksums)."""

from __future__ import annotations

import hashlib
import os
import pathlib
import subprocess
import sys
import time

import support

BUCKET = "drydock-charter-backups"


def aws(tmp_path: pathlib.Path, *args: str) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
           "HTTPS_PROXY": support.require_env("DRYDOCK_PROXY_URL"), "HTTP_PROXY": os.environ["DRYDOCK_PROXY_URL"],
           "NO_PROXY": "127.0.0.1,localhost,::1", "AWS_CA_BUNDLE": support.require_env("DRYDOCK_CA_BUNDLE")}
    executable = pathlib.Path(sys.executable).parent / "aws"
    return subprocess.run([str(executable), *args, "--region", "us-east-1"], env=env, capture_output=True, text=True, timeout=180)


def test_cp_of_a_40_mib_file_is_a_multipart_upload(control: support.Control, tmp_path) -> None:
    source = tmp_path / "forty.bin"
    data = os.urandom(40 * 1024 * 1024)
    source.write_bytes(data)
    result = aws(tmp_path, "s3", "cp", str(source), f"s3://{BUCKET}/big/forty.bin", "--only-show-errors")
    assert result.returncode == 0, result.stderr[-2000:]
    parts = control.journal("s3", "UploadPart")
    assert len(parts) == 5 and all(entry["status"] == 200 for entry in parts)  # 8 MiB parts
    assert [entry["status"] for entry in control.journal("s3", "CompleteMultipartUpload")] == [200]
    back = tmp_path / "back.bin"
    result = aws(tmp_path, "s3", "cp", f"s3://{BUCKET}/big/forty.bin", str(back), "--only-show-errors")
    assert result.returncode == 0, result.stderr[-2000:]
    assert hashlib.sha256(back.read_bytes()).digest() == hashlib.sha256(data).digest()
    assert control.journal("egress") == []


def test_sync_uploads_only_what_changed(control: support.Control, tmp_path) -> None:
    tree = tmp_path / "tree"
    (tree / "2026-11").mkdir(parents=True)
    (tree / "manifest.json").write_text('{"month": "2026-11"}')
    (tree / "2026-11" / "crew-dispatch.jsonl").write_text('{"a": 1}\n')
    # `sync` re-uploads a file whose mtime is newer than the object's LastModified, which S3 keeps to the
    # second: files written in the second of their upload would go again, as with real S3. Written a
    # minute earlier, they are older than their objects.
    for path in (tree / "manifest.json", tree / "2026-11" / "crew-dispatch.jsonl"):
        os.utime(path, (time.time() - 60, time.time() - 60))
    first = aws(tmp_path, "s3", "sync", str(tree), f"s3://{BUCKET}/sync", "--only-show-errors")
    assert first.returncode == 0, first.stderr[-2000:]
    assert len(control.journal("s3", "PutObject")) == 2
    again = aws(tmp_path, "s3", "sync", str(tree), f"s3://{BUCKET}/sync", "--only-show-errors")
    assert again.returncode == 0, again.stderr[-2000:]
    assert len(control.journal("s3", "PutObject")) == 2  # nothing changed, nothing sent
    listing = aws(tmp_path, "s3", "ls", f"s3://{BUCKET}/sync/", "--recursive")
    assert [line.split()[-1] for line in listing.stdout.splitlines()] == ["sync/2026-11/crew-dispatch.jsonl", "sync/manifest.json"]


def test_s3api_errors_exit_255_with_the_code(tmp_path) -> None:
    result = aws(tmp_path, "s3api", "get-object", "--bucket", BUCKET, "--key", "missing", str(tmp_path / "out"))
    assert result.returncode == 255
    assert "An error occurred (NoSuchKey) when calling the GetObject operation: The specified key does not exist." in result.stderr
