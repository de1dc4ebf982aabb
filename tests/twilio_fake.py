"""The tests' one fake of Twilio's Messages API (stdlib http.server in a thread).

It speaks the shape of Twilio's REST API v2010 for create, list and fetch, answers scripted
errors (429, 500, 400 with a Twilio code) on demand, and posts status callbacks signed with
the `twilio` library's RequestValidator, exactly as Twilio signs them.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections import Counter, deque
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from twilio.request_validator import RequestValidator

ACCOUNT_SID = "AC" + "0" * 32
AUTH_TOKEN = "fake-auth-token-0123456789abcdef"
MESSAGING_SERVICE_SID = "MG" + "1" * 32


class _Server(ThreadingHTTPServer):
    # The default backlog of 5 refuses connections when several senders start at once.
    request_queue_size = 256
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client killed mid-request (the fault test does that on purpose) is not news.
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@dataclass
class Recorded:
    """One request the fake received."""

    method: str
    path: str
    query: dict[str, str]
    form: dict[str, str]
    authorization: str | None = None


class FakeTwilio:
    """Twilio's Messages API on 127.0.0.1; `messages` holds every text it accepted."""

    def __init__(self, latency: float = 0.0, record_requests: bool = True) -> None:
        self.latency = latency
        self.record_requests = record_requests
        self.requests: list[Recorded] = []
        self.messages: list[dict] = []
        self.by_sid: dict[str, dict] = {}
        self.status_callbacks: dict[str, str] = {}
        self._errors: deque[tuple[int, dict]] = deque()  # for message creations only
        self._replies: deque[tuple[int, dict]] = deque()  # for the next request of any kind
        self._lock = threading.Lock()
        self.server = _Server(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    # -- scripting and inspection -----------------------------------------------------------

    @property
    def url(self) -> str:
        """The base URL to give TwilioSmsSender(base_url=...)."""
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def fail_next(self, status: int, code: int | None = None, times: int = 1) -> None:
        """Answer the next `times` message creations with this HTTP status and Twilio code."""
        payload = {"status": status, "message": f"scripted error {code or status}",
                   "more_info": f"https://www.twilio.com/docs/errors/{code or status}"}  # fmt: skip
        if code is not None:
            payload["code"] = code
        with self._lock:
            self._errors.extend([(status, payload)] * times)

    def reply_error(self, status: int, code: int | None = None, message: str = "error") -> None:
        """Answer the next request, whatever it is (a create, a fetch, a list), with an error."""
        payload = {"status": status, "message": message}
        if code is not None:
            payload["code"] = code
        with self._lock:
            self._replies.append((status, payload))

    def sent(self) -> Counter:
        """How many times each (to, body) was accepted."""
        with self._lock:
            return Counter((m["to"], m["body"]) for m in self.messages)

    def creates(self) -> list[Recorded]:
        """The message-creation requests received (accepted or refused)."""
        with self._lock:
            return [r for r in self.requests if r.method == "POST"]

    def add_message(
        self,
        *,
        to: str,
        body: str,
        status: str = "queued",
        created: datetime | None = None,
        sent: bool = False,
        account_sid: str = ACCOUNT_SID,
    ) -> dict:
        """Record a message as if it had been created (for lookups); `sent` dates its sending."""
        now = created or datetime.now(UTC)
        message = {
            "sid": "SM" + uuid.uuid4().hex,
            "account_sid": account_sid,
            "api_version": "2010-04-01",
            "to": to,
            "from": None,
            "messaging_service_sid": MESSAGING_SERVICE_SID,
            "body": body,
            "status": status,
            "num_segments": "1",
            "num_media": "0",
            "direction": "outbound-api",
            "price": None,
            "price_unit": "USD",
            "error_code": None,
            "error_message": None,
            "date_created": format_datetime(now, usegmt=True),
            "date_updated": format_datetime(now, usegmt=True),
            "date_sent": format_datetime(now, usegmt=True) if sent else None,
            "uri": "",
            "subresource_uris": {},
        }
        message["uri"] = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{message['sid']}.json"
        with self._lock:
            self.messages.append(message)
            self.by_sid[message["sid"]] = message
        return message

    # -- status callbacks -------------------------------------------------------------------

    def signed_callback(
        self, sid: str, status: str, error_code: str | None = None, url: str | None = None
    ) -> tuple[str, dict[str, str], dict[str, str]]:
        """(url, form, headers) of the status callback Twilio would post for message `sid`."""
        url = url or self.status_callbacks[sid]
        message = self.by_sid.get(sid, {})
        form = {
            "MessageSid": sid, "SmsSid": sid, "AccountSid": ACCOUNT_SID,
            "MessageStatus": status, "SmsStatus": status,
            "To": message.get("to", "+15555550100"), "ApiVersion": "2010-04-01",
        }  # fmt: skip
        if error_code:
            form["ErrorCode"] = error_code
        signature = RequestValidator(AUTH_TOKEN).compute_signature(url, form)
        return url, form, {"X-Twilio-Signature": signature}

    def post_status(self, client, sid: str, status: str, error_code: str | None = None):
        """Post a signed callback through `client` (a TestClient or httpx.Client) to its path."""
        url, form, headers = self.signed_callback(sid, status, error_code)
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        return client.post(path, data=form, headers=headers)

    # -- the HTTP side ----------------------------------------------------------------------

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as api.twilio.com
            # Headers and body go out in separate writes; with Nagle on, the client's delayed
            # ACK would add 40 ms to every reply.
            disable_nagle_algorithm = True

            def log_message(self, *args):
                pass

            def _answer(self, status: int, payload: dict) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _record(self, form: dict[str, str]) -> Recorded:
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                rec = Recorded(self.command, parts.path, query, form, self.headers["Authorization"])
                if fake.record_requests:
                    with fake._lock:
                        fake.requests.append(rec)
                return rec

            def _scripted(self) -> bool:
                with fake._lock:
                    reply = fake._replies.popleft() if fake._replies else None
                if reply:
                    self._answer(*reply)
                return reply is not None

            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                form = {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}
                rec = self._record(form)
                if fake.latency:
                    time.sleep(fake.latency)
                if self._scripted():
                    return
                with fake._lock:
                    error = fake._errors.popleft() if fake._errors else None
                if error:
                    self._answer(*error)
                    return
                if not form.get("To") or not form.get("Body"):
                    self._answer(400, {"code": 21604, "message": "To and Body are required",
                                       "status": 400})  # fmt: skip
                    return
                # /2010-04-01/Accounts/{AccountSid}/Messages.json
                account = rec.path.split("/")[3] if rec.path.count("/") >= 4 else ACCOUNT_SID
                message = fake.add_message(to=form["To"], body=form["Body"], account_sid=account)
                if form.get("StatusCallback"):
                    with fake._lock:
                        fake.status_callbacks[message["sid"]] = form["StatusCallback"]
                self._answer(201, message)

            def do_GET(self):
                rec = self._record({})
                if self._scripted():
                    return
                if rec.path.endswith("/Messages.json"):
                    self._answer(200, fake._list(rec))
                    return
                sid = rec.path.rsplit("/", 1)[-1].removesuffix(".json")
                with fake._lock:
                    message = fake.by_sid.get(sid)
                if message is None:
                    self._answer(404, {"code": 20404, "message": "not found", "status": 404})
                else:
                    self._answer(200, message)

        return Handler

    def _list(self, rec: Recorded) -> dict:
        with self._lock:
            found = [m for m in reversed(self.messages) if m["to"] == rec.query.get("To")]
        since = rec.query.get("DateSent>")
        if since:
            when = datetime.fromisoformat(since.replace("Z", "+00:00"))
            found = [m for m in found
                     if m["date_sent"] and parsedate_to_datetime(m["date_sent"]) >= when]  # fmt: skip
        size = int(rec.query.get("PageSize", 50))
        return {
            "messages": found[:size],
            "first_page_uri": rec.path + "?" + urlencode(rec.query),
            "next_page_uri": None,
            "previous_page_uri": None,
            "page": 0,
            "page_size": size,
            "start": 0,
            "end": max(0, min(size, len(found)) - 1),
            "uri": rec.path,
        }

    def close(self) -> None:
        """Stop serving."""
        self.server.shutdown()
        self.server.server_close()
