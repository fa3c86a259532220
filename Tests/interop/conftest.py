"""Fixtures for the interop tests: Google's own Python clients against `drydock emulators serve`.

CI/interop.sh starts the emulators with `--sandbox DIR` and exports their variables
(`GOOGLE_OAUTH_TOKEN_URI`, `GMAIL_API_ENDPOINT`, `SHEETS_API_ENDPOINT` once served,
`DRYDOCK_SECRETS_DIR`) before running pytest here. Every test starts from a reset emulator.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Callable

import google.oauth2.credentials
import pytest

import support

# No client call may hang the run if an emulator stops answering: httplib2 (used by
# google-api-python-client) has no timeout of its own.
socket.setdefaulttimeout(20)


# Google's secret shapes, as CI/scan-secrets.sh matches them.
SECRET_VALUE = re.compile(r"(ya29\.|1//0|GOCSPX-)[A-Za-z0-9_-]+")


def redact(text: str) -> str:
    return SECRET_VALUE.sub(lambda m: m.group(1) + "<redacted>", text)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Failure reports and captured output with every token and secret value masked.

    `Secret`'s repr already hides values from assertion introspection, but pytest's string diffs and
    plain `str` access tokens would still print them; this is the backstop for the secret scan.
    """
    outcome = yield
    report = outcome.get_result()
    if report.failed and report.longrepr is not None:
        text = str(report.longrepr)
        if redact(text) != text:  # otherwise keep pytest's structured report (its one-line summary)
            report.longrepr = redact(text)
    report.sections = [(name, redact(content)) for name, content in report.sections]


@pytest.fixture(scope="session")
def control() -> support.Control:
    return support.Control(support.edge_url())


@pytest.fixture(autouse=True)
def fresh_emulators(control: support.Control) -> None:
    """POST /_drydock/reset before each test: revoked tokens restored, no rules, empty journal."""
    control.reset()


@pytest.fixture
def sandbox(fresh_emulators) -> support.ClientSecrets:
    """The sandbox secrets, re-read after the reset."""
    return support.read_sandbox_secrets()


CredentialsFactory = Callable[..., google.oauth2.credentials.Credentials]


@pytest.fixture
def make_credentials(sandbox: support.ClientSecrets) -> CredentialsFactory:
    """Unrefreshed user credentials built the way Google's docs show, pointed at the emulator.

    Defaults to the sandbox's client and refresh token with every scope it was granted; override
    `refresh_token`, `client_secret` or `scopes` per test.
    """

    def make(refresh_token=None, client_secret=None, scopes=None) -> google.oauth2.credentials.Credentials:
        return google.oauth2.credentials.Credentials(
            token=None,
            refresh_token=refresh_token or sandbox.refresh_token,
            client_id=sandbox.client_id,
            client_secret=client_secret or sandbox.client_secret,
            token_uri=support.token_uri(),
            scopes=scopes or support.SANDBOX_SCOPES,
        )

    return make


@pytest.fixture
def credentials(make_credentials: CredentialsFactory) -> google.oauth2.credentials.Credentials:
    return make_credentials()


@pytest.fixture
def imds_only_aws(monkeypatch, tmp_path) -> None:
    """In-process botocore with no credential source but IMDS: every variable botocore reads before the
    instance-metadata provider is unset, and the config and credentials files point at paths that do
    not exist. Needs the emulators' AWS_EC2_METADATA_SERVICE_ENDPOINT and AWS_ENDPOINT_URL_DYNAMODB.
    """
    support.require_env("AWS_EC2_METADATA_SERVICE_ENDPOINT")
    support.require_env("AWS_ENDPOINT_URL_DYNAMODB")
    for name in support.AWS_NON_IMDS_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
