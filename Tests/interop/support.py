"""Plain helpers for the interop tests: where the emulators are, the sandbox secrets, the control API.

Nothing here prints a secret: refresh tokens and client secrets are `Secret` strings whose repr is
redacted, so pytest's assertion introspection and tracebacks cannot leak them into the logs that
CI/scan-secrets.sh reads.
"""

from __future__ import annotations

import json
import os
import pathlib
from dataclasses import dataclass

import pytest
import requests

REPO = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = pathlib.Path(os.environ.get("DRYDOCK_FIXTURES_DIR", REPO / "fixtures" / "default"))

GMAIL_READONLY = "https://www.googleapis.com/auth/gmail.readonly"
GMAIL_SEND = "https://www.googleapis.com/auth/gmail.send"
SHEETS_READONLY = "https://www.googleapis.com/auth/spreadsheets.readonly"
# What the sandbox's refresh token (bookings@) was granted.
SANDBOX_SCOPES = [GMAIL_READONLY, GMAIL_SEND, SHEETS_READONLY]

CONTROL_TIMEOUT = 10


class Secret(str):
    """A string whose repr never shows its value (pytest prints reprs on failure)."""

    def __repr__(self) -> str:
        return "<secret>"


@dataclass(frozen=True)
class ClientSecrets:
    """The sandbox's `gmail_credentials.json` ("installed") and `refresh_token.json`."""

    client_id: str
    client_secret: Secret
    refresh_token: Secret
    token_uri: str


def require_env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run these tests through CI/interop.sh (it starts the emulators)")
    return value.rstrip("/")


def token_uri() -> str:
    return require_env("GOOGLE_OAUTH_TOKEN_URI")


def gmail_endpoint() -> str:
    return require_env("GMAIL_API_ENDPOINT")


def edge_url() -> str:
    """The edge's base URL: every emulator and the control API share its port (Gmail's base is it)."""
    return gmail_endpoint()


def revoke_uri() -> str:
    """Google's revocation endpoint beside the token endpoint (`…/token` → `…/revoke`)."""
    uri = token_uri()
    return uri[: -len("/token")] + "/revoke" if uri.endswith("/token") else uri.rsplit("/", 1)[0] + "/revoke"


def read_sandbox_secrets() -> ClientSecrets:
    """Reads the secrets `drydock emulators serve --sandbox DIR` wrote (re-read after every reset)."""
    directory = pathlib.Path(require_env("DRYDOCK_SECRETS_DIR"))
    installed = json.loads((directory / "gmail_credentials.json").read_text())["installed"]
    refresh = json.loads((directory / "refresh_token.json").read_text())["refresh_token"]
    return ClientSecrets(
        client_id=installed["client_id"],
        client_secret=Secret(installed["client_secret"]),
        refresh_token=Secret(refresh),
        token_uri=installed["token_uri"],
    )


def fixture_refresh_token(email: str) -> tuple[Secret, list[str]]:
    """The first fixture client's live refresh token for `email`, with its scopes."""
    clients = json.loads((FIXTURES / "oauth" / "clients.json").read_text())["clients"]
    for token in clients[0]["refresh_tokens"]:
        if token["email"] == email and not token.get("revoked"):
            return Secret(token["refresh_token"]), list(token["scopes"])
    pytest.fail(f"no live refresh token for {email} in the first client of {FIXTURES}/oauth/clients.json")


class Control:
    """The emulators' control API (`/_drydock/…` on the edge port).

    Every call says `Content-Type: application/json` (the control API refuses a POST without it, so no web
    page can send one), and `Authorization: Bearer $DRYDOCK_CONTROL_TOKEN` when the server exported a token.
    """

    def __init__(self, base: str):
        self.base = base
        self.headers = {"Content-Type": "application/json"}
        token = os.environ.get("DRYDOCK_CONTROL_TOKEN")
        if token:
            self.headers["Authorization"] = "Bearer " + token

    def _call(self, method: str, path: str, **kwargs) -> dict:
        response = requests.request(
            method, self.base + "/_drydock/" + path, headers=self.headers, timeout=CONTROL_TIMEOUT, **kwargs
        )
        assert response.status_code < 300, f"{method} /_drydock/{path} → {response.status_code}: {response.text}"
        return response.json()

    def reset(self) -> None:
        """Fixtures reloaded (revoked tokens restored), no fault rules, empty journal, clock back."""
        self._call("POST", "reset")

    def add_fault(self, rule: dict) -> dict:
        return self._call("POST", "faults", json=rule)

    def journal(self, service: str | None = None, operation: str | None = None) -> list[dict]:
        params = {k: v for k, v in {"service": service, "operation": operation}.items() if v}
        return self._call("GET", "journal", params=params)["requests"]

    def clock(self) -> dict:
        """`{"now": RFC 3339, "advancedSeconds": n}`: the emulators' virtual clock."""
        return self._call("GET", "clock")

    def advance_clock(self, seconds: float) -> dict:
        """Moves the virtual clock forward (`POST /_drydock/clock/advance`); answers like `clock()`."""
        return self._call("POST", "clock/advance", json={"seconds": seconds})


def skip_unless_served(url: str, what: str) -> None:
    """Skips the caller while `url` answers 404 (the emulator for it is not written yet).

    Probed without credentials: a served API method answers 401 first, so only an unrouted path is
    a 404. Anything else runs the tests, so they start checking as soon as the emulator lands.
    """
    status = requests.get(url, timeout=CONTROL_TIMEOUT).status_code
    if status == 404:
        pytest.skip(f"{what} not served by the emulators yet (GET {url} → 404)")


# Everything botocore (and so boto3 and the aws CLI) would take credentials, a profile or a region
# from before reaching the instance-metadata provider, plus the switch that turns that provider off.
AWS_NON_IMDS_VARIABLES = (
    "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
    "AWS_CREDENTIAL_EXPIRATION", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_DEFAULT_REGION", "AWS_REGION",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
    "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME", "AWS_EC2_METADATA_DISABLED",
    "AWS_EC2_METADATA_V1_DISABLED", "AWS_ENDPOINT_URL",
)


@dataclass(frozen=True)
class RoleCredentials:
    """One answer of IMDS `iam/security-credentials/<role>`; secret and token never show in a repr."""

    access_key_id: str
    secret_access_key: Secret
    token: Secret
    expiration: str


def imds_role_credentials() -> RoleCredentials:
    """The role credentials IMDS serves now, fetched the IMDSv2 way (token PUT, role listing, role).

    Asking issues the next key set when the current one is past its rotation time, exactly as any
    client's request would.
    """
    base = require_env("AWS_EC2_METADATA_SERVICE_ENDPOINT")
    token = requests.put(base + "/latest/api/token", headers={"X-aws-ec2-metadata-token-ttl-seconds": "60"},
                         timeout=CONTROL_TIMEOUT)
    assert token.status_code == 200, f"IMDS token PUT → {token.status_code}"
    headers = {"X-aws-ec2-metadata-token": token.text}
    listing = base + "/latest/meta-data/iam/security-credentials/"
    roles = requests.get(listing, headers=headers, timeout=CONTROL_TIMEOUT)
    assert roles.status_code == 200, f"GET {listing} → {roles.status_code}"
    role = roles.text.splitlines()[0]
    answer = requests.get(listing + role, headers=headers, timeout=CONTROL_TIMEOUT)
    assert answer.status_code == 200, f"GET {listing}{role} → {answer.status_code}"
    document = answer.json()
    return RoleCredentials(access_key_id=document["AccessKeyId"], secret_access_key=Secret(document["SecretAccessKey"]),
                           token=Secret(document["Token"]), expiration=document["Expiration"])
