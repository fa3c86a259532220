"""The discovery sweep: every method of Gmail v1 and Sheets v4, as the discovery documents shipped in
google-api-python-client list them, is called against the emulators, and none may answer the unknown-route
HTML 404 (what a client sees as `HttpError 404 Not Found` for a method the emulator does not have).

Gmail's settings.* and cse.* are out of scope. Ids are plausible but unknown, so a served method answers
its own JSON error (404 entity, 400 validation) or a success; only an unrouted one answers HTML.
"""

from __future__ import annotations

import json
import pathlib
import re

import google.auth.transport.requests
import googleapiclient

import support

DOCUMENTS = pathlib.Path(googleapiclient.__file__).parent / "discovery_cache" / "documents"
SPREADSHEET_ID = "1TrIpShEeTsHaRbOrChArTeRs2026DrYdOcKdEmO0a"
PLAUSIBLE = {
    "userId": "me", "id": "0123456789abcdef", "messageId": "0123456789abcdef", "spreadsheetId": SPREADSHEET_ID,
    "range": "A1", "sheetId": "0", "metadataId": "1",
}

# Methods the emulators do not serve yet: none today (settings.* and cse.* are out of scope). A method
# added here must answer the unknown-route 404, so the list cannot go stale.
NOT_YET_IMPLEMENTED: set[str] = set()


def methods(document: str):
    """(id, HTTP method, path) of every method in a discovery document."""
    root = json.loads((DOCUMENTS / document).read_text())

    def walk(resources):
        for resource in resources.values():
            for method in resource.get("methods", {}).values():
                yield method
            yield from walk(resource.get("resources", {}))

    for method in walk(root["resources"]):
        yield method["id"], method["httpMethod"], root["servicePath"] + method.get("flatPath", method["path"])


def in_scope(method_id: str) -> bool:
    return not (method_id.startswith("gmail.users.settings.") or method_id.startswith("gmail.users.cse."))


def url_for(path: str) -> str:
    def value(match: re.Match) -> str:
        name = match.group(1).lstrip("+")
        return PLAUSIBLE.get(name, "x")
    return support.edge_url() + "/" + re.sub(r"\{([^}]+)\}", value, path)


def answers_unknown_route(response) -> bool:
    return response.status_code == 404 and response.headers.get("Content-Type", "").startswith("text/html")


def test_every_method_is_routed(credentials):
    session = google.auth.transport.requests.AuthorizedSession(credentials)
    unrouted, stale = [], []
    swept = 0
    for document in ("gmail.v1.json", "sheets.v4.json"):
        for method_id, http_method, path in methods(document):
            if not in_scope(method_id):
                continue
            swept += 1
            body = {} if http_method in ("POST", "PUT", "PATCH") else None
            response = session.request(http_method, url_for(path), json=body, timeout=20)
            unknown = answers_unknown_route(response)
            if unknown and method_id not in NOT_YET_IMPLEMENTED:
                unrouted.append(f"{method_id} ({http_method} {path})")
            if not unknown and method_id in NOT_YET_IMPLEMENTED:
                stale.append(f"{method_id} answers {response.status_code}: remove it from NOT_YET_IMPLEMENTED")
    assert swept >= 50, f"only {swept} methods found in the discovery documents"
    assert not unrouted, "methods answering Google's unknown-route 404: " + ", ".join(unrouted)
    assert not stale, "; ".join(stale)
