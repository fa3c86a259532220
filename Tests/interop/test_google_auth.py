"""google-auth's refresh-token flow against the OAuth emulator's `POST /token` and `POST /revoke`."""

from __future__ import annotations

import datetime
import re

import google.auth.exceptions
import google.auth.transport.requests
import pytest
import requests

import support

ACCESS_TOKEN = re.compile(r"ya29\.[A-Za-z0-9_-]{20,}")


def _utcnow() -> datetime.datetime:
    # google-auth keeps `expiry` as a naive UTC datetime.
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def test_sandbox_points_at_the_emulator(sandbox):
    assert sandbox.token_uri.rstrip("/") == support.token_uri()


def test_refresh_sets_token_and_expiry(credentials, control):
    credentials.refresh(google.auth.transport.requests.Request())

    shaped = ACCESS_TOKEN.fullmatch(credentials.token or "") is not None
    assert shaped, "the access token is not shaped like Google's (ya29.…)"
    assert credentials.expiry is not None
    # The fixtures give 3599 s; google-auth subtracts its own clock-skew margin when checking validity.
    lifetime = (credentials.expiry - _utcnow()).total_seconds()
    assert 3500 < lifetime <= 3600
    assert credentials.valid and not credentials.expired
    assert set(credentials.granted_scopes or []) == set(support.SANDBOX_SCOPES)

    tokens = control.journal(service="oauth", operation="token")
    assert [(e["method"], e["status"]) for e in tokens] == [("POST", 200)]


def test_narrower_scopes_are_granted_as_asked(make_credentials):
    credentials = make_credentials(scopes=[support.GMAIL_READONLY])
    credentials.refresh(google.auth.transport.requests.Request())
    assert credentials.granted_scopes == [support.GMAIL_READONLY]


def test_revoked_refresh_token_is_invalid_grant(sandbox, make_credentials):
    revoked = requests.post(support.revoke_uri(), data={"token": sandbox.refresh_token}, timeout=10)
    assert revoked.status_code == 200

    credentials = make_credentials()
    with pytest.raises(google.auth.exceptions.RefreshError) as raised:
        credentials.refresh(google.auth.transport.requests.Request())
    message, body = raised.value.args[0], raised.value.args[1]
    assert "invalid_grant" in message
    assert body == {"error": "invalid_grant", "error_description": "Token has been expired or revoked."}
    assert not raised.value.retryable
    assert credentials.token is None


def test_reset_restores_a_revoked_refresh_token(sandbox, make_credentials, control):
    requests.post(support.revoke_uri(), data={"token": sandbox.refresh_token}, timeout=10)
    control.reset()
    make_credentials().refresh(google.auth.transport.requests.Request())


def test_wrong_client_secret_is_invalid_client(make_credentials):
    credentials = make_credentials(client_secret=support.Secret("not-this-clients-secret"))
    with pytest.raises(google.auth.exceptions.RefreshError) as raised:
        credentials.refresh(google.auth.transport.requests.Request())
    message, body = raised.value.args[0], raised.value.args[1]
    assert "invalid_client" in message
    assert body["error"] == "invalid_client"
    assert not raised.value.retryable
