"""Google's API conventions through google-api-python-client: `fields`, gzip, unknown parameters, batch."""

from __future__ import annotations

import json

import googleapiclient.discovery
import googleapiclient.errors
import googleapiclient.http
import pytest

import support

SPREADSHEET_ID = "1TrIpShEeTsHaRbOrChArTeRs2026DrYdOcKdEmO0a"
OWNER = "bookings@harbor-charters.example"


def gmail(credentials):
    return googleapiclient.discovery.build(
        "gmail", "v1", credentials=credentials, static_discovery=True,
        client_options={"api_endpoint": support.gmail_endpoint()},
    )


def sheets(credentials):
    return googleapiclient.discovery.build(
        "sheets", "v4", credentials=credentials, static_discovery=True,
        client_options={"api_endpoint": support.edge_url()},
    )


def test_fields_partial_response(credentials):
    listing = gmail(credentials).users().messages().list(userId="me", fields="messages(id),resultSizeEstimate").execute()
    assert set(listing) <= {"messages", "resultSizeEstimate"}
    assert listing["messages"] and all(set(m) == {"id"} for m in listing["messages"])
    profile = gmail(credentials).users().getProfile(userId="me", fields="emailAddress").execute()
    assert profile == {"emailAddress": OWNER}


def test_invalid_fields_mask_is_400(credentials):
    with pytest.raises(googleapiclient.errors.HttpError) as raised:
        gmail(credentials).users().getProfile(userId="me", fields="emailAddress(").execute()
    assert raised.value.resp.status == 400
    assert raised.value.reason == "Request contains an invalid argument."


def test_fields_mask_naming_no_field_is_400_with_the_path(credentials):
    with pytest.raises(googleapiclient.errors.HttpError) as raised:
        gmail(credentials).users().messages().list(userId="me", fields="messages(id,threadID)").execute()
    assert raised.value.resp.status == 400
    [violation] = raised.value.error_details[0]["fieldViolations"]
    assert violation == {
        "field": "messages(id,threadID)",
        "description": "Error expanding 'fields' parameter. Cannot find matching fields for path 'messages.threadID'.",
    }


def test_gzip_answer_is_decoded_by_the_client(credentials):
    request = gmail(credentials).users().labels().list(userId="me")
    assert "gzip" in request.headers["accept-encoding"] and "gzip" in request.headers["user-agent"]
    response, content = request.http.request(request.uri, method="GET", headers=request.headers)
    assert response.status == 200
    # httplib2 inflates the body and keeps the original header under "-content-encoding".
    assert response.get("-content-encoding") == "gzip"
    assert "labels" in json.loads(content)


def test_unknown_query_parameter_is_cannot_bind(credentials):
    request = gmail(credentials).users().labels().list(userId="me")
    request.uri += "&xyz=1"
    with pytest.raises(googleapiclient.errors.HttpError) as raised:
        request.execute()
    assert raised.value.resp.status == 400
    assert raised.value.reason == (
        'Invalid JSON payload received. Unknown name "xyz": Cannot bind query parameter. '
        "Field 'xyz' could not be found in request message."
    )


@pytest.mark.parametrize("path", ["/batch/gmail/v1", "/batch"])
def test_gmail_batch(credentials, path):
    service = gmail(credentials)
    answers: dict[str, tuple] = {}

    def collect(request_id, response, exception):
        answers[request_id] = (response, exception)

    batch = googleapiclient.http.BatchHttpRequest(callback=collect, batch_uri=support.gmail_endpoint() + path)
    batch.add(service.users().getProfile(userId="me", fields="emailAddress"), request_id="profile")
    batch.add(service.users().messages().get(userId="me", id="0123456789abcdef"), request_id="missing")
    batch.add(service.users().labels().list(userId="me"), request_id="labels")
    batch.execute()

    assert answers["profile"] == ({"emailAddress": OWNER}, None)
    response, error = answers["missing"]
    assert response is None and isinstance(error, googleapiclient.errors.HttpError) and error.resp.status == 404
    assert "labels" in answers["labels"][0]


def test_gmail_batch_over_100_calls_is_400(credentials):
    service = gmail(credentials)
    batch = googleapiclient.http.BatchHttpRequest(batch_uri=support.gmail_endpoint() + "/batch/gmail/v1")
    for _ in range(101):
        batch.add(service.users().getProfile(userId="me"))
    with pytest.raises(googleapiclient.errors.HttpError) as raised:
        batch.execute()
    assert raised.value.resp.status == 400
    assert "Inner request count exceeds the limit. Received: 101, Limit: 100" in raised.value.content.decode()


def test_sheets_batch_answers_501_per_request_as_google(credentials):
    service = sheets(credentials)
    answers = []
    batch = googleapiclient.http.BatchHttpRequest(
        callback=lambda _id, response, error: answers.append((response, error)),
        batch_uri=support.edge_url() + "/batch/sheets/v4")
    batch.add(service.spreadsheets().get(spreadsheetId=SPREADSHEET_ID))
    batch.execute()
    [(response, error)] = answers
    assert response is None and error.resp.status == 501
    assert error.reason == "Operation is not implemented, or supported, or enabled."
