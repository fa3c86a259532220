"""google-api-python-client (bundled static discovery document) against the Gmail emulator."""

from __future__ import annotations

import googleapiclient.discovery
import googleapiclient.errors
import pytest

import support


def gmail(credentials):
    return googleapiclient.discovery.build(
        "gmail", "v1", credentials=credentials, static_discovery=True,
        client_options={"api_endpoint": support.gmail_endpoint()},
    )


def test_get_profile(credentials):
    profile = gmail(credentials).users().getProfile(userId="me").execute()
    assert profile["emailAddress"] == "bookings@harbor-charters.example"
    for field in ("messagesTotal", "threadsTotal"):
        assert isinstance(profile[field], int)
    # Gmail sends historyId as a decimal string (int64 in JSON).
    assert isinstance(profile["historyId"], str) and profile["historyId"].isdigit()


def test_get_profile_by_own_address(credentials):
    profile = gmail(credentials).users().getProfile(userId="bookings@harbor-charters.example").execute()
    assert profile["emailAddress"] == "bookings@harbor-charters.example"


def test_sheets_only_token_gets_403_insufficient_scope(make_credentials):
    reports_token, scopes = support.fixture_refresh_token("reports@harbor-charters.example")
    assert scopes == [support.SHEETS_READONLY]
    credentials = make_credentials(refresh_token=reports_token, scopes=scopes)

    with pytest.raises(googleapiclient.errors.HttpError) as raised:
        gmail(credentials).users().getProfile(userId="me").execute()
    error = raised.value
    assert error.resp.status == 403
    assert "insufficient authentication scopes" in error.reason
    details = error.error_details
    assert any(d.get("reason") == "ACCESS_TOKEN_SCOPE_INSUFFICIENT" for d in details if isinstance(d, dict)), details


def test_other_users_mailbox_is_403(credentials):
    with pytest.raises(googleapiclient.errors.HttpError) as raised:
        gmail(credentials).users().getProfile(userId="someone-else@harbor-charters.example").execute()
    assert raised.value.resp.status == 403
    assert "Delegation denied" in raised.value.reason
