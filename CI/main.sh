#!/usr/bin/env bash
# Quick start, command 1: install what is missing, build, and run the main job: the built-in scenario
# catalog against the built-in jobs and embedded emulators (`drydock validate`; the scenarios tagged
# known-failure, which describe jobs not fixed yet, are left out). `drydock demo` stays a subcommand.
set -euo pipefail
cd "$(dirname "$0")/.."
source CI/setup.sh
# The Swift runtime is linked statically: a smaller idle footprint and no runtime to install on hosts.
swift build -c release --static-swift-stdlib --product drydock >&2
exec .build/release/drydock validate --exclude-tag known-failure "$@"
