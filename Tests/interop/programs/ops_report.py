"""An ops job as it runs on a production host, written for the real services and never changed for
Drydock: Google credentials from ~/.secrets/google_token.json (google-auth's authorized-user format),
Gmail and Sheets through google-api-python-client's static discovery (httplib2 underneath), with the
real hosts (gmail.googleapis.com, sheets.googleapis.com, oauth2.googleapis.com when the token must be
refreshed). tests/test_exec.py runs it under `drydock exec`; it prints one JSON line of what it found.
"""

import json
import os
import sys

from google.oauth2.credentials import Credentials
from googleapiclient.discovery import build

SPREADSHEET_ID = "1TrIpShEeTsHaRbOrChArTeRs2026DrYdOcKdEmO0a"


def main() -> int:
    credentials = Credentials.from_authorized_user_file(os.path.expanduser("~/.secrets/google_token.json"))
    gmail = build("gmail", "v1", credentials=credentials)
    found = gmail.users().messages().list(userId="me", q="booking", maxResults=5).execute()
    messages = found.get("messages", [])
    if not messages:
        print("no booking messages", file=sys.stderr)
        return 2
    first = gmail.users().messages().get(userId="me", id=messages[0]["id"], format="metadata",
                                         metadataHeaders=["Subject"]).execute()
    subject = next((h["value"] for h in first["payload"]["headers"] if h["name"] == "Subject"), "")
    sheets = build("sheets", "v4", credentials=credentials)
    rows = sheets.spreadsheets().values().get(spreadsheetId=SPREADSHEET_ID, range="August!A2:C").execute()
    print(json.dumps({"messages": len(messages), "subject": subject, "rows": len(rows.get("values", [])),
                      "refreshed": credentials.token is not None}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
