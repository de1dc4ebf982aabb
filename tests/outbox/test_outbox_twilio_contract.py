"""Contract: every request the Twilio sender makes satisfies Twilio's published OpenAPI (Prism)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from outbox_rows import queue_texts, rows
from twilio.base.exceptions import TwilioRestException

from notifications.errors import TransientSendError
from notifications.twilio_sms import TwilioSmsSender
from service.outbox.providers import STATUS_CALLBACK_PATH
from twilio_fake import ACCOUNT_SID, AUTH_TOKEN, MESSAGING_SERVICE_SID

CALLBACK = "https://convene.example.org" + STATUS_CALLBACK_PATH


def _sender(prism_url: str, **kwargs) -> TwilioSmsSender:
    kwargs = kwargs or {"messaging_service_sid": MESSAGING_SERVICE_SID}
    return TwilioSmsSender(ACCOUNT_SID, AUTH_TOKEN, base_url=prism_url, **kwargs)


def test_prism_refuses_a_request_that_breaks_the_contract(prism_url):
    # The control: without it a mock that accepted anything would pass every test below.
    sender = _sender(prism_url)
    url = f"{prism_url}/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
    missing_to = sender.client.request("POST", url, data={"Body": "hi"}, auth=(ACCOUNT_SID, "x"))
    assert missing_to.status_code == 422 and "To" in missing_to.text
    bad_type = sender.client.request(
        "POST", url, data={"To": "+12135550100", "ValidityPeriod": "soon"}, auth=(ACCOUNT_SID, "x")
    )
    assert bad_type.status_code == 422 and "ValidityPeriod" in bad_type.text
    with pytest.raises(TwilioRestException) as refused:
        sender.client.api.account.messages.create(to="+12135550100", validity_period="soon")
    assert refused.value.status == 422


@pytest.mark.parametrize(
    "how", [{"messaging_service_sid": MESSAGING_SERVICE_SID}, {"from_number": "+12135550100"}]
)
def test_send_with_callback_and_validity_meets_the_contract(prism_url, how):
    result = _sender(prism_url, **how).send(
        "+13235550199", "Hola Jordan", status_callback=CALLBACK, validity_period=36000
    )
    assert result.provider_id.startswith("SM") and result.status


def test_lookups_after_a_crash_meet_the_contract(prism_url):
    sender = _sender(prism_url)
    found = sender.lookup(
        "SM" + "a" * 32, to="+13235550199", body="x", sent_after=datetime.now(UTC)
    )
    assert found is not None and found.provider_id.startswith("SM")
    # By recipient and time (the list endpoint with To and DateSent>). Twilio's own example
    # list response breaks its schema (relative "uri" values where the format says absolute),
    # and Prism --errors reports that as a 500: accept that one, never a fault in our request.
    try:
        sender.lookup(None, to="+13235550199", body="no such text", sent_after=datetime.now(UTC))
    except TransientSendError as exc:
        locations = set(re.findall(r'"location":\["(\w+)"', exc.message))
        assert locations == {"response"}, exc.message


def test_the_dispatcher_sends_through_the_contract(engine, prism_url, make_dispatcher):
    now = datetime.now(UTC)
    ids = queue_texts(engine, 2) + queue_texts(engine, 1, expires_at=now + timedelta(hours=1))
    report = make_dispatcher(sms=_sender(prism_url)).run_once()
    assert (report.sent, report.failed, report.retried) == (3, 0, 0), report
    assert all(m.status == "sent" and m.provider_id.startswith("SM") for m in rows(engine, ids))
