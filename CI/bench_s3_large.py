"""Peak RSS and time of one large S3 PutObject and GetObject against `drydock emulators serve --data-dir`.

Usage: python CI/bench_s3_large.py BINARY MIB [multipart]  (run it with the interop venv's python: boto3)

With `multipart`, the PUT is boto3's managed upload in 8 MiB parts (CreateMultipartUpload, UploadPart,
CompleteMultipartUpload), so the peak RSS shows whether Complete joins the parts in memory.

Starts BINARY's emulators on a free port with a fresh data directory, PUTs a MIB-MiB random body with
boto3's defaults (over AWS_ENDPOINT_URL_S3), GETs it back in 1 MiB reads, and prints the times and the
server's VmRSS/VmHWM (MB) before, after the PUT and after the GET. Not part of CI/bench.sh: a 1 GiB run
writes 2 GiB. The README's S3 "Large bodies" figures come from it.
"""
import os, subprocess, sys, time, tempfile, re, hashlib
import boto3, botocore.config

import boto3.s3.transfer
binary, size_mib = sys.argv[1], int(sys.argv[2])
multipart = len(sys.argv) > 3 and sys.argv[3] == "multipart"
work = tempfile.mkdtemp(prefix="s3big-bench-")
serve = subprocess.Popen([binary, "emulators", "serve", "--port", "0", "--sandbox", work + "/secrets", "--data-dir", work + "/data", "--quiet"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
env = {}
for line in serve.stdout:
    m = re.match(r"export (\w+)='(.*)'", line)
    if m: env[m.group(1)] = m.group(2)
    if line.startswith("# drydock emulators on"): break
for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"): os.environ.pop(k, None)
os.environ.update(env)
os.environ["AWS_CONFIG_FILE"] = os.environ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null"
cfg = botocore.config.Config(retries={"total_max_attempts": 1}, read_timeout=600, connect_timeout=10)
client = boto3.session.Session(region_name="us-west-2").client("s3", config=cfg)
bucket = "drydock-ops-us-west-2"
def rss():
    status = open(f"/proc/{serve.pid}/status").read()
    return {k: int(re.search(k + r":\s+(\d+)", status).group(1)) // 1024 for k in ("VmRSS", "VmHWM")}
base = rss()
body_file = os.path.join(tempfile.gettempdir(), f"drydock-bench-body-{size_mib}")
if not os.path.exists(body_file):
    with open(body_file, "wb") as f:
        for _ in range(size_mib): f.write(os.urandom(1 << 20))
result = {"binary": binary, "MiB": size_mib, "start_rss": base}
try:
    t = time.monotonic()
    if multipart:
        parts = boto3.s3.transfer.TransferConfig(multipart_threshold=8 << 20, multipart_chunksize=8 << 20, max_concurrency=2)
        client.upload_file(body_file, bucket, "bench.bin", Config=parts)
    else:
        with open(body_file, "rb") as f:
            client.put_object(Bucket=bucket, Key="bench.bin", Body=f)
    result["put_s"] = round(time.monotonic() - t, 2)
    result["multipart"] = multipart
    result["after_put"] = rss()
    t = time.monotonic(); n = 0
    body = client.get_object(Bucket=bucket, Key="bench.bin")["Body"]
    for chunk in iter(lambda: body.read(1 << 20), b""): n += len(chunk)
    result["get_s"] = round(time.monotonic() - t, 2); result["got"] = n
    result["after_get"] = rss()
except Exception as e:
    result["error"] = str(e)[:200]
serve.terminate(); serve.wait()
subprocess.run(["rm", "-rf", work])
print(result, flush=True)
