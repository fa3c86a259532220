#!/usr/bin/env bash
# Benchmarks for the README: builds release, measures moto_server (when on PATH) as the peer, then runs
# drydock-bench, which prints one Markdown table (measurement | Drydock | target | moto_server) and the
# machine, then the DynamoDB table (GetItem / PutItem / Query, cold start, RSS beside moto_server, which
# drydock-bench spawns itself), then the wrk table (CI/wrk_dynamodb.py). Progress goes to stderr. Extra arguments go to `drydock-bench all`
# (e.g. --requests 5000 --dynamodb-requests 2000).
#
#   CI/bench.sh                               # build into .build, measure, print the table
#   DRYDOCK_BENCH_SCRATCH=.build-bench CI/bench.sh
#
# Figures depend on the machine and on whatever else runs on it: the table prints the load average.
set -euo pipefail
cd "$(dirname "$0")/.."
source CI/setup.sh

scratch="${DRYDOCK_BENCH_SCRATCH:-.build}"
for product in drydock drydock-bench; do
  swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product "$product" 2>&1 \
    | grep -E "error:|Build of product|Compiling" | grep -v Compiling >&2 || true
  [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "bench: release build of $product failed" >&2; exit 1; }
done
bin="$(swift build -c release --static-swift-stdlib --scratch-path "$scratch" --show-bin-path)"

peer_args=()
if command -v moto_server >/dev/null 2>&1; then
  moto="$(command -v moto_server)"
  # A pyenv shim is a bash script that execs pyenv; time the real entry point, not the shim.
  if [[ "$moto" == */shims/* ]] && command -v pyenv >/dev/null 2>&1; then
    moto="$(pyenv which moto_server)"
  fi
  peer_json="$(mktemp -t drydock-bench-peer.XXXXXX.json)"
  trap 'rm -f "$peer_json"' EXIT
  echo "bench: measuring moto_server ($moto)" >&2
  python3 - "$moto" "$peer_json" <<'PY'
"""moto_server cold start (spawn -> first 200 on GET /moto-api/, 10 runs after one untimed run) and idle
RSS (after one STS GetCallerIdentity and 1 s idle, 5 runs), written as JSON for drydock-bench."""
import http.client, json, os, signal, socket, subprocess, sys, time

moto, out = sys.argv[1], sys.argv[2]

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

def get(port, method="GET", path="/moto-api/", body=None, headers={}):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()

def start():
    """Spawns moto_server and polls until GET /moto-api/ answers 200; returns (process, port, ms)."""
    port = free_port()
    t0 = time.monotonic()
    process = subprocess.Popen([moto, "-p", str(port)], stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while True:
        try:
            if get(port) == 200:
                return process, port, (time.monotonic() - t0) * 1000
        except OSError:
            pass
        if process.poll() is not None:
            sys.exit(f"moto_server exited with {process.returncode} before answering")
        if time.monotonic() - t0 > 30:
            sys.exit("moto_server did not answer within 30 s")
        time.sleep(0.0002)

def stop(process):
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()

def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        return float(next(line.split()[1] for line in f if line.startswith("VmRSS:")))

cold = []
for run in range(11):
    process, _, ms = start()
    stop(process)
    if run:  # the first run pages the interpreter and packages in, as drydock-bench's untimed run does
        cold.append(ms)
        print(f"moto_server cold start {run}/10: {ms:.1f} ms", file=sys.stderr)

sts = {"Content-Type": "application/x-www-form-urlencoded",
       "Authorization": "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/sts/aws4_request, "
                        "SignedHeaders=host, Signature=0"}
rss = []
for run in range(5):
    process, port, _ = start()
    status = get(port, "POST", "/", "Action=GetCallerIdentity&Version=2011-06-15", sts)
    if status != 200:
        sys.exit(f"moto_server STS GetCallerIdentity answered {status}")
    time.sleep(1)
    rss.append(rss_kb(process.pid))
    stop(process)
    print(f"moto_server idle RSS {run + 1}/5: {rss[-1] / 1024:.1f} MB", file=sys.stderr)

try:
    from importlib.metadata import version
    name = f"moto_server {version('moto')}"
except Exception:
    name = "moto_server"
note = (f"{name} at {moto} (Python {sys.version.split()[0]}); cold start = spawn to first 200 on "
        "GET /moto-api/ on a free port chosen beforehand; idle RSS after one STS GetCallerIdentity and 1 s.")
with open(out, "w") as f:
    json.dump({"name": name, "cold_start_ms": cold, "idle_rss_kb": rss, "note": note}, f)
PY
  peer_args=(--peer-figures "$peer_json" --moto "$moto")
else
  echo "bench: moto_server not on PATH; the peer column stays empty" >&2
fi

"$bin/drydock-bench" all ${peer_args[@]+"${peer_args[@]}"} "$@"

# DynamoDB with a neutral load generator: Debian's wrk, the same signed bytes to Drydock and moto_server,
# one and eight keep-alive connections, and Drydock's trivial-request ceiling on the same machine.
if command -v wrk >/dev/null 2>&1 && [ -x .venv-interop/bin/python ]; then
  echo
  .venv-interop/bin/python CI/wrk_dynamodb.py "$bin/drydock" ${moto:+--moto "$moto"}
else
  echo "bench: wrk (apt-get install wrk) or .venv-interop (CI/interop.sh builds it) missing; no wrk table" >&2
fi

# S3 PutObject / GetObject of 1 KiB and 8 MiB, Drydock beside moto_server, same client and bytes.
if [ -x .venv-interop/bin/python ]; then
  echo
  .venv-interop/bin/python CI/bench_s3.py "$bin/drydock" ${moto:+--moto "$moto"}
fi
