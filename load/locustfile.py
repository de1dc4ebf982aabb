"""Locust users of a coordinator's day: dashboard, attention list, case reads, intake, SMS replies.

`python -m load.run` writes the settings this file reads (credentials, ids, phones) to a JSON
file and names it in LOAD_CONFIG; LOAD_RATE_PER_USER, when set, paces every user at that many
requests per second, so the total rate is users x that. Each user starts its requests at the
instants of a Poisson process of that rate (`poisson_pacing`), as independent people do; with
locust's constant_throughput the users, spawned in batches, kept in step and fired together.

Credentials come from the real sign-in: the runner enrols the demo coordinator's authenticator
and signs in (password and TOTP code) for the session cookie the HTML pages take, and the demo
administrator issues the coordinator an API token (`cvt_...`, no second factor) for the JSON API.
"""

from __future__ import annotations

import json
import os
import random
import time
import uuid
from urllib.parse import urlencode

from locust import FastHttpUser, constant, task
from twilio.request_validator import RequestValidator

CONFIG = json.loads(open(os.environ["LOAD_CONFIG"], encoding="utf-8").read())  # noqa: SIM115
RATE = float(os.environ.get("LOAD_RATE_PER_USER") or 0)
ONLY = {name for name in os.environ.get("LOAD_ONLY", "").split(",") if name}
VALIDATOR = RequestValidator(CONFIG["twilio_auth_token"])
SMS_PATH = "/webhooks/twilio/sms"
# What participants text back: confirmations, a question for the coordinator, HELP (answered
# with the program's phone). Never STOP: an opted-out demo would text less as the run goes on.
KNOWN_REPLIES = ["Y", "yes", "CHANGE", "HELP", "what time is it again?", "si"]


def poisson_pacing(rate: float):
    """A wait_time that starts a user's requests at a Poisson process's instants, `rate` a second.

    The next start is drawn from the last planned one, not from when the request ended, so a slow
    answer does not lower the rate (as with constant_throughput), and the users' starts are
    independent: no two users ever fall in step.
    """

    def wait(user) -> float:
        now = time.monotonic()
        planned = getattr(user, "_next_start", now)
        user._next_start = max(planned, now - 1 / rate) + random.expovariate(rate)
        return max(0.0, user._next_start - now)

    return wait


class Coordinator(FastHttpUser):
    """One coordinator's browser and one integration, sharing the demo coordinator's access."""

    wait_time = poisson_pacing(RATE) if RATE > 0 else constant(0)

    def on_start(self) -> None:
        """Per-user copies of the ids, so intake adds cases this user then reads."""
        self.case_ids = list(CONFIG["case_ids"])
        self.api = {"Authorization": f"Bearer {CONFIG['api_token']}"}
        self.page = {"Cookie": f"convene_session={CONFIG['session_token']}"}

    @task(2)
    def dashboard(self) -> None:
        """The Today page (HTML, session cookie); a redirect to /login would be a lost session."""
        with self.client.get(
            "/today", headers=self.page, allow_redirects=False, catch_response=True
        ) as r:
            if r.status_code != 200:
                r.failure(f"status {r.status_code}")

    @task(2)
    def attention(self) -> None:
        """The JSON attention list the dashboard is built from."""
        self.client.get("/api/v1/attention", headers=self.api)

    @task(3)
    def case_list(self) -> None:
        """A page of cases, one of the first few pages."""
        offset = 20 * random.randrange(5)
        self.client.get(
            f"/api/v1/cases?limit=20&offset={offset}", headers=self.api, name="/api/v1/cases"
        )

    @task(5)
    def case_read(self) -> None:
        """One case with its parties."""
        case_id = random.choice(self.case_ids)
        self.client.get(f"/api/v1/cases/{case_id}", headers=self.api, name="/api/v1/cases/[id]")

    @task(1)
    def intake(self) -> None:
        """A new referral with a participant who consents to texts and a victim."""
        ref = f"LOAD-{uuid.uuid4().hex[:16]}"
        body = {
            "program_id": random.choice(CONFIG["program_ids"]),
            "external_ref": ref,
            "referral_source": "prosecutor",
            "description": "Load test referral.",
            "zip": "90028",
            "consent": True,
            "parties": [
                {
                    "role": "participant",
                    "person": {
                        "full_name": f"Load Participant {ref[-6:]}",
                        "mobile": f"+1310555{random.randrange(10000):04d}",
                        "language": random.choice(["en", "es"]),
                        "sms_consent": True,
                    },
                },
                {"role": "victim", "person": {"full_name": "Load Victim"}},
            ],
        }
        with self.client.post(
            "/api/v1/cases", json=body, headers=self.api, name="/api/v1/cases [intake]",
            catch_response=True,
        ) as r:  # fmt: skip
            if r.status_code != 201:
                r.failure(f"status {r.status_code}: {r.text[:200]}")
            else:
                self.case_ids.append(r.json()["id"])

    def _sms(self, sender: str, body: str, name: str) -> None:
        form = {
            "MessageSid": "SM" + uuid.uuid4().hex,
            "AccountSid": "AC" + "0" * 32,
            "From": sender,
            "To": random.choice(CONFIG["program_phones"]),
            "Body": body,
            "NumMedia": "0",
        }
        signature = VALIDATOR.compute_signature(CONFIG["public_url"] + SMS_PATH, form)
        headers = {"X-Twilio-Signature": signature,
                   "Content-Type": "application/x-www-form-urlencoded"}  # fmt: skip
        self.client.post(SMS_PATH, data=urlencode(form), headers=headers, name=name)

    @task(2)
    def sms_from_participant(self) -> None:
        """A signed inbound text from a phone Convene knows."""
        self._sms(random.choice(CONFIG["known_phones"]), random.choice(KNOWN_REPLIES),
                  f"{SMS_PATH} [known]")  # fmt: skip

    @task(1)
    def sms_from_stranger(self) -> None:
        """A signed inbound text from a number Convene has never seen."""
        self._sms(f"+1213555{random.randrange(10000):04d}", "hello?", f"{SMS_PATH} [unknown]")


if ONLY:  # `load.run --only TASK`: one endpoint's cost under real HTTP
    unknown = ONLY - {t.__name__ for t in Coordinator.tasks}
    if unknown:
        raise SystemExit(f"no such task in load/locustfile.py: {', '.join(sorted(unknown))}")
    Coordinator.tasks = [t for t in Coordinator.tasks if t.__name__ in ONLY]
