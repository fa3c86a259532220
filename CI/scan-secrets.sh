#!/usr/bin/env bash
# Fails if any Google secret appears in the files under $1: access tokens (ya29.), refresh tokens
# (1//0) and client secrets (GOCSPX-), the shapes Google uses and the emulators and fixtures follow.
set -uo pipefail
dir="${1:?usage: scan-secrets.sh DIR}"
pattern='ya29\.[A-Za-z0-9_-]{8,}|1//0[A-Za-z0-9_-]{8,}|GOCSPX-[A-Za-z0-9_-]{8,}'
count=$(find "$dir" -type f | wc -l)
if grep -rEn "$pattern" "$dir" >/tmp/drydock-leaks.$$ 2>/dev/null; then
  echo "SECRET LEAK: these outputs contain token or secret values:" >&2
  sed -E "s#(ya29\.|1//0|GOCSPX-)[A-Za-z0-9_-]+#\1…(value hidden)#g" /tmp/drydock-leaks.$$ | head -20 >&2
  rm -f /tmp/drydock-leaks.$$
  exit 1
fi
rm -f /tmp/drydock-leaks.$$
echo "redaction scan: $count log files, no secrets found"
