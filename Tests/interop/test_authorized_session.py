"""google-auth's `AuthorizedSession` (requests): a 401 makes it refresh once and retry, and the retry works."""

from __future__ import annotations

import google.auth.transport.requests

import support


def test_401_refreshes_once_then_succeeds(credentials, control):
    session = google.auth.transport.requests.AuthorizedSession(credentials)
    url = support.gmail_endpoint() + "/gmail/v1/users/me/profile"

    first = session.get(url)
    assert first.status_code == 200, first.text
    assert first.json()["emailAddress"] == "bookings@harbor-charters.example"
    first_expiry = credentials.expiry

    # Every access token issued so far expires; the next Gmail request is answered 401.
    control.add_fault({"service": "gmail", "times": 1, "action": {"type": "expire-tokens"}})
    second = session.get(url)
    assert second.status_code == 200, second.text
    assert second.json() == first.json()
    assert credentials.expiry >= first_expiry

    tokens = control.journal(service="oauth", operation="token")
    assert [e["status"] for e in tokens] == [200, 200], "one refresh before the first call, one after the 401"
    gmail = control.journal(service="gmail")
    assert [(e["operation"], e["status"]) for e in gmail] == [
        ("users.getProfile", 200),
        ("users.getProfile", 401),
        ("users.getProfile", 200),
    ]


def test_401_carries_googles_www_authenticate(credentials, control):
    session = google.auth.transport.requests.AuthorizedSession(credentials, refresh_status_codes=())
    url = support.gmail_endpoint() + "/gmail/v1/users/me/profile"
    assert session.get(url).status_code == 200

    control.add_fault({"service": "gmail", "times": 1, "action": {"type": "expire-tokens"}})
    rejected = session.get(url)
    assert rejected.status_code == 401
    assert rejected.headers["WWW-Authenticate"].startswith('Bearer realm="https://accounts.google.com/"')
    error = rejected.json()["error"]
    assert (error["code"], error["status"]) == (401, "UNAUTHENTICATED")
