"""The shared token store's cost: refresh latency with the DynamoDB lease and Secrets Manager against the
local flock alone, and 4 hosts x 16 processes on an expired token (wall time, AWS calls, token requests).

Starts `drydock emulators serve --port 0 --sandbox DIR` (the default fixtures hold the token secret and
the lease table) and runs the
`drydock` binary as a job would (each simulated host its own HOME and secrets directory):
- first, 64 `reauth` processes round robin over 4 hosts on an expired cached token, with the token endpoint
  slowed to 1.5 s so every host meets the lease; the journal gives the AWS calls;
- `reauth --force` N times per store, alternating file / secretsmanager, timing each process (the
  difference is what the lease adds: GetSecretValue, UpdateItem ×3, PutSecretValue and IMDS credentials);
- `reauth` with a fresh cached token, both stores (no AWS call expected: the cheap read).

Usage: python3 CI/bench_shared_token.py DRYDOCK_BINARY [--runs 20]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

SECRET = "drydock/google-token"


def start(binary: str, sandbox: str) -> tuple[subprocess.Popen, dict[str, str]]:
    process = subprocess.Popen([binary, "emulators", "serve", "--port", "0", "--quiet", "--sandbox", sandbox],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    exports: dict[str, str] = {}
    for line in process.stdout:
        if line.startswith("export "):
            name, value = line[7:].strip().split("=", 1)
            exports[name] = value.strip("'")
        if line.startswith("#"):
            return process, exports
    raise SystemExit("drydock serve printed no exports")


def control(exports: dict[str, str], method: str, path: str, body: dict | None = None) -> dict:
    base = exports["GMAIL_API_ENDPOINT"]
    headers = {"Content-Type": "application/json"}
    if "DRYDOCK_CONTROL_TOKEN" in exports:
        headers["Authorization"] = "Bearer " + exports["DRYDOCK_CONTROL_TOKEN"]
    request = urllib.request.Request(base + path, method=method, headers=headers,
                                     data=json.dumps(body).encode() if body is not None else None)
    return json.loads(urllib.request.urlopen(request).read() or b"{}")


def host(root: str, sandbox: str, name: str, exports: dict[str, str], shared: bool) -> dict[str, str]:
    home = os.path.join(root, name)
    secrets = os.path.join(home, ".secrets")
    shutil.rmtree(home, ignore_errors=True)
    os.makedirs(home, mode=0o700)
    shutil.copytree(sandbox, secrets)
    os.chmod(secrets, 0o700)
    for file in ("google_token.json", "control_token"):
        if os.path.exists(os.path.join(secrets, file)):
            os.unlink(os.path.join(secrets, file))
    environment = {**os.environ, **exports, "HOME": home, "DRYDOCK_SECRETS_DIR": secrets, "AWS_REGION": "us-east-1"}
    if shared:
        environment.update(DRYDOCK_TOKEN_STORE="secretsmanager", DRYDOCK_TOKEN_SECRET=SECRET,
                           DRYDOCK_TOKEN_REGION="us-east-1", DRYDOCK_HOST_ID=name)
    return environment


def timed(binary: str, arguments: list[str], environment: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run([binary] + arguments, env=environment, capture_output=True, text=True)
    elapsed = (time.perf_counter() - started) * 1000
    if result.returncode != 0:
        raise SystemExit(f"drydock {' '.join(arguments)} exited {result.returncode}: {result.stderr[-500:]}")
    return elapsed


def journal(exports: dict[str, str], service: str, operation: str) -> list[dict]:
    return control(exports, "GET", f"/_drydock/journal?service={service}&operation={operation}")["requests"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    root = tempfile.mkdtemp(prefix="drydock-bench-shared-")
    sandbox = os.path.join(root, "sandbox")
    server, exports = start(args.binary, sandbox)
    try:
        # 4 hosts x 16 processes on an expired token.
        before = {name: len(journal(exports, service, name)) for service, name in
                  [("secretsmanager", "GetSecretValue"), ("dynamodb", "UpdateItem"), ("secretsmanager", "PutSecretValue"), ("oauth", "token")]}
        hosts = [host(root, sandbox, f"ops-{index}", exports, shared=True) for index in range(1, 5)]
        expired = {"access_token": "ya29.bench-expired-" + "x" * 40, "token_type": "Bearer",
                   "expires_at": "2020-01-01T00:00:00Z", "scope": "", "refreshed_at": "2020-01-01T00:00:00Z"}
        for environment in hosts:
            path = os.path.join(environment["DRYDOCK_SECRETS_DIR"], "google_token.json")
            with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as handle:
                json.dump(expired, handle)
        control(exports, "POST", "/_drydock/faults",
                {"service": "oauth", "operation": "token", "times": 1, "action": {"type": "latency", "ms": 1500}})
        started = time.perf_counter()
        processes = [subprocess.Popen([args.binary, "reauth"], env=hosts[index % 4], stdout=subprocess.DEVNULL,
                                      stderr=subprocess.PIPE, text=True) for index in range(64)]
        failures = [p.stderr.read() for p in processes if p.wait() != 0]
        wall = time.perf_counter() - started
        if failures:
            raise SystemExit(f"{len(failures)} of 64 failed: {failures[0][-400:]}")
        after = {name: len(journal(exports, service, name)) for service, name in
                 [("secretsmanager", "GetSecretValue"), ("dynamodb", "UpdateItem"), ("secretsmanager", "PutSecretValue"), ("oauth", "token")]}
        calls = {name: after[name] - before[name] for name in after}
        print(f"4 hosts x 16 processes, expired token, token endpoint slowed to 1.5 s: wall {wall:.2f} s; "
              f"token requests {calls['token']}; GetSecretValue {calls['GetSecretValue']}, UpdateItem {calls['UpdateItem']}, "
              f"PutSecretValue {calls['PutSecretValue']}; load {os.getloadavg()[0]:.1f}")

        file_host = host(root, sandbox, "file", exports, shared=False)
        shared_host = host(root, sandbox, "shared", exports, shared=True)
        samples: dict[str, list[float]] = {"file: reauth --force": [], "secretsmanager: reauth --force": [],
                                           "file: reauth (fresh cache)": [], "secretsmanager: reauth (fresh cache)": []}
        for _ in range(args.runs):
            samples["file: reauth --force"].append(timed(args.binary, ["reauth", "--force"], file_host))
            samples["secretsmanager: reauth --force"].append(timed(args.binary, ["reauth", "--force"], shared_host))
            samples["file: reauth (fresh cache)"].append(timed(args.binary, ["reauth"], file_host))
            samples["secretsmanager: reauth (fresh cache)"].append(timed(args.binary, ["reauth"], shared_host))
        print()
        print(f"| run ({args.runs} each, alternated) | median | p90 |")
        print("|---|---|---|")
        for label, values in samples.items():
            p90 = sorted(values)[max(0, int(len(values) * 0.9) - 1)]
            print(f"| {label} | {statistics.median(values):.1f} ms | {p90:.1f} ms |")
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    main()
