"""`drydock validate --command`: a user's own, unmodified program (programs/ops_report.py: google-auth and
google-api-python-client, no endpoint overrides) as the job under test in the catalog's scenarios. It runs
as under `drydock exec` (sandbox HOME, proxy and CA variables), is held to each scenario's `under_test`
expectations, and the verdicts are what that library really does: it refreshes an expired token once, stops
on invalid_grant, retries the token endpoint's 503s itself — and does not retry a Sheets 503 (the client's
execute() has num_retries=0), which the report names.
"""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

import support

PROGRAM = pathlib.Path(__file__).resolve().parent / "programs" / "ops_report.py"
SCENARIOS = ["token-expired-before-job", "refresh-token-revoked", "token-endpoint-503-twice", "sheets-503",
             "api-401-storm", "token-file-0644"]


def test_a_google_api_python_client_job_under_the_catalog(tmp_path: pathlib.Path) -> None:
    binary = support.require_env("DRYDOCK_EXEC_BIN")
    command = f"PYTHONPATH={support.require_env('DRYDOCK_PYSOCKS_PATH')} {sys.executable} {PROGRAM}"
    junit = tmp_path / "junit.xml"
    run = subprocess.run([binary, "validate", *SCENARIOS, "--command", command, "--json", "--junit", str(junit)],
                         env={"PATH": os.environ["PATH"]}, capture_output=True, text=True, timeout=300)
    assert run.returncode == 1, run.stderr
    report = json.loads(run.stdout)
    verdicts = {s["name"]: ("skipped" if s["skipped"] else "passed" if s["passed"] else "failed")
                for s in report["scenarios"]}
    assert verdicts == {
        "token-expired-before-job": "passed",
        "refresh-token-revoked": "passed",
        "token-endpoint-503-twice": "passed",
        "api-401-storm": "passed",
        "sheets-503": "failed",
        "token-file-0644": "skipped",
    }, report
    sheets = next(s for s in report["scenarios"] if s["name"] == "sheets-503")
    assert sheets["failures"] == ["step 1 (line 10): exit: expected success (0), got 1 (exited with status 1)"]
    text = junit.read_text()
    assert "HttpError 503" in text or "503" in text
    for prefix in ("ya29.", "1//0", "GOCSPX-"):
        assert prefix not in run.stdout + run.stderr + text
