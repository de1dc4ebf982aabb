"""The Twilio sender against a fake Twilio HTTP server: exact form fields and error mapping."""

import base64
from datetime import UTC, datetime, timedelta

import pytest

from notifications.errors import PermanentSendError, TransientSendError
from notifications.sms import SendResult
from notifications.twilio_sms import TwilioSmsSender, classify_twilio_error
from twilio_fake import FakeTwilio

SID = "AC" + "1" * 32
TOKEN = "secret-token"
MSG_SERVICE = "MG" + "2" * 32
TO = "+14155550123"


@pytest.fixture
def fake():
    server = FakeTwilio()
    yield server
    server.close()


def sender(fake, **kwargs) -> TwilioSmsSender:
    kwargs.setdefault("messaging_service_sid", MSG_SERVICE)
    return TwilioSmsSender(SID, TOKEN, base_url=fake.url, **kwargs)


def test_send_posts_the_exact_form_with_a_messaging_service(fake):
    result = sender(fake).send(
        TO, "Hola María 👋", status_callback="https://convene.example.org/webhooks/twilio/status",
        validity_period=3600,
    )  # fmt: skip
    assert isinstance(result, SendResult)
    assert result.provider_id.startswith("SM") and result.status == "queued"
    [req] = fake.requests
    assert req.method == "POST"
    assert req.path == f"/2010-04-01/Accounts/{SID}/Messages.json"
    assert req.form == {
        "To": TO,
        "Body": "Hola María 👋",
        "MessagingServiceSid": MSG_SERVICE,
        "StatusCallback": "https://convene.example.org/webhooks/twilio/status",
        "ValidityPeriod": "3600",
    }
    assert req.authorization == "Basic " + base64.b64encode(f"{SID}:{TOKEN}".encode()).decode()


def test_send_from_a_number_without_optional_fields(fake):
    sender(fake, messaging_service_sid=None, from_number="+14155550100").send(TO, "Hi")
    assert fake.requests[0].form == {"To": TO, "Body": "Hi", "From": "+14155550100"}


def test_exactly_one_sender_identity_is_required():
    with pytest.raises(ValueError):
        TwilioSmsSender(SID, TOKEN)
    with pytest.raises(ValueError):
        TwilioSmsSender(SID, TOKEN, messaging_service_sid=MSG_SERVICE, from_number="+1415")


@pytest.mark.parametrize(
    ("status", "code", "error", "expected_code"),
    [
        (429, 20429, TransientSendError, 20429),
        (429, None, TransientSendError, 429),
        (500, None, TransientSendError, 500),
        (503, 20503, TransientSendError, 20503),
        (400, 21610, PermanentSendError, 21610),
        (400, 21211, PermanentSendError, 21211),
        (400, 21614, PermanentSendError, 21614),
        (400, 21602, PermanentSendError, 21602),
        (401, 20003, PermanentSendError, 20003),
        (404, None, PermanentSendError, 404),
    ],
)
def test_error_mapping_over_http(fake, status, code, error, expected_code):
    fake.reply_error(status, code, "nope")
    with pytest.raises(error) as info:
        sender(fake).send(TO, "Hi")
    assert info.value.code == expected_code
    assert len(fake.requests) == 1  # the library itself must not retry behind our back


def test_network_error_is_transient():
    # Nothing listens on this port once the fake is closed.
    fake = FakeTwilio()
    url = fake.url
    fake.close()
    s = TwilioSmsSender(SID, TOKEN, messaging_service_sid=MSG_SERVICE, base_url=url)
    with pytest.raises(TransientSendError) as info:
        s.send(TO, "Hi")
    assert info.value.code == "network"


def test_classify_twilio_error_directly():
    assert isinstance(classify_twilio_error(400, 21610, "x"), PermanentSendError)
    assert isinstance(classify_twilio_error(502, None, "x"), TransientSendError)
    assert isinstance(classify_twilio_error(400, 20429, "x"), TransientSendError)
    # A permanent code wins over a 5xx status: that number will never take the text.
    assert isinstance(classify_twilio_error(500, 21211, "x"), PermanentSendError)


def test_lookup_by_provider_id_fetches_the_message(fake):
    message = fake.add_message(to=TO, body="Hi", status="delivered", sent=True)
    found = sender(fake).lookup(message["sid"], to=TO, body="Hi", sent_after=datetime.now(UTC))
    assert found == SendResult(message["sid"], "delivered")
    assert fake.requests[-1].path.endswith(f"/Messages/{message['sid']}.json")


def test_lookup_without_id_lists_by_recipient_and_date_and_matches_the_body(fake):
    before = datetime.now(UTC) - timedelta(minutes=1)
    fake.add_message(to=TO, body="another text", sent=True)
    wanted = fake.add_message(to=TO, body="the text", status="sent", sent=True)
    found = sender(fake).lookup(None, to=TO, body="the text", sent_after=before)
    assert found == SendResult(wanted["sid"], "sent")
    req = fake.requests[0]
    assert req.method == "GET" and req.query["To"] == TO
    assert req.query["DateSent>"] == (before - timedelta(minutes=2)).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_lookup_finds_a_message_still_queued_without_date_sent(fake):
    wanted = fake.add_message(to=TO, body="queued text", status="queued", sent=False)
    found = sender(fake).lookup(
        None, to=TO, body="queued text", sent_after=datetime.now(UTC) - timedelta(seconds=5)
    )
    assert found == SendResult(wanted["sid"], "queued")
    assert [("DateSent>" in r.query) for r in fake.requests] == [True, False]


def test_lookup_ignores_older_messages_and_other_bodies(fake):
    fake.add_message(to=TO, body="same text", created=datetime.now(UTC) - timedelta(days=2),
                     sent=True)  # fmt: skip
    fake.add_message(to=TO, body="different", sent=True)
    assert sender(fake).lookup(None, to=TO, body="same text", sent_after=datetime.now(UTC)) is None


def test_lookup_errors_are_mapped_too(fake):
    fake.reply_error(503, None, "down")
    with pytest.raises(TransientSendError):
        sender(fake).lookup(None, to=TO, body="x", sent_after=datetime.now(UTC))


def test_lookup_of_an_unknown_id_cannot_be_determined(fake):
    assert sender(fake).lookup("SMnope", to=TO, body="x", sent_after=datetime.now(UTC)) is None
    assert fake.requests[-1].path.endswith("/Messages/SMnope.json")
