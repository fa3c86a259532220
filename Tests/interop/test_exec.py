"""Programs written for the real services, with no endpoint overrides in their code, run unmodified under
`drydock exec` (binary: DRYDOCK_EXEC_BIN, set by CI/interop.sh) and succeed against the emulators, with
`--expect` and the journal proving what they did. Each run gets its own emulators, sandbox HOME and CA;
`--no-endpoint-vars` leaves interception (proxy variables + the sandbox CA in the trust-store variables)
as the only way to the emulators, and TLS verification stays on in every client.
"""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

import pytest

import support

PROGRAMS = pathlib.Path(__file__).resolve().parent / "programs"
VENV_BIN = pathlib.Path(sys.executable).parent


def drydock_exec(*options: str, command: list[str], env: dict[str, str] | None = None,
                 journal: pathlib.Path | None = None) -> subprocess.CompletedProcess:
    binary = support.require_env("DRYDOCK_EXEC_BIN")
    arguments = [binary, "exec", "--no-endpoint-vars", *options]
    if journal is not None:
        arguments += ["--journal", str(journal)]
    environment = {"PATH": f"{VENV_BIN}:{os.environ['PATH']}", "PYTHONDONTWRITEBYTECODE": "1"}
    environment.update(env or {})
    return subprocess.run([*arguments, "--", *command], env=environment, capture_output=True, text=True,
                          timeout=120)


def with_pysocks() -> dict[str, str]:
    """httplib2 (under google-api-python-client) only uses a proxy when PySocks is importable; CI/interop.sh
    installs it outside the venv, so only these runs see it."""
    return {"PYTHONPATH": support.require_env("DRYDOCK_PYSOCKS_PATH")}


def journal_operations(path: pathlib.Path) -> list[str]:
    entries = json.loads(path.read_text())["requests"]
    return [f"{entry['service']}.{entry['operation']}" for entry in entries]


def assert_no_secret(text: str) -> None:
    for prefix in ("ya29.", "1//0", "GOCSPX-"):
        assert prefix not in text


@pytest.mark.parametrize("token, refreshes", [("fresh", 0), ("expired", 1)])
def test_googleapiclient_job_reads_gmail_and_sheets(tmp_path: pathlib.Path, token: str, refreshes: int) -> None:
    journal = tmp_path / "journal.json"
    run = drydock_exec("--token", token, "--expect", f"oauth.token == {refreshes}", "--expect", "gmail.* == 2",
                       "--expect", "sheets.spreadsheets.values.get == 1", "--expect", "egress.blocked == 0",
                       command=[sys.executable, str(PROGRAMS / "ops_report.py")], env=with_pysocks(), journal=journal)
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout)
    assert found["messages"] == 5 and found["subject"].startswith("Booking Confirmation") and found["rows"] > 0
    assert journal_operations(journal).count("gmail.users.messages.list") == 1
    assert_no_secret(run.stderr)
    assert_no_secret(journal.read_text())


def test_googleapiclient_without_pysocks_ignores_the_proxy(tmp_path: pathlib.Path) -> None:
    """The limit of proxy variables (README: Run your own scripts): httplib2 without PySocks goes straight
    for the real host, which this machine cannot resolve; nothing reaches the emulators. --isolate is the
    mode for such clients."""
    run = drydock_exec("--token", "expired", command=[sys.executable, str(PROGRAMS / "ops_report.py")])
    assert run.returncode == 1
    assert "oauth2.googleapis.com" in run.stderr
    assert "requests: 0" in run.stderr


def test_boto3_job_queries_two_regions_with_imds_credentials() -> None:
    run = drydock_exec("--expect", "dynamodb.Query == 2", "--expect", "imds.credentials >= 1",
                       "--expect", "egress.blocked == 0",
                       command=[sys.executable, str(PROGRAMS / "ops_dispatch.py")])
    assert run.returncode == 0, run.stderr
    counts = json.loads(run.stdout)
    assert set(counts) == {"us-east-1", "us-west-2"} and all(count >= 1 for count in counts.values())


def test_curl_and_aws_cli_from_a_shell_script(tmp_path: pathlib.Path) -> None:
    script = tmp_path / "job.sh"
    script.write_text(
        "set -eu\n"
        "token=$(python3 -c 'import json,os; print(json.load(open(os.path.expanduser(\"~/.secrets/google_token.json\")))[\"token\"])')\n"
        "curl -sS --fail -H \"Authorization: Bearer $token\" https://gmail.googleapis.com/gmail/v1/users/me/profile"
        " | python3 -c 'import json, sys; print(json.load(sys.stdin)[\"emailAddress\"])'\n"
        "aws dynamodb list-tables --region us-west-2 --output json\n")
    run = drydock_exec("--expect", "gmail.users.getProfile == 1", "--expect", "dynamodb.ListTables == 1",
                       command=["sh", str(script)])
    assert run.returncode == 0, run.stderr
    address, rest = run.stdout.split("\n", 1)
    assert address == "bookings@harbor-charters.example"
    assert "crew-dispatch" in json.loads(rest)["TableNames"]
    assert_no_secret(run.stdout + run.stderr)


def test_a_host_we_do_not_emulate_is_refused_and_named() -> None:
    run = drydock_exec("--expect", "egress.blocked == 1",
                       command=["curl", "-sS", "-o", "/dev/null", "https://example.org/"])
    assert run.returncode != 0  # curl: the proxy refused the CONNECT
    assert "blocked egress: 1 (example.org)" in run.stderr


def test_a_bundle_without_the_sandbox_ca_fails_verification() -> None:
    """Never a reason to turn verification off: the same request with the distribution's bundle only is a
    certificate error (curl exit 60)."""
    run = drydock_exec(command=["sh", "-c", "curl -sS -o /dev/null --cacert /etc/ssl/certs/ca-certificates.crt "
                                            "https://gmail.googleapis.com/gmail/v1/users/me/profile"])
    assert run.returncode == 60, run.stderr


def isolation_available() -> bool:
    probe = drydock_exec("--isolate", "--quiet", command=["true"])
    return probe.returncode == 0


@pytest.fixture(scope="module")
def isolated() -> None:
    if not isolation_available():
        pytest.skip("drydock exec --isolate cannot create namespaces here (needs root or unprivileged user namespaces)")


def test_isolated_googleapiclient_without_pysocks(isolated: None, tmp_path: pathlib.Path) -> None:
    """The same job with no PySocks and no proxy variables at all: under --isolate the real names lead to
    the emulators (private /etc/hosts and resolver, the sandbox CA in the system trust store)."""
    journal = tmp_path / "journal.json"
    run = drydock_exec("--isolate", "--token", "expired", "--expect", "oauth.token == 1", "--expect", "gmail.* == 2",
                       "--expect", "egress.blocked == 0",
                       command=[sys.executable, str(PROGRAMS / "ops_report.py")], journal=journal)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["messages"] == 5
    assert "sheets.spreadsheets.values.get" in journal_operations(journal)
    assert_no_secret(run.stderr + journal.read_text())


def test_isolated_boto3_and_no_proxy_variables(isolated: None) -> None:
    run = drydock_exec("--isolate", "--expect", "dynamodb.Query == 2",
                       command=["sh", "-c", f"env | grep -i _proxy= && exit 9; exec {sys.executable} {PROGRAMS / 'ops_dispatch.py'}"])
    assert run.returncode == 0, run.stderr


def test_isolated_lookup_of_an_unemulated_name_fails_and_is_journalled(isolated: None) -> None:
    run = drydock_exec("--isolate", "--expect", "egress.blocked == 1", command=["getent", "hosts", "example.org"])
    assert run.returncode == 2, run.stderr  # getent: not found
    assert "blocked egress: 1 (example.org)" in run.stderr
