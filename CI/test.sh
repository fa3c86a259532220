#!/usr/bin/env bash
# Quick start, command 2: install what is missing, build, run every test, then scan every log the
# suite produced for leaked secrets.
set -euo pipefail
cd "$(dirname "$0")/.."
source CI/setup.sh

logs="$PWD/test-logs"
rm -rf "$logs"
mkdir -p "$logs/children"
export DRYDOCK_TEST_LOG_DIR="$logs/children"

swift build --build-tests 2>&1 | tee "$logs/build.log" | grep -E "error:|warning: unre|Compiling|Build complete" | grep -v Compiling || true
[ "${PIPESTATUS[0]}" -eq 0 ] || { echo "build failed; see $logs/build.log" >&2; exit 1; }

status=0
swift test --skip-build 2>&1 | tee "$logs/swift-test.log" || status=$?
[ $status -eq 0 ] || { echo "swift test failed (exit $status)" >&2; exit $status; }

# The scenario catalog against the built-in jobs, with a JUnit report. Scenarios tagged known-failure
# describe the correct behaviour of jobs that do not have it yet (README: Scenario catalog); they run
# with `drydock validate --tag known-failure` and are left out here until those jobs are fixed.
.build/debug/drydock validate --exclude-tag known-failure --junit "$logs/validate-junit.xml" 2>&1 \
  | tee "$logs/validate.log" || { echo "drydock validate failed; see $logs/validate.log" >&2; exit 1; }

# LibreOffice (headless Calc) for the report's formula recalculation check in the interop step; installed
# when missing (~35 s). DRYDOCK_SKIP_LIBREOFFICE=1 leaves it out and that one check is skipped.
CI/libreoffice.sh || { echo "could not install LibreOffice (set DRYDOCK_SKIP_LIBREOFFICE=1 to skip the recalculation check)" >&2; exit 1; }
[ "${DRYDOCK_SKIP_LIBREOFFICE:-0}" = 1 ] || export DRYDOCK_REQUIRE_LIBREOFFICE=1

# Interop: Google's own Python clients (google-auth, google-api-python-client) against the emulators.
CI/interop.sh || { echo "interop tests failed" >&2; exit 1; }

# Fuzzing smoke: every libFuzzer target (Tests/Fuzz) for DRYDOCK_FUZZ_SECONDS each (default 20), after its
# own ASan build; a crash fails the run and leaves its reproducer under test-logs/fuzz/.
CI/fuzz.sh "${DRYDOCK_FUZZ_SECONDS:-20}" || { echo "fuzzing found a crash; see test-logs/fuzz/" >&2; exit 1; }

# Redaction: no access token, refresh token or client secret may appear in any output or log.
CI/scan-secrets.sh "$logs"
echo "all tests passed"
