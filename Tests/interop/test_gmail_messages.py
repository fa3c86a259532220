"""google-api-python-client against Gmail's messages and labels methods.

Skipped only while the Gmail emulator answers these paths with 404 (not written yet); they run as soon
as it serves them.
"""

from __future__ import annotations

import base64
import email.message
import email.policy
import math
import re

import googleapiclient.discovery
import googleapiclient.errors
import pytest

import support

MAILBOX = "bookings@harbor-charters.example"
PAGE = 10


@pytest.fixture(scope="module", autouse=True)
def messages_served() -> None:
    support.skip_unless_served(support.gmail_endpoint() + "/gmail/v1/users/me/messages", "Gmail users.messages.list")


def gmail(credentials):
    return googleapiclient.discovery.build(
        "gmail", "v1", credentials=credentials, static_discovery=True,
        client_options={"api_endpoint": support.gmail_endpoint()},
    )


def b64url_decode(text: str) -> bytes:
    text = text.rstrip("=")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def body_data(part: dict) -> list[str]:
    """Every `body.data` in a payload tree."""
    found = [part["body"]["data"]] if "data" in part.get("body", {}) else []
    for child in part.get("parts", []):
        found.extend(body_data(child))
    return found


def all_ids(service, **query) -> tuple[list[str], list[dict]]:
    """Every message id through `list` + `list_next`, and each page's response."""
    ids, pages = [], []
    request = service.users().messages().list(userId="me", maxResults=PAGE, **query)
    while request is not None:
        response = request.execute()
        pages.append(response)
        ids.extend(m["id"] for m in response.get("messages", []))
        request = service.users().messages().list_next(request, response)
        assert len(pages) <= 1000, "list_next never ended"
    return ids, pages


def first_message_id(service) -> str:
    response = service.users().messages().list(userId="me", maxResults=1).execute()
    assert response.get("messages"), "the fixture mailbox has no messages"
    return response["messages"][0]["id"]


def test_list_pages_through_every_message_without_duplicates(credentials):
    ids, pages = all_ids(gmail(credentials))
    assert len(ids) == len(set(ids)), "a message id came back on two pages"
    assert len(ids) > PAGE, f"the fixture mailbox needs more than {PAGE} messages to exercise paging"
    assert len(pages) in (math.ceil(len(ids) / PAGE), math.ceil(len(ids) / PAGE) + 1)
    for number, page in enumerate(pages):
        assert isinstance(page["resultSizeEstimate"], int)
        messages = page.get("messages", [])
        assert all(set(m) == {"id", "threadId"} for m in messages), messages[:2]
        last = number == len(pages) - 1
        assert ("nextPageToken" in page) == (not last)
        if not last:
            assert len(messages) == PAGE


def test_get_full(credentials):
    service = gmail(credentials)
    message_id = first_message_id(service)
    message = service.users().messages().get(userId="me", id=message_id, format="full").execute()
    assert message["id"] == message_id
    assert {"threadId", "labelIds", "snippet", "payload", "sizeEstimate", "historyId", "internalDate"} <= message.keys()
    assert "raw" not in message
    assert message["internalDate"].isdigit() and message["historyId"].isdigit()
    payload = message["payload"]
    assert payload["mimeType"]
    names = {h["name"].lower() for h in payload["headers"]}
    assert {"from", "subject", "date"} <= names


def test_get_metadata_with_chosen_headers(credentials):
    service = gmail(credentials)
    message_id = first_message_id(service)
    message = service.users().messages().get(
        userId="me", id=message_id, format="metadata", metadataHeaders=["Subject", "From"]).execute()
    assert message["id"] == message_id and "raw" not in message
    headers = message["payload"]["headers"]
    assert {h["name"].lower() for h in headers} == {"subject", "from"}
    assert not body_data(message["payload"]), "format=metadata must carry no body data"


def test_get_minimal(credentials):
    service = gmail(credentials)
    message_id = first_message_id(service)
    message = service.users().messages().get(userId="me", id=message_id, format="minimal").execute()
    assert message["id"] == message_id
    assert {"threadId", "labelIds", "snippet", "sizeEstimate", "historyId", "internalDate"} <= message.keys()
    assert "payload" not in message and "raw" not in message


def test_get_raw_is_base64url_rfc822(credentials):
    service = gmail(credentials)
    message_id = first_message_id(service)
    message = service.users().messages().get(userId="me", id=message_id, format="raw").execute()
    assert message["id"] == message_id and "payload" not in message
    assert re.fullmatch(r"[A-Za-z0-9_-]+=*", message["raw"]), "raw is not base64url"
    rfc822 = b64url_decode(message["raw"])
    assert re.match(rb"[!-9;-~]+:[ \t]", rfc822), rfc822[:80]
    assert message["sizeEstimate"] > 0


def test_unknown_message_is_404(credentials):
    with pytest.raises(googleapiclient.errors.HttpError) as raised:
        gmail(credentials).users().messages().get(userId="me", id="18f0000000000000").execute()
    assert raised.value.resp.status == 404


def test_send_then_get_it_back_with_sent_label(credentials):
    service = gmail(credentials)
    outgoing = email.message.EmailMessage(policy=email.policy.SMTP)
    outgoing["From"] = MAILBOX
    outgoing["To"] = "captain@harbor-charters.example"
    outgoing["Subject"] = "Interop: charter 0815 confirmed"
    outgoing.set_content("Boarding at 07:30, pier 4.\n")
    raw = base64.urlsafe_b64encode(outgoing.as_bytes()).decode("ascii")

    sent = service.users().messages().send(userId="me", body={"raw": raw}).execute()
    assert {"id", "threadId", "labelIds"} <= sent.keys()
    assert "SENT" in sent["labelIds"]

    fetched = service.users().messages().get(userId="me", id=sent["id"], format="full").execute()
    assert fetched["id"] == sent["id"] and fetched["threadId"] == sent["threadId"]
    assert "SENT" in fetched["labelIds"]
    headers = {h["name"].lower(): h["value"] for h in fetched["payload"]["headers"]}
    assert headers["subject"] == "Interop: charter 0815 confirmed"
    assert headers["to"] == "captain@harbor-charters.example"

    fetched_raw = service.users().messages().get(userId="me", id=sent["id"], format="raw").execute()
    assert b"Boarding at 07:30, pier 4." in b64url_decode(fetched_raw["raw"])

    sent_ids, _ = all_ids(service, labelIds=["SENT"])
    assert sent["id"] in sent_ids


def test_send_without_send_scope_is_403(make_credentials):
    dispatch_token, scopes = support.fixture_refresh_token("dispatch@harbor-charters.example")
    service = gmail(make_credentials(refresh_token=dispatch_token, scopes=scopes))
    raw = base64.urlsafe_b64encode(b"Subject: no\r\n\r\nno\r\n").decode("ascii")
    with pytest.raises(googleapiclient.errors.HttpError) as raised:
        service.users().messages().send(userId="me", body={"raw": raw}).execute()
    assert raised.value.resp.status == 403
    assert "insufficient authentication scopes" in raised.value.reason


def test_labels_list_has_system_labels(credentials):
    support.skip_unless_served(support.gmail_endpoint() + "/gmail/v1/users/me/labels", "Gmail users.labels.list")
    labels = gmail(credentials).users().labels().list(userId="me").execute()["labels"]
    by_id = {label["id"]: label for label in labels}
    for system in ("INBOX", "SENT", "UNREAD"):
        assert by_id[system]["type"] == "system" and by_id[system]["name"] == system
