#!/usr/bin/env bash
# Fails if any secret appears in the files under $1: Google access tokens (ya29.), refresh tokens
# (1//0) and client secrets (GOCSPX-); AWS session tokens (IQoJb3JpZ2luX2Vj…, as STS and the IMDS
# emulator issue them, and the older FwoGZXIvYXdzE…/FQoGZXIvYXdzE…) and secret access keys written as a
# value (SecretAccessKey: …, aws_secret_access_key=…, AWS_SECRET_ACCESS_KEY=…). These are the shapes the
# real services use and the emulators follow; DrydockCore's SecretScrubber removes the same shapes from the
# journal, the request log and every CLI message.
set -uo pipefail
dir="${1:?usage: scan-secrets.sh DIR}"
pattern='ya29\.[A-Za-z0-9_-]{8,}|1//0[A-Za-z0-9_-]{8,}|GOCSPX-[A-Za-z0-9_-]{8,}|(IQoJb3JpZ2luX2Vj|FwoGZXIvYXdzE|FQoGZXIvYXdzE)[A-Za-z0-9+/=]{16,}|(SecretAccessKey|secret_access_key|SECRET_ACCESS_KEY)["'"'"']?[[:space:]]*[:=][[:space:]]*["'"'"']?[A-Za-z0-9/+]{40}'
count=$(find "$dir" -type f | wc -l)
# libFuzzer's own lines in the fuzzers' logs (a status line "#N<TAB>NEW/REDUCE … MS: … DE: …", the recommended
# dictionary's '"…" # Uses: N') print generated inputs, which the dictionaries seed with secret-shaped
# strings: they are not output of Drydock's code, so they are left out; everything else in those logs
# (the targets' own messages, crash reports) is scanned like any log.
fuzzer_lines='^[^:]*/fuzz/[^/:]+/fuzz\.log:[0-9]+:(#[0-9]+[[:space:]]|".*" # Uses: [0-9]+$)'
if grep -rEn "$pattern" "$dir" 2>/dev/null | grep -Ev "$fuzzer_lines" >/tmp/drydock-leaks.$$; then
  echo "SECRET LEAK: these outputs contain token or secret values:" >&2
  sed -E -e "s#(ya29\.|1//0|GOCSPX-)[A-Za-z0-9_-]+#\1…(value hidden)#g" -e "s#(IQoJb3JpZ2luX2Vj|FwoGZXIvYXdzE|FQoGZXIvYXdzE)[A-Za-z0-9+/=]+#\1…(value hidden)#g" -e "s#([:=][[:space:]]*[\"\x27]?)[A-Za-z0-9/+]{40}#\1…(value hidden)#g" /tmp/drydock-leaks.$$ | head -20 >&2
  rm -f /tmp/drydock-leaks.$$
  exit 1
fi
rm -f /tmp/drydock-leaks.$$
echo "redaction scan: $count log files, no secrets found"
