"""S3 PutObject / GetObject latency, Drydock beside moto_server in the same run, same client, same bytes.

Starts `drydock emulators serve --port 0` and `moto_server` (as CI/wrk_dynamodb.py does, whose helpers this
reuses), creates bucket `bench` on both, signs each request once with the IMDS emulator's credentials
(moto accepts any signature; Drydock checks it, payload hash included; a signature stays valid for 15
minutes) and sends the identical bytes over one keep-alive connection (http.client), sequentially:
PutObject and GetObject of a 1 KiB and an 8 MiB object. Prints a Markdown table of median and p90
latency and the rate (requests/s, MiB/s for 8 MiB).

Usage: python3 CI/bench_s3.py DRYDOCK_BINARY [--moto MOTO_SERVER] [--small 400] [--large 20]
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import sys
import time
import urllib.parse

import botocore.auth
import botocore.awsrequest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wrk_dynamodb import imds_credentials, start_drydock, start_moto  # noqa: E402


def signed(url: str, credentials, method: str, path: str, body: bytes = b"") -> tuple[dict[str, str], bytes]:
    request = botocore.awsrequest.AWSRequest(method=method, url=url + path, data=body)
    botocore.auth.S3SigV4Auth(credentials, "s3", "us-east-1").add_auth(request)
    return dict(request.headers.items()), body


def timed(url: str, method: str, path: str, headers: dict[str, str], body: bytes, count: int) -> list[float]:
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    samples = []
    try:
        for _ in range(count + max(1, count // 10)):  # the first tenth warms up, untimed
            started = time.perf_counter()
            connection.request(method, path, body=body or None, headers=headers)
            response = connection.getresponse()
            data = response.read()
            elapsed = time.perf_counter() - started
            if response.status != 200:
                raise SystemExit(f"{method} {path} on {url} answered {response.status}: {data[:300]!r}")
            samples.append(elapsed * 1000)
    finally:
        connection.close()
    return samples[-count:]


def measure(url: str, credentials, counts: dict[int, int]) -> dict[str, list[float]]:
    headers, _ = signed(url, credentials, "PUT", "/bench")
    connection = http.client.HTTPConnection(urllib.parse.urlsplit(url).hostname, urllib.parse.urlsplit(url).port, timeout=30)
    connection.request("PUT", "/bench", headers=headers)
    status = connection.getresponse().status
    connection.close()
    if status != 200:
        raise SystemExit(f"CreateBucket on {url} answered {status}")
    results = {}
    for size, count in counts.items():
        body = os.urandom(size)
        label = "1 KiB" if size == 1024 else f"{size // (1024 * 1024)} MiB"
        path = f"/bench/object-{size}"
        put_headers, _ = signed(url, credentials, "PUT", path, body)
        results[f"PutObject {label}"] = timed(url, "PUT", path, put_headers, body, count)
        get_headers, _ = signed(url, credentials, "GET", path)
        results[f"GetObject {label}"] = timed(url, "GET", path, get_headers, b"", count)
    return results


def cell(samples: list[float], size: int) -> str:
    median = statistics.median(samples)
    p90 = sorted(samples)[int(len(samples) * 0.9) - 1]
    rate = f"{size / (1024 * 1024) / (median / 1000):.0f} MiB/s" if size > 1024 else f"{1000 / median:,.0f} req/s"
    return f"{median:.2f} ms (p90 {p90:.2f}) · {rate}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("drydock")
    parser.add_argument("--moto", default=None)
    parser.add_argument("--small", type=int, default=400)
    parser.add_argument("--large", type=int, default=20)
    args = parser.parse_args()
    counts = {1024: args.small, 8 * 1024 * 1024: args.large}

    drydock, exports = start_drydock(args.drydock)
    try:
        credentials = imds_credentials(exports["AWS_EC2_METADATA_SERVICE_ENDPOINT"])
        ours = measure(exports["AWS_ENDPOINT_URL_S3"], credentials, counts)
    finally:
        drydock.terminate()
        drydock.wait()
    theirs = {}
    if args.moto:
        moto, url = start_moto(args.moto)
        try:
            theirs = measure(url, credentials, counts)
        finally:
            moto.terminate()
            moto.wait()

    print(f"| S3 ({args.small} × 1 KiB, {args.large} × 8 MiB; one keep-alive connection, median) | Drydock | moto_server |")
    print("|---|---|---|")
    for name, samples in ours.items():
        size = 1024 if "1 KiB" in name else 8 * 1024 * 1024
        print(f"| {name} | {cell(samples, size)} | {cell(theirs[name], size) if name in theirs else '—'} |")
    print(f"\nload average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
