#!/usr/bin/env bash
# Quick start, command 1: install what is missing, build, and run the main job
# (today: the token-lifecycle demo against the embedded emulators).
set -euo pipefail
cd "$(dirname "$0")/.."
source CI/setup.sh
swift build -c release --product drydock >&2
exec .build/release/drydock demo "$@"
