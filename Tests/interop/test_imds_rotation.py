"""botocore refreshing instance-role credentials while the IMDS emulator rotates them on the virtual clock.

The IMDS emulator issues a key set valid `credential_lifetime_seconds` (fixture: 6 h) and hands out the
next one from `rotation_before_expiry_seconds` (1 h) before that expires; the DynamoDB emulator
accepts exactly the keys issued and not yet expired, and rejects signatures more than 15 minutes
off. Both judge time by the emulators' virtual clock, which `POST /_drydock/clock/advance` moves.

botocore 1.43.11 has two clocks of its own (read in its source): `botocore.credentials._local_now`,
the default `time_fetcher` against which `RefreshableCredentials` compares the Expiration (advisory
refresh 15 min before it, mandatory 10 min before), and `botocore.compat.get_current_datetime`, imported by name into
`botocore.auth` (the SigV4 X-Amz-Date), `botocore.utils` (IMDS expiry extension) and others. On a
real host both follow the time that passes; here time passes only on the virtual clock, so the
`host_clock` fixture makes botocore's clocks read real time plus the emulators' advancedSeconds, as
if the host had lived through the advance. Without that, every signature after an advance would be
"Signature expired" (the last test shows it).

Which key signed a request is read from the Authorization header's Credential (the access key id
only: no secret and no session token is ever printed or asserted on).
"""

from __future__ import annotations

import datetime
import json
import re

import boto3
import botocore.auth
import botocore.compat
import botocore.config
import botocore.credentials
import botocore.endpoint
import botocore.exceptions
import botocore.signers
import botocore.utils
import pytest

import support

TABLE = "crew-dispatch"
CLIENT_CONFIG = botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"},
                                       connect_timeout=10, read_timeout=20)
# botocore.credentials: _DEFAULT_ADVISORY_REFRESH_TIMEOUT and _DEFAULT_MANDATORY_REFRESH_TIMEOUT.
ADVISORY_WINDOW = 15 * 60
MANDATORY_WINDOW = 10 * 60
MINUTE = 60


def fixture_timeline() -> tuple[int, int]:
    """(lifetime, rotation before expiry) in seconds, from the fixture the emulators loaded."""
    instance = json.loads((support.FIXTURES / "imds" / "instance.json").read_text())
    return instance["credential_lifetime_seconds"], instance["rotation_before_expiry_seconds"]


LIFETIME, ROTATION_BEFORE_EXPIRY = fixture_timeline()
ROTATION_POINT = LIFETIME - ROTATION_BEFORE_EXPIRY


class HostClock:
    """botocore's idea of "now": real time plus how far the emulators' virtual clock was advanced."""

    def __init__(self, control: support.Control):
        self.control = control
        self.offset = datetime.timedelta(seconds=control.clock()["advancedSeconds"])

    def advance_to(self, seconds: float) -> None:
        """Moves the virtual clock (and so this host clock) to `seconds` past the last reset."""
        delta = seconds - self.offset.total_seconds()
        assert delta >= 0, "the virtual clock only moves forward"
        answer = self.control.advance_clock(delta)
        self.offset = datetime.timedelta(seconds=answer["advancedSeconds"])


@pytest.fixture
def host_clock(fresh_emulators, control: support.Control, monkeypatch) -> HostClock:
    """Every clock botocore 1.43.11 reads, shifted by the virtual clock's advance."""
    clock = HostClock(control)
    local_now = botocore.credentials._local_now
    utc_now = botocore.compat.get_current_datetime

    def shifted_local_now():
        return local_now() + clock.offset

    def shifted_utc_now(remove_tzinfo=True):
        return utc_now(remove_tzinfo) + clock.offset

    monkeypatch.setattr(botocore.credentials, "_local_now", shifted_local_now)
    # RefreshableCredentials (which IMDS credentials are) took `_local_now` as the default value of its
    # `time_fetcher` parameter when the class was defined, so the default itself is swapped too.
    swapped = 0
    for init in (botocore.credentials.RefreshableCredentials.__init__,
                 botocore.credentials.DeferredRefreshableCredentials.__init__):
        defaults = init.__defaults__ or ()
        swapped += sum(1 for d in defaults if d is local_now)
        monkeypatch.setattr(init, "__defaults__", tuple(shifted_local_now if d is local_now else d for d in defaults))
    assert swapped == 2, "botocore's RefreshableCredentials no longer default time_fetcher to _local_now"
    for module in (botocore.compat, botocore.auth, botocore.utils, botocore.endpoint, botocore.signers):
        monkeypatch.setattr(module, "get_current_datetime", shifted_utc_now)
    return clock


CREDENTIAL = re.compile(r"Credential=([A-Z0-9]+)/")


class SigningKeys:
    """The access key id and X-Amz-Date of every request a client sent, oldest first."""

    def __init__(self, client):
        self.keys: list[str] = []
        self.dates: list[str] = []
        client.meta.events.register("before-send.dynamodb", self._record)

    def _record(self, request, **_):
        authorization = request.headers["Authorization"]
        if isinstance(authorization, bytes):
            authorization = authorization.decode()
        self.keys.append(CREDENTIAL.search(authorization).group(1))
        date = request.headers["X-Amz-Date"]
        self.dates.append(date.decode() if isinstance(date, bytes) else date)

    @property
    def last(self) -> str:
        return self.keys[-1]


def credential_fetches(control: support.Control) -> int:
    """How many times IMDS `iam/security-credentials/<role>` was read since the reset."""
    return sum(1 for e in control.journal(service="imds", operation="credentials") if e["status"] == 200)


def dynamodb_statuses(control: support.Control) -> list[int]:
    return [e["status"] for e in control.journal(service="dynamodb")]


def imds_client():
    """A client whose credentials botocore's own chain finds (only IMDS is left: `imds_only_aws`)."""
    session = boto3.session.Session(region_name="us-east-1")
    return session, session.client("dynamodb", config=CLIENT_CONFIG)


def assert_signed_on_virtual_time(signed: SigningKeys, control: support.Control) -> None:
    """The last request's X-Amz-Date is the virtual time it arrived at (to the minute)."""
    arrived = datetime.datetime.strptime(control.journal(service="dynamodb")[-1]["time"][:19], "%Y-%m-%dT%H:%M:%S")
    sent = datetime.datetime.strptime(signed.dates[-1], "%Y%m%dT%H%M%SZ")
    assert abs((arrived - sent).total_seconds()) < MINUTE, (signed.dates[-1], arrived)


def test_timeline_leaves_room_for_botocore_windows():
    # The test below needs a stretch after rotation and before botocore's advisory window.
    assert ROTATION_BEFORE_EXPIRY > ADVISORY_WINDOW + 10 * MINUTE
    assert LIFETIME > ROTATION_BEFORE_EXPIRY


def test_botocore_refreshes_rotated_credentials_in_its_advisory_window(imds_only_aws, host_clock, control):
    session, client = imds_client()
    signed = SigningKeys(client)
    assert session.get_credentials().method == "iam-role"

    client.list_tables()
    key_a = signed.last
    assert key_a.startswith("ASIA")
    assert credential_fetches(control) == 1

    # Past the rotation point: IMDS would now hand out a new key, but A still has 50 minutes, more than
    # botocore's 15-minute advisory window, so botocore keeps A and the emulator still accepts it.
    host_clock.advance_to(ROTATION_POINT + 10 * MINUTE)
    client.describe_table(TableName=TABLE)
    assert signed.last == key_a
    assert credential_fetches(control) == 1
    assert_signed_on_virtual_time(signed, control)

    # 13 minutes before A expires: inside the advisory window, not yet the mandatory one. botocore
    # reads IMDS again before signing and gets the rotated key B.
    host_clock.advance_to(LIFETIME - 13 * MINUTE)
    client.list_tables()
    key_b = signed.last
    assert key_b != key_a and key_b.startswith("ASIA")
    assert credential_fetches(control) == 2
    assert_signed_on_virtual_time(signed, control)

    # Past A's expiration: B (valid for its own lifetime) keeps working, with no further IMDS read.
    host_clock.advance_to(LIFETIME + 5 * MINUTE)
    key = {"dispatch_month": {"S": "2027-07"}, "departs_at": {"S": "2027-07-01T09:00:00Z#HC-ROT-1"}}
    client.put_item(TableName=TABLE, Item={**key, "boat": {"S": "Osprey"}})
    assert client.get_item(TableName=TABLE, Key=key, ConsistentRead=True)["Item"]["boat"] == {"S": "Osprey"}
    assert signed.keys[-2:] == [key_b, key_b]
    assert credential_fetches(control) == 2
    assert_signed_on_virtual_time(signed, control)
    assert dynamodb_statuses(control) == [200] * 5

    # B is what IMDS serves now (this read is the test's, after every assertion on the count).
    assert support.imds_role_credentials().access_key_id == key_b


def test_botocore_refreshes_when_the_host_slept_past_expiry(imds_only_aws, host_clock, control):
    _, client = imds_client()
    signed = SigningKeys(client)
    client.list_tables()
    key_a = signed.last

    # Straight past A's expiration: botocore's mandatory refresh, blocking, before it signs.
    host_clock.advance_to(LIFETIME + 30 * MINUTE)
    client.list_tables()
    assert signed.last != key_a
    assert credential_fetches(control) == 2
    assert dynamodb_statuses(control) == [200, 200]


def test_static_credentials_past_expiry_are_rejected(imds_only_aws, host_clock, control):
    """The negative control: the same key A, given explicitly so botocore cannot refresh it."""
    issued = support.imds_role_credentials()
    static = boto3.session.Session(region_name="us-east-1").client(
        "dynamodb", config=CLIENT_CONFIG, aws_access_key_id=issued.access_key_id,
        aws_secret_access_key=issued.secret_access_key, aws_session_token=issued.token)
    static.list_tables()

    # Past the rotation point but before expiry, A still works.
    host_clock.advance_to(ROTATION_POINT + 10 * MINUTE)
    static.list_tables()

    host_clock.advance_to(LIFETIME + 5 * MINUTE)
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        static.list_tables()
    error = raised.value.response["Error"]
    assert error["Code"] == "ExpiredTokenException"
    assert error["Message"] == "The security token included in the request is expired"
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400

    # The signing clock is not the problem: IMDS's current key, signed at the same moment, works.
    current = support.imds_role_credentials()
    assert current.access_key_id != issued.access_key_id
    fresh = boto3.session.Session(region_name="us-east-1").client(
        "dynamodb", config=CLIENT_CONFIG, aws_access_key_id=current.access_key_id,
        aws_secret_access_key=current.secret_access_key, aws_session_token=current.token)
    assert TABLE in fresh.list_tables()["TableNames"]
    assert dynamodb_statuses(control) == [200, 200, 400, 200]


def test_signing_on_real_time_after_an_advance_is_expired(imds_only_aws, control):
    """Why `host_clock` exists: botocore left on real time signs an hour behind the virtual clock."""
    _, client = imds_client()
    client.list_tables()
    control.advance_clock(3600)
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        client.list_tables()
    error = raised.value.response["Error"]
    assert error["Code"] == "InvalidSignatureException"
    # DynamoDB's wording, as users report it: "Signature expired: <X-Amz-Date> is now earlier than
    # <now - 15 min> (<now> - 15 min.)".
    stamp = r"\d{8}T\d{6}Z"
    assert re.fullmatch(rf"Signature expired: {stamp} is now earlier than {stamp} \({stamp} - 15 min\.\)",
                        error["Message"]), error["Message"]
