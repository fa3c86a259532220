#!/usr/bin/env bash
# Interop: Google's own Python clients (google-auth, google-api-python-client) and AWS's (boto3, and the
# aws CLI run from the venv's bin/) against the emulators, which they must not be able to tell from the
# real services.
#
# Creates .venv-interop/ with the pinned Tests/interop/requirements.txt (reused while the file and the
# Python version are unchanged), starts `drydock emulators serve --port 0 --sandbox … --intercept` (binary from
# DRYDOCK_BIN, default .build/debug/drydock), runs pytest in Tests/interop with the variables the
# server exports, and stops the server with SIGTERM. With DRYDOCK_TEST_LOG_DIR set, pytest's output
# and the server's stdout and stderr are copied there for the secret scan. Exit 0 only when pytest
# passed and the server stopped cleanly. Arguments go to pytest (`CI/interop.sh test_secretsmanager.py -k stages`).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bin="${DRYDOCK_BIN:-.build/debug/drydock}"
venv="$root/.venv-interop"
requirements="$root/Tests/interop/requirements.txt"
log_dir="${DRYDOCK_TEST_LOG_DIR:-}"

[ -x "$bin" ] || { echo "interop: no drydock binary at $bin (build it, or set DRYDOCK_BIN)" >&2; exit 78; }

# The virtualenv, rebuilt whenever the pins or the interpreter change.
want="$( { python3 -c 'import sys; print(sys.version)'; cat "$requirements"; echo PySocks==1.7.1; } | sha256sum | cut -d' ' -f1)"
stamp="$venv/.drydock-requirements.sha256"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "interop: creating $venv" >&2
  rm -rf "$venv"
  python3 -m venv "$venv" >&2 || { echo "interop: python3 -m venv failed (is python3-venv installed? CI/setup.sh installs it)" >&2; exit 78; }
  "$venv/bin/python" -m pip install --disable-pip-version-check --no-input -q -r "$requirements" >&2
  # PySocks outside the venv: httplib2 only proxies when it can import it, and test_exec.py needs runs
  # both with it (PYTHONPATH=$venv/pysocks) and without it.
  "$venv/bin/python" -m pip install --disable-pip-version-check --no-input -q --target "$venv/pysocks" PySocks==1.7.1 >&2
  echo "$want" >"$stamp"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/drydock-interop.XXXXXX")"
server=""
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# The sandbox holds the secrets: it lives in $work (removed on exit), never in the log directory.
"$bin" emulators serve --port 0 --sandbox "$work/secrets" --intercept --quiet >"$work/serve.out" 2>"$work/serve.err" &
server=$!
for _ in $(seq 1 200); do
  grep -q '^# drydock emulators on' "$work/serve.out" 2>/dev/null && break
  kill -0 "$server" 2>/dev/null || break
  sleep 0.05
done
if ! grep -q '^# drydock emulators on' "$work/serve.out" 2>/dev/null; then
  echo "interop: the emulators did not start; their stderr:" >&2
  cat "$work/serve.err" >&2
  exit 1
fi

status=0
(
  eval "$(grep '^export ' "$work/serve.out")"
  # The interception variables are for the programs test_intercept.py runs (it hands them on as
  # DRYDOCK_PROXY_URL and DRYDOCK_CA_BUNDLE); pytest itself runs without them, as before: httplib2
  # (google-api-python-client) refuses every request while a proxy variable is set and PySocks is
  # missing ("Proxy support missing but proxy use was requested!"), NO_PROXY or not.
  export DRYDOCK_PROXY_URL="$HTTPS_PROXY" DRYDOCK_CA_BUNDLE="$SSL_CERT_FILE"
  # test_exec.py runs its programs under their own `drydock exec`.
  export DRYDOCK_EXEC_BIN="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")" DRYDOCK_PYSOCKS_PATH="$venv/pysocks"
  unset HTTPS_PROXY HTTP_PROXY https_proxy http_proxy NO_PROXY no_proxy SSL_CERT_FILE REQUESTS_CA_BUNDLE \
    CURL_CA_BUNDLE AWS_CA_BUNDLE HTTPLIB2_CA_CERTS NODE_EXTRA_CA_CERTS GIT_SSL_CAINFO
  cd Tests/interop
  export PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
  # The outer bound only guards against a hang; the suite takes a few seconds.
  exec timeout 600 "$venv/bin/python" -m pytest "$@"
) >"$work/pytest.log" 2>&1 || status=$?
cat "$work/pytest.log"

kill -TERM "$server"
server_status=0
wait "$server" || server_status=$?
server=""

if [ -n "$log_dir" ]; then
  mkdir -p "$log_dir"
  cp "$work/pytest.log" "$log_dir/interop-pytest.log"
  cp "$work/serve.out" "$log_dir/interop-emulators.stdout.log"
  cp "$work/serve.err" "$log_dir/interop-emulators.stderr.log"
fi

if [ "$server_status" -ne 0 ]; then
  echo "interop: the emulators exited with status $server_status on SIGTERM; their stderr:" >&2
  cat "$work/serve.err" >&2
  [ "$status" -ne 0 ] || status=1
fi
[ "$status" -eq 0 ] || echo "interop: FAILED (pytest exit $status)" >&2
exit "$status"
