#!/usr/bin/env bash
# Quick start, command 1: install what is missing, build, and run the main job
# (today: the token-lifecycle demo against the embedded emulators).
set -euo pipefail
cd "$(dirname "$0")/.."
source CI/setup.sh
# The Swift runtime is linked statically: a smaller idle footprint and no runtime to install on hosts.
swift build -c release --static-swift-stdlib --product drydock >&2
exec .build/release/drydock demo "$@"
