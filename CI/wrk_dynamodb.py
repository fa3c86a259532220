"""DynamoDB throughput with a neutral load generator (Debian's wrk), Drydock beside moto_server, same bytes.

Starts `drydock emulators serve --port 0` and `moto_server` on free ports, creates the same table on both
(pk S, sk S; a 100-item partition `p1`, items of crew-dispatch size), signs GetItem, PutItem and Query
(Limit 10, begins_with on the sort key) once with the IMDS emulator's credentials (moto accepts any
signature; Drydock checks it, and a signature stays valid for 15 minutes), and runs wrk with one
keep-alive connection and with 8, each request the identical bytes. Also measures the server's ceiling:
`GET /_drydock/health`, the cheapest request Drydock answers. Prints a Markdown table.

Usage: python3 CI/wrk_dynamodb.py DRYDOCK_BINARY [--moto MOTO_SERVER] [--seconds 5]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import botocore.auth
import botocore.awsrequest
import botocore.credentials


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_drydock(binary: str) -> tuple[subprocess.Popen, dict[str, str]]:
    process = subprocess.Popen([binary, "emulators", "serve", "--port", "0", "--quiet"], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    exports: dict[str, str] = {}
    for line in process.stdout:
        if line.startswith("export "):
            name, value = line[7:].strip().split("=", 1)
            exports[name] = value.strip("'")
        if "AWS_EC2_METADATA_SERVICE_ENDPOINT" in exports and "AWS_ENDPOINT_URL_DYNAMODB" in exports:
            return process, exports
    raise SystemExit("drydock serve printed no exports")


def start_moto(moto: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen([moto, "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url + "/moto-api/", timeout=1)
            return process, url
        except OSError:
            time.sleep(0.1)
    raise SystemExit("moto_server did not start")


def imds_credentials(endpoint: str) -> botocore.credentials.Credentials:
    base = endpoint.rstrip("/")
    token = urllib.request.urlopen(urllib.request.Request(
        base + "/latest/api/token", method="PUT", headers={"X-aws-ec2-metadata-token-ttl-seconds": "900"})).read().decode()

    def get(path: str) -> str:
        return urllib.request.urlopen(urllib.request.Request(base + path, headers={"X-aws-ec2-metadata-token": token})).read().decode()

    role = get("/latest/meta-data/iam/security-credentials/").strip()
    data = json.loads(get("/latest/meta-data/iam/security-credentials/" + role))
    return botocore.credentials.Credentials(data["AccessKeyId"], data["SecretAccessKey"], data["Token"])


def signed(url: str, credentials, action: str, body: dict) -> tuple[dict[str, str], str]:
    data = json.dumps(body)
    request = botocore.awsrequest.AWSRequest(method="POST", url=url + "/", data=data, headers={
        "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "DynamoDB_20120810." + action})
    botocore.auth.SigV4Auth(credentials, "dynamodb", "us-east-1").add_auth(request)
    return dict(request.headers.items()), data


def call(url: str, credentials, action: str, body: dict) -> dict:
    headers, data = signed(url, credentials, action, body)
    request = urllib.request.Request(url + "/", data=data.encode(), headers=headers, method="POST")
    return json.loads(urllib.request.urlopen(request).read() or b"{}")


def item(i: int, pk: str = "p1") -> dict:
    return {"pk": {"S": pk}, "sk": {"S": f"leg#{i:03d}"}, "booking_id": {"S": f"HC-2026-{i:04d}"},
            "captain": {"S": "Ana Silva"}, "boat": {"S": "Sea Lark"}, "crew": {"SS": ["Ben Ortiz", "Chloé Martin"]},
            "departs_at": {"S": "2026-09-14T09:00:00-04:00"}, "party": {"N": str(2 + i % 10)},
            "status": {"S": "scheduled"}, "updated_at": {"S": "2026-09-01T12:00:00Z"}}


REQUESTS = {
    "GetItem": {"TableName": "bench", "Key": {"pk": {"S": "p1"}, "sk": {"S": "leg#042"}}},
    "PutItem": {"TableName": "bench", "Item": item(7, pk="p2")},
    "Query (Limit 10, begins_with, 100-item partition)": {
        "TableName": "bench", "KeyConditionExpression": "pk = :p AND begins_with(sk, :s)",
        "ExpressionAttributeValues": {":p": {"S": "p1"}, ":s": {"S": "leg#"}}, "Limit": 10},
}


def prepare(url: str, credentials) -> None:
    call(url, credentials, "CreateTable", {
        "TableName": "bench", "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}]})
    for i in range(100):
        call(url, credentials, "PutItem", {"TableName": "bench", "Item": item(i)})


def lua(directory: str, name: str, method: str, headers: dict[str, str], body: str | None) -> str:
    path = os.path.join(directory, re.sub(r"\W+", "_", name) + ".lua")
    lines = [f'wrk.method = "{method}"']
    if body is not None:
        lines.append("wrk.body = " + json.dumps(body))
    lines += [f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}" for k, v in headers.items() if k.lower() != "content-length"]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


def wrk(url: str, script: str, connections: int, seconds: int) -> tuple[float, int]:
    out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s", script, url],
                         capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return rate, int(errors.group(1)) if errors else 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("drydock")
    parser.add_argument("--moto", default=None)
    parser.add_argument("--seconds", type=int, default=5)
    args = parser.parse_args()
    drydock, exports = start_drydock(args.drydock)
    moto = None
    try:
        credentials = imds_credentials(exports["AWS_EC2_METADATA_SERVICE_ENDPOINT"])
        servers = {"Drydock": exports["AWS_ENDPOINT_URL_DYNAMODB"].rstrip("/")}
        if args.moto:
            moto, servers["moto_server"] = start_moto(args.moto)
        for url in servers.values():
            prepare(url, credentials)
        directory = tempfile.mkdtemp(prefix="drydock-wrk.")
        rows = []
        for name, body in REQUESTS.items():
            action = name.split()[0]
            headers, data = signed(servers["Drydock"], credentials, action, body)
            script = lua(directory, name, "POST", headers, data)
            for connections in (1, 8):
                cells = []
                for server, url in servers.items():
                    rate, errors = wrk(url + "/", script, connections, args.seconds)
                    cells.append(f"{rate:,.0f}" + (f" ({errors} non-2xx)" if errors else ""))
                rows.append((f"{name}, {connections} connection{'s' if connections > 1 else ''}", cells))
        health = lua(directory, "health", "GET", {}, None)
        for connections in (1, 8):
            rate, _ = wrk(servers["Drydock"] + "/_drydock/health", health, connections, args.seconds)
            rows.append((f"ceiling: GET /_drydock/health, {connections} connection{'s' if connections > 1 else ''}",
                         [f"{rate:,.0f}"] + (["—"] if moto else [])))
        print("| wrk, req/s | " + " | ".join(servers) + " |")
        print("|---|" + "---:|" * len(servers))
        for label, cells in rows:
            print(f"| {label} | " + " | ".join(cells) + " |")
        return 0
    finally:
        drydock.terminate()
        if moto:
            moto.terminate()


if __name__ == "__main__":
    sys.exit(main())
