#!/usr/bin/env bash
# Builds the libFuzzer targets (Tests/Fuzz) with AddressSanitizer and runs each for a bounded time.
#
#   CI/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 20 seconds, every target; 0: replay the
#                                                   seed corpora once, no fuzzing)
#
# Each target starts from a temporary copy of its seed corpus (Tests/Fuzz/Corpus/<target>; what the run
# adds never goes back into the repository) with its dictionary (Tests/Fuzz/Dictionaries/<target>.dict).
# Prints one line per target: runs, executions per second, seconds, and the result. A crash, timeout or
# out-of-memory input fails the script (exit 1) after every target has run; its reproducer is left in
# test-logs/fuzz/<target>/ with the commands to replay and minimise it. Logs: test-logs/fuzz/.
#
# DRYDOCK_FUZZ_CORPUS_DIR=DIR keeps the working corpora in DIR/<target> across runs (longer local runs).
set -euo pipefail
cd "$(dirname "$0")/.."
source CI/setup.sh

seconds="${1:-20}"
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "usage: CI/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]" >&2; exit 64; }
shift $(( $# > 0 ? 1 : 0 ))

# target, -max_len (bytes), -timeout (seconds per input): lengths fit what each input format needs
# (queries and ranges are short, messages and request bodies longer) while leaving room for nesting.
table=(
  "gmail-query           4096  10"
  "gmail-mime           16384  10"
  "sheets-range          1024  10"
  "sheets-formula        4096  10"
  "dynamodb-expressions  8192  10"
  "dynamodb-items       16384  10"
  "dynamodb-partiql      9000  10"
  "sigv4-authorization   2048  10"
  "aws-routing           2048  10"
  "fault-rules           4096  10"
  "oauth-token-form      2048  10"
  "dns-query             4200  10"
  "proxy-head           20000  10"
  "exec-expect           2048  10"
  "google-conventions    8192  10"
  "s3-xml                8192  10"
  "s3-aws-chunked        8192  10"
  "cloudfront-invalidation 8192 10"
  "secretsmanager-request 8192 10"
  "booking-formats      16384  10"
  "gzip-bodies          65536  10"
)
all=()
for row in "${table[@]}"; do read -r name _ <<<"$row"; all+=("$name"); done
selected=("$@")
[ ${#selected[@]} -gt 0 ] || selected=("${all[@]}")
for target in "${selected[@]}"; do
  [[ " ${all[*]} " == *" $target "* ]] || { echo "fuzz: unknown target '$target' (targets: ${all[*]})" >&2; exit 64; }
done

logs="$PWD/test-logs/fuzz"
rm -rf "$logs"
mkdir -p "$logs"
bin="$PWD/.build-fuzz/release"

# Build: a separate scratch path, release (optimised, with Swift's overflow and bounds checks kept),
# libFuzzer's coverage instrumentation and ASan on every module. DRYDOCK_FUZZ=1 adds the fuzz
# products to Package.swift.
started=$(date +%s)
echo "fuzz: building ${#selected[@]} targets (release, ASan, .build-fuzz; log: test-logs/fuzz/build.log)"
for target in "${selected[@]}"; do
  if ! DRYDOCK_FUZZ=1 swift build -c release --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address \
       --product "fuzz-$target" >>"$logs/build.log" 2>&1; then
    grep -E "error:" "$logs/build.log" | head -20 >&2 || true
    echo "fuzz: build of fuzz-$target failed; see $logs/build.log" >&2
    exit 1
  fi
done
echo "fuzz: built ${#selected[@]} targets in $(( $(date +%s) - started )) s"

# libFuzzer owns crash reporting: Swift's backtracer would catch the trap first (and trips ASan).
# Leak checking is off: the emulators keep per-request state (journal, caches) on purpose.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=0:${ASAN_OPTIONS:-}"

failed=()
printf '%-22s %10s %8s %6s  %s\n' target runs exec/s time result
for row in "${table[@]}"; do
  read -r target max_len timeout <<<"$row"
  [[ " ${selected[*]} " == *" $target "* ]] || continue
  out="$logs/$target"
  mkdir -p "$out"
  if [ -n "${DRYDOCK_FUZZ_CORPUS_DIR:-}" ]; then
    corpus="$DRYDOCK_FUZZ_CORPUS_DIR/$target"
  else
    corpus="$(mktemp -d "${TMPDIR:-/tmp}/drydock-fuzz-$target.XXXXXX")"
  fi
  mkdir -p "$corpus"
  cp -n Tests/Fuzz/Corpus/"$target"/* "$corpus"/ 2>/dev/null || true

  start=$(date +%s)
  status=0
  # 0 seconds replays the seed corpus once (libFuzzer's -max_total_time=0 would mean no limit).
  limit=(-max_total_time="$seconds")
  [ "$seconds" -gt 0 ] || limit=(-runs=0)
  "$bin/fuzz-$target" "$corpus" "${limit[@]}" -timeout="$timeout" -rss_limit_mb=2048 -malloc_limit_mb=2048 -max_len="$max_len" \
    -dict="Tests/Fuzz/Dictionaries/$target.dict" -artifact_prefix="$out/" -print_final_stats=1 -detect_leaks=0 \
    -close_fd_mask=1 >"$out/fuzz.log" 2>&1 || status=$?
  elapsed=$(( $(date +%s) - start ))
  [ -n "${DRYDOCK_FUZZ_CORPUS_DIR:-}" ] || rm -rf "$corpus"

  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/fuzz.log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$out/fuzz.log" | tail -1)
  if [ -z "$runs" ]; then  # a crash ends the run before the final stats: take the last status line
    last=$(grep -E '^#[0-9]+' "$out/fuzz.log" | tail -1 || true)
    runs=$(sed -n 's/^#\([0-9]*\).*/\1/p' <<<"$last")
    rate=$(sed -n 's/.*exec\/s: \([0-9]*\).*/\1/p' <<<"$last")
  fi
  artifacts=$(find "$out" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | sort)
  if [ "$status" -eq 0 ] && [ -z "$artifacts" ]; then
    result="no crash"
  else
    result="FAILED (exit $status)"
    failed+=("$target")
  fi
  printf '%-22s %10s %8s %5ss  %s\n' "$target" "${runs:-?}" "${rate:-?}" "$elapsed" "$result"
  if [ "$result" != "no crash" ]; then
    # What libFuzzer saw, with Swift names demangled: the error line and the top frames.
    grep -E "Fatal error|ERROR: libFuzzer|ERROR: AddressSanitizer|oracle:|==ERROR|SUMMARY" "$out/fuzz.log" | head -5 | sed 's/^/    /'
    grep -E '^ *#[0-9]+ 0x' "$out/fuzz.log" | grep -v -E 'libFuzzer|fuzzer::|__sanitizer|asan_|libc.so|_start|libswiftCore' | head -8 \
      | swift demangle --simplified 2>/dev/null | sed 's/^/    /' || true
    for artifact in $artifacts; do
      echo "    reproducer: ${artifact#"$PWD/"}"
      echo "    replay:     SWIFT_BACKTRACE=enable=no .build-fuzz/release/fuzz-$target ${artifact#"$PWD/"}"
      echo "    minimise:   SWIFT_BACKTRACE=enable=no .build-fuzz/release/fuzz-$target -minimize_crash=1 -runs=20000 ${artifact#"$PWD/"}"
    done
    [ -n "$artifacts" ] || echo "    no reproducer written; see ${out#"$PWD/"}/fuzz.log"
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: ${failed[*]} failed; add each reproducer to the unit tests as a regression case" >&2
  exit 1
fi
echo "fuzz: every target ran ${seconds} s without a crash"
