"""Programs written for the real hosts, run unmodified through `drydock emulators serve --intercept`.

CI/interop.sh starts the emulators with `--intercept`, which exports HTTPS_PROXY/HTTP_PROXY/NO_PROXY and
the trust-store variables (REQUESTS_CA_BUNDLE, AWS_CA_BUNDLE, SSL_CERT_FILE, …) next to the endpoint
variables; the script hands the proxy URL and the bundle on as DRYDOCK_PROXY_URL and DRYDOCK_CA_BUNDLE
and keeps the rest of the suite free of them. Each program here runs as a child process given only the
proxy and trust-store variables —
no endpoint variables, no endpoint arguments, no keys — and talks to oauth2.googleapis.com,
gmail.googleapis.com, dynamodb.<region>.amazonaws.com and 169.254.169.254 by name, with TLS verification
on. The journal then shows what reached the emulators, and `egress.blocked` what was refused.
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import textwrap

import pytest

import support

PROXY_VARIABLES = ("HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy")
TRUST_VARIABLES = ("SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "AWS_CA_BUNDLE", "HTTPLIB2_CA_CERTS")
# What `serve --intercept` exports as NO_PROXY: loopback stays direct.
NO_PROXY = "127.0.0.1,localhost,::1"


def program_environment(home: pathlib.Path, *, trust: bool = True) -> dict[str, str]:
    """What an unmodified program gets: PATH, a HOME of its own, the sandbox secrets directory (it reads
    the files a production host keeps in ~/.secrets), the proxy variables and, with `trust`, the
    trust-store variables. AWS config and credential files point nowhere, so IMDS is the only source."""
    proxy = support.require_env("DRYDOCK_PROXY_URL")
    bundle = support.require_env("DRYDOCK_CA_BUNDLE")
    env = {"PATH": os.environ["PATH"], "HOME": str(home), "DRYDOCK_SECRETS_DIR": os.environ["DRYDOCK_SECRETS_DIR"],
           "AWS_CONFIG_FILE": str(home / "no-aws-config"), "AWS_SHARED_CREDENTIALS_FILE": str(home / "no-aws-credentials"),
           "NO_PROXY": NO_PROXY, "no_proxy": NO_PROXY, "PYTHONDONTWRITEBYTECODE": "1"}
    env.update({name: proxy for name in PROXY_VARIABLES})
    if trust:
        env.update({name: bundle for name in TRUST_VARIABLES})
    return env


def run_python(script: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(script)], env=env, capture_output=True, text=True,
                          timeout=60)


# The start of a program that reads the sandbox secrets like a production host and makes an
# AuthorizedSession (`session`) whose token comes from oauth2.googleapis.com.
SANDBOX_SESSION = """
    import json, os, pathlib
    import google.auth.transport.requests
    import google.oauth2.credentials

    secrets = pathlib.Path(os.environ["DRYDOCK_SECRETS_DIR"])
    installed = json.loads((secrets / "gmail_credentials.json").read_text())["installed"]
    credentials = google.oauth2.credentials.Credentials(
        None,
        refresh_token=json.loads((secrets / "refresh_token.json").read_text())["refresh_token"],
        client_id=installed["client_id"],
        client_secret=installed["client_secret"],
        token_uri="https://oauth2.googleapis.com/token",
        scopes=["https://www.googleapis.com/auth/gmail.readonly"],
    )
    session = google.auth.transport.requests.AuthorizedSession(credentials)
"""

GMAIL_PROFILE = SANDBOX_SESSION + """
    try:
        response = session.get("https://gmail.googleapis.com/gmail/v1/users/me/profile", timeout=20)
        print(response.status_code, response.json()["emailAddress"], credentials.valid)
    except Exception as error:
        print("failed:", type(error).__name__, str(error)[:300])
"""


def test_google_auth_refreshes_and_calls_gmail_through_the_proxy(control: support.Control, tmp_path) -> None:
    result = run_python(GMAIL_PROFILE, program_environment(tmp_path))
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "200 bookings@harbor-charters.example True"
    assert [entry["path"] for entry in control.journal("oauth", "token")] == ["/token"]
    assert [entry["status"] for entry in control.journal("gmail", "users.getProfile")] == [200]
    assert control.journal("egress") == []


def test_without_the_sandbox_ca_verification_fails(control: support.Control, tmp_path) -> None:
    # requests falls back to certifi's roots, which do not hold the sandbox CA; google-auth wraps the
    # SSLError of its token request in a TransportError.
    result = run_python(GMAIL_PROFILE, program_environment(tmp_path, trust=False))
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("failed: TransportError ")
    assert "CERTIFICATE_VERIFY_FAILED" in result.stdout
    assert "unable to get local issuer certificate" in result.stdout
    assert control.journal("oauth") == []


def test_strict_x509_verification_tls13_and_alpn_http11(tmp_path) -> None:
    script = """
        import http.client, os, ssl, urllib.parse
        proxy = urllib.parse.urlsplit(os.environ["HTTPS_PROXY"])
        context = ssl.create_default_context(cafile=os.environ["SSL_CERT_FILE"])
        context.verify_flags |= ssl.VERIFY_X509_STRICT
        context.set_alpn_protocols(["h2", "http/1.1"])
        connection = http.client.HTTPSConnection(proxy.hostname, proxy.port, context=context, timeout=20)
        connection.set_tunnel("sheets.googleapis.com", 443)
        # No credentials: Sheets answers 403 (PERMISSION_DENIED), which proves the request got through.
        connection.request("GET", "/v4/spreadsheets/none/values/A1")
        response = connection.getresponse()
        print(response.status, connection.sock.version(), connection.sock.selected_alpn_protocol())
    """
    result = run_python(script, program_environment(tmp_path))
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "403 TLSv1.3 http/1.1"


BOTO3_LIST_TABLES = """
    import boto3
    for region in ("us-west-2", "us-east-1"):
        client = boto3.client("dynamodb", region_name=region)
        print(region, " ".join(sorted(client.list_tables()["TableNames"])))
"""


def test_boto3_lists_tables_with_imds_credentials_through_the_proxy(control: support.Control, tmp_path) -> None:
    result = run_python(BOTO3_LIST_TABLES, program_environment(tmp_path))
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines() == ["us-west-2 charter-chats crew-dispatch drydock-locks", "us-east-1 charter-chats crew-dispatch drydock-locks"]
    assert [entry["status"] for entry in control.journal("dynamodb", "ListTables")] == [200, 200]
    # Credentials came from IMDS at 169.254.169.254, as absolute-form requests through the proxy.
    imds = control.journal("imds")
    assert [entry["operation"] for entry in imds][:1] == ["token"]
    assert all(entry["status"] == 200 for entry in imds)
    assert control.journal("egress") == []


def test_a_signature_scoped_to_another_region_gets_dynamodbs_error(tmp_path) -> None:
    script = """
        import boto3, botocore.exceptions
        client = boto3.client("dynamodb", region_name="us-east-1", endpoint_url="https://dynamodb.us-west-2.amazonaws.com")
        try:
            client.list_tables()
        except botocore.exceptions.ClientError as error:
            print(error.response["Error"]["Code"], "|", error.response["Error"]["Message"], "|",
                  error.response["ResponseMetadata"]["HTTPStatusCode"])
    """
    result = run_python(script, program_environment(tmp_path))
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.rstrip("\n") == "InvalidSignatureException | Credential should be scoped to a valid region, not 'us-east-1'.  | 400"


def test_aws_cli_lists_tables_through_the_proxy(control: support.Control, tmp_path) -> None:
    aws = pathlib.Path(sys.executable).parent / "aws"
    result = subprocess.run([str(aws), "dynamodb", "list-tables", "--region", "us-west-2", "--output", "text"],
                            env=program_environment(tmp_path), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["TABLENAMES", "charter-chats", "TABLENAMES", "crew-dispatch", "TABLENAMES", "drydock-locks"]
    assert len(control.journal("dynamodb", "ListTables")) == 1


def test_a_host_that_is_not_emulated_is_refused_and_journalled(control: support.Control, tmp_path) -> None:
    script = """
        import requests
        try:
            requests.get("https://example.org/", timeout=20)
        except requests.exceptions.ProxyError as error:
            print("refused:", "403 Forbidden" in str(error))
    """
    result = run_python(script, program_environment(tmp_path))
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "refused: True"
    blocked = control.journal("egress", "blocked")
    assert [(entry["method"], entry["path"], entry["status"]) for entry in blocked] == [("CONNECT", "example.org", 403)]


GOOGLE_BATCH = SANDBOX_SESSION + """
    for host, path in (("gmail.googleapis.com", "/gmail/v1/users/me/profile"),
                       ("sheets.googleapis.com", "/v4/spreadsheets/1TrIpShEeTsHaRbOrChArTeRs2026DrYdOcKdEmO0a")):
        body = f"--b\\r\\nContent-Type: application/http\\r\\nContent-ID: <x + 1>\\r\\n\\r\\nGET {path} HTTP/1.1\\r\\n\\r\\n--b--\\r\\n"
        response = session.post(f"https://{host}/batch", data=body,
                                headers={"Content-Type": "multipart/mixed; boundary=b"}, timeout=20)
        inner = response.text.split("\\r\\n\\r\\n")[1].split("\\r\\n")[0]
        print(host, response.status_code, inner)
"""


def test_batch_endpoints_on_the_real_host_names(control: support.Control, tmp_path) -> None:
    # What service.new_batch_http_request() posts to: https://<api host>/batch (the discovery batchPath).
    result = run_python(GOOGLE_BATCH, program_environment(tmp_path))
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines() == [
        "gmail.googleapis.com 200 HTTP/1.1 200 OK",
        "sheets.googleapis.com 200 HTTP/1.1 501 Not Implemented",
    ]
    assert [entry["status"] for entry in control.journal("gmail", "batch")] == [200]
    assert [entry["status"] for entry in control.journal("sheets", "batch")] == [200]
