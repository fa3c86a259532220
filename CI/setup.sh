#!/usr/bin/env bash
# Shared setup for the two Quick-start commands: installs the system packages Drydock links against
# (when missing) and checks the Swift toolchain. Safe to run repeatedly; needs root only to install.
set -euo pipefail

# curl, openssl and ca-certificates: the interception tests drive the system curl and openssl tools;
# libldns-dev: the isolation mode's resolver; libxml2-utils: xmllint checks the JUnit report against a schema.
# libxlsxwriter-dev: the workbook `drydock report` writes; zlib1g-dev: gzip/deflate request bodies (DynamoDB).
packages=(pkg-config libcurl4-openssl-dev libssl-dev libmicrohttpd-dev libldns-dev libxlsxwriter-dev zlib1g-dev python3-venv curl openssl ca-certificates libxml2-utils libisal-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "drydock setup: installing ${missing[*]}" >&2
  if [ "$(id -u)" -ne 0 ]; then
    echo "drydock setup: need root to install ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
    exit 78
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

if ! command -v swift >/dev/null 2>&1; then
  for d in /opt/swift/usr/bin /usr/share/swift/usr/bin; do
    [ -x "$d/swift" ] && export PATH="$d:$PATH" && break
  done
fi
command -v swift >/dev/null 2>&1 || { echo "drydock setup: Swift 6 toolchain not found (install from swift.org)" >&2; exit 78; }
