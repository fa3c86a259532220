"""google-api-python-client against Gmail's write methods: labels, modify, threads, drafts, history and a
resumable upload, all on the one mailbox model.

Uses the fixture's full-access token for bookings@ (scope https://mail.google.com/).
"""

from __future__ import annotations

import base64
import email.message
import email.policy
import io

import googleapiclient.discovery
import googleapiclient.discovery_cache
import googleapiclient.errors
import googleapiclient.http
import pytest

import support

MAILBOX = "bookings@harbor-charters.example"
FULL = "https://mail.google.com/"


@pytest.fixture(scope="module", autouse=True)
def history_served() -> None:
    support.skip_unless_served(support.gmail_endpoint() + "/gmail/v1/users/me/history?startHistoryId=1", "Gmail users.history.list")


@pytest.fixture
def service(make_credentials):
    refresh = full_access_token()
    credentials = make_credentials(refresh_token=refresh, scopes=[FULL])
    return googleapiclient.discovery.build(
        "gmail", "v1", credentials=credentials, static_discovery=True,
        client_options={"api_endpoint": support.gmail_endpoint()},
    )


def full_access_token() -> support.Secret:
    import json
    clients = json.loads((support.FIXTURES / "oauth" / "clients.json").read_text())["clients"]
    for token in clients[0]["refresh_tokens"]:
        if token["email"] == MAILBOX and token["scopes"] == [FULL] and not token.get("revoked"):
            return support.Secret(token["refresh_token"])
    pytest.fail("no full-access refresh token for bookings@ in the fixture")


def rfc822(subject: str, to: str = "captain@harbor-charters.example", body: str = "Interop body.") -> bytes:
    message = email.message.EmailMessage(policy=email.policy.SMTP)
    message["From"] = MAILBOX
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    return message.as_bytes()


def raw(subject: str, **kwargs) -> str:
    return base64.urlsafe_b64encode(rfc822(subject, **kwargs)).decode()


def first_inbox_message(service) -> dict:
    listed = service.users().messages().list(userId="me", labelIds=["INBOX"], maxResults=2).execute()
    assert listed.get("messages"), "the fixture inbox is empty"
    return listed["messages"][0]


def test_labels_create_then_modify_and_batch_modify(service):
    label = service.users().labels().create(userId="me", body={
        "name": "Interop/Processed", "labelListVisibility": "labelShow", "messageListVisibility": "show",
    }).execute()
    assert label["id"].startswith("Label_") and label["name"] == "Interop/Processed"
    with pytest.raises(googleapiclient.errors.HttpError) as conflict:
        service.users().labels().create(userId="me", body={"name": "interop/processed"}).execute()
    assert conflict.value.resp.status == 409
    assert "Label name exists or conflicts" in str(conflict.value)

    first = first_inbox_message(service)
    modified = service.users().messages().modify(
        userId="me", id=first["id"], body={"addLabelIds": [label["id"]], "removeLabelIds": ["UNREAD"]}).execute()
    assert label["id"] in modified["labelIds"] and "UNREAD" not in modified["labelIds"]
    found = service.users().messages().list(userId="me", q="label:interop-processed").execute()
    assert [m["id"] for m in found["messages"]] == [first["id"]]

    inbox = service.users().messages().list(userId="me", labelIds=["INBOX"], maxResults=5).execute()["messages"]
    ids = [m["id"] for m in inbox]
    # 204 No Content: the client returns an empty body.
    assert not service.users().messages().batchModify(
        userId="me", body={"ids": ids, "addLabelIds": ["STARRED"]}).execute()
    starred = service.users().messages().list(userId="me", labelIds=["STARRED"], maxResults=50).execute()
    assert set(ids) <= {m["id"] for m in starred["messages"]}
    counted = service.users().labels().get(userId="me", id=label["id"]).execute()
    assert counted["messagesTotal"] == 1 and counted["threadsTotal"] == 1

    with pytest.raises(googleapiclient.errors.HttpError) as refused:
        service.users().messages().modify(userId="me", id=first["id"], body={"removeLabelIds": ["SENT"]}).execute()
    assert refused.value.resp.status == 400 and "Invalid label: SENT" in str(refused.value)


def test_threads_list_and_get(service):
    threads = service.users().threads().list(userId="me", maxResults=3).execute()
    assert threads["threads"] and {"id", "snippet", "historyId"} == set(threads["threads"][0])
    seen = set()
    request = service.users().threads().list(userId="me", maxResults=3, includeSpamTrash=True)
    while request is not None:
        page = request.execute()
        for thread in page.get("threads", []):
            assert thread["id"] not in seen, "a thread came back on two pages"
            seen.add(thread["id"])
        request = service.users().threads().list_next(request, page)
    thread = service.users().threads().get(userId="me", id=threads["threads"][0]["id"], format="metadata",
                                           metadataHeaders=["Subject"]).execute()
    assert thread["id"] == threads["threads"][0]["id"] and thread["messages"]
    assert all(m["threadId"] == thread["id"] for m in thread["messages"])
    profile = service.users().getProfile(userId="me").execute()
    assert profile["threadsTotal"] == len(seen)


def test_history_list_after_changes(service):
    label = service.users().labels().create(userId="me", body={"name": "Interop/Synced"}).execute()
    start = service.users().getProfile(userId="me").execute()["historyId"]
    first = first_inbox_message(service)
    service.users().messages().modify(userId="me", id=first["id"], body={"addLabelIds": [label["id"]]}).execute()
    sent = service.users().messages().send(userId="me", body={"raw": raw("Interop: history")}).execute()
    service.users().messages().trash(userId="me", id=sent["id"]).execute()

    history = service.users().history().list(userId="me", startHistoryId=start).execute()
    records = history["history"]
    assert len(records) == 3 and [int(r["id"]) for r in records] == sorted(int(r["id"]) for r in records)
    assert records[0]["labelsAdded"][0]["labelIds"] == [label["id"]]
    assert records[1]["messagesAdded"][0]["message"]["id"] == sent["id"]
    assert records[2]["labelsAdded"][0]["labelIds"] == ["TRASH"]
    assert history["historyId"] == records[-1]["id"]
    added = service.users().history().list(userId="me", startHistoryId=start, historyTypes=["messageAdded"]).execute()
    assert [r["id"] for r in added["history"]] == [records[1]["id"]]

    with pytest.raises(googleapiclient.errors.HttpError) as expired:
        service.users().history().list(userId="me", startHistoryId="1").execute()
    assert expired.value.resp.status == 404


def test_drafts_create_then_send(service):
    draft = service.users().drafts().create(userId="me", body={"message": {"raw": raw("Interop: draft")}}).execute()
    assert draft["id"].startswith("r") and draft["message"]["labelIds"] == ["DRAFT"]
    listed = service.users().drafts().list(userId="me").execute()
    assert draft["id"] in [d["id"] for d in listed["drafts"]]
    sent = service.users().drafts().send(userId="me", body={"id": draft["id"]}).execute()
    assert sent["labelIds"] == ["SENT"]
    fetched = service.users().messages().get(userId="me", id=sent["id"], format="metadata", metadataHeaders=["Subject"]).execute()
    assert fetched["payload"]["headers"] == [{"name": "Subject", "value": "Interop: draft"}]
    with pytest.raises(googleapiclient.errors.HttpError) as gone:
        service.users().drafts().get(userId="me", id=draft["id"]).execute()
    assert gone.value.resp.status == 404


def test_resumable_upload_in_chunks(make_credentials):
    # googleapiclient sends media to the discovery document's rootUrl even when api_endpoint is set, so
    # the service is built from the document with its rootUrl pointed at the emulator.
    import json
    document = json.loads(googleapiclient.discovery_cache.get_static_doc("gmail", "v1"))
    document["rootUrl"] = support.gmail_endpoint().rstrip("/") + "/"
    credentials = make_credentials(refresh_token=full_access_token(), scopes=[FULL])
    service = googleapiclient.discovery.build_from_document(document, credentials=credentials)
    message = rfc822("Interop: resumable", body="x" * 700_000)
    media = googleapiclient.http.MediaIoBaseUpload(io.BytesIO(message), mimetype="message/rfc822", chunksize=256 * 1024, resumable=True)
    request = service.users().messages().insert(userId="me", body={"labelIds": ["INBOX"]}, media_body=media)
    response = None
    chunks = 0
    while response is None:
        status, response = request.next_chunk()
        chunks += 1
        assert chunks < 20
    assert chunks >= 3, "the upload was not sent in chunks"
    assert response["labelIds"] == ["INBOX"]
    got = service.users().messages().get(userId="me", id=response["id"], format="raw").execute()
    assert base64.urlsafe_b64decode(got["raw"] + "=" * (-len(got["raw"]) % 4)) == message
