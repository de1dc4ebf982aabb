"""A small fake of Twilio's Messages API (stdlib http.server in a thread) for sender tests."""

from __future__ import annotations

import json
import threading
import uuid
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    form: dict[str, str]
    authorization: str | None


@dataclass
class FakeTwilio:
    """Records requests; answers 201 unless a scripted (status, json) reply is queued."""

    requests: list[Request] = field(default_factory=list)
    messages: list[dict] = field(default_factory=list)
    replies: deque = field(default_factory=deque)

    def __post_init__(self) -> None:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def _record(self, form: dict[str, str]) -> Request:
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                req = Request(self.command, parts.path, query, form, self.headers["Authorization"])
                fake.requests.append(req)
                return req

            def _answer(self, status: int, payload: dict) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode()
                form = {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}
                req = self._record(form)
                if fake.replies:
                    self._answer(*fake.replies.popleft())
                    return
                message = fake.add_message(to=form.get("To", ""), body=form.get("Body", ""))
                message["account_sid"] = req.path.split("/")[3]
                self._answer(201, message)

            def do_GET(self):
                req = self._record({})
                if fake.replies:
                    self._answer(*fake.replies.popleft())
                    return
                if req.path.endswith("/Messages.json"):
                    found = [m for m in reversed(fake.messages) if m["to"] == req.query.get("To")]
                    if "DateSent>" in req.query:
                        found = [m for m in found if m["date_sent"]]
                    self._answer(
                        200,
                        {
                            "messages": found,
                            "next_page_uri": None,
                            "page": 0,
                            "page_size": 50,
                            "uri": req.path,
                        },
                    )
                    return
                sid = req.path.rsplit("/", 1)[-1].removesuffix(".json")
                for m in fake.messages:
                    if m["sid"] == sid:
                        self._answer(200, m)
                        return
                self._answer(404, {"code": 20404, "message": "not found", "status": 404})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.01,), daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def add_message(
        self,
        *,
        to: str,
        body: str,
        status: str = "queued",
        created: datetime | None = None,
        sent: bool = False,
    ) -> dict:
        created = created or datetime.now(UTC)
        message = {
            "sid": "SM" + uuid.uuid4().hex,
            "to": to,
            "body": body,
            "status": status,
            "date_created": format_datetime(created, usegmt=True),
            "date_sent": format_datetime(created, usegmt=True) if sent else None,
        }
        self.messages.append(message)
        return message

    def reply_error(self, status: int, code: int | None = None, message: str = "error") -> None:
        payload = {"status": status, "message": message}
        if code is not None:
            payload["code"] = code
        self.replies.append((status, payload))

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
