#!/usr/bin/env bash
# Installs LibreOffice Calc without a GUI (Debian libreoffice-calc-nogui) for the report's recalculation
# check (Tests/interop/test_report_workbook.py), only when `soffice` is missing. Optional: it is not in
# CI/setup.sh's list because ./CI/main.sh never needs it; ./CI/test.sh runs this before the interop step.
# DRYDOCK_SKIP_LIBREOFFICE=1 skips it (the check is then skipped too). Measured on the 2-core CI machine:
# the install takes about 35 s (~330 MB); the conversion of three reports, about 2.5 s.
set -euo pipefail
if [ "${DRYDOCK_SKIP_LIBREOFFICE:-0}" = 1 ]; then
  echo "drydock libreoffice: skipped (DRYDOCK_SKIP_LIBREOFFICE=1)" >&2
  exit 0
fi
command -v soffice >/dev/null 2>&1 && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "drydock libreoffice: need root to install libreoffice-calc-nogui (or: sudo apt-get install libreoffice-calc-nogui)" >&2
  exit 78
fi
started=$SECONDS
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >&2
echo "drydock libreoffice: installed libreoffice-calc-nogui in $((SECONDS - started)) s" >&2
