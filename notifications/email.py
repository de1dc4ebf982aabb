"""Calendar invitation emails (iMIP, RFC 6047) and the SMTP and console email senders."""

from __future__ import annotations

import base64
import logging
import re
import smtplib
import ssl
import threading
from email.message import EmailMessage, Message
from email.utils import formatdate, make_msgid, parseaddr
from typing import Literal, Protocol

from notifications.errors import PermanentSendError, SendError, TransientSendError

__all__ = [
    "ConsoleEmailSender",
    "EmailSender",
    "SmtpEmailSender",
    "build_invite_email",
    "classify_smtp_code",
]

logger = logging.getLogger("convene.email")

_METHOD_LINE = re.compile(rb"^METHOD:([A-Za-z-]+)\r?$", re.MULTILINE)


def ics_method(ics: bytes) -> str | None:
    """The METHOD of an iCalendar object, or None for a plain (feed-like) calendar."""
    match = _METHOD_LINE.search(ics)
    return match.group(1).decode().upper() if match else None


def build_invite_email(
    *,
    from_addr: str,
    to_addr: str,
    subject: str,
    text: str,
    html: str,
    ics: bytes,
    method: Literal["REQUEST", "CANCEL"],
) -> EmailMessage:
    """An iMIP message: text, HTML and text/calendar alternatives plus invite.ics attached."""
    method = method.upper()  # type: ignore[assignment]
    inside = ics_method(ics)
    if inside != method:
        # RFC 6047 2.4: the Content-Type method must be the METHOD of the calendar it carries;
        # clients act on the header, so a mismatch would apply the wrong action.
        raise ValueError(f"method {method!r} does not match METHOD:{inside} in the calendar")
    domain = parseaddr(from_addr)[1].rpartition("@")[2] or None
    msg = EmailMessage()
    msg["From"] = from_addr
    msg["To"] = to_addr
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=False, usegmt=True)
    msg["Message-ID"] = make_msgid(domain=domain)
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    # base64 keeps the calendar's CRLF line endings and folding byte for byte.
    msg.get_payload().append(_calendar_part(ics, method))
    # The same file as an attachment, for clients that ignore the inline part. application/ics
    # (not text/calendar) so that clients which do read the inline part do not act twice.
    msg.add_attachment(
        ics, "application", "ics", filename="invite.ics", params={"name": "invite.ics"}
    )
    return msg


def _calendar_part(ics: bytes, method: str) -> Message:
    """The inline text/calendar part, its Content-Type written exactly as RFC 6047 shows it."""
    # A compat32 part keeps header text verbatim; EmailMessage would re-render the parameters
    # quoted (method="REQUEST"), and some clients compare the method literally.
    part = Message()
    part["Content-Type"] = f"text/calendar; method={method}; charset=UTF-8"
    # base64 keeps the calendar's CRLF line endings and folding byte for byte.
    part["Content-Transfer-Encoding"] = "base64"
    part.set_payload(base64.encodebytes(ics).decode("ascii"))
    return part


class EmailSender(Protocol):
    """Hands one email to a mail server; returns its Message-ID."""

    def send(self, message: EmailMessage) -> str:
        """Send message; raise TransientSendError or PermanentSendError on failure."""
        ...


def _ensure_message_id(message: EmailMessage) -> str:
    if message["Message-ID"] is None:
        domain = parseaddr(str(message["From"] or ""))[1].rpartition("@")[2] or None
        message["Message-ID"] = make_msgid(domain=domain)
    return str(message["Message-ID"])


def classify_smtp_code(code: int, message: str) -> SendError:
    """4xx replies are temporary (retry), everything else the server refused for good."""
    if 400 <= code < 500:
        return TransientSendError(code, message)
    return PermanentSendError(code, message)


def _text(raw: bytes | str) -> str:
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)


class SmtpEmailSender:
    """Sends through an SMTP server (optionally STARTTLS and login), one connection per email."""

    def __init__(
        self,
        host: str,
        port: int,
        username: str | None = None,
        password: str | None = None,
        starttls: bool = False,
        timeout: float = 10,
    ) -> None:
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.starttls = starttls
        self.timeout = timeout

    def send(self, message: EmailMessage) -> str:
        """Deliver message to the server and return its Message-ID."""
        message_id = _ensure_message_id(message)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.username:
                    smtp.login(self.username, self.password or "")
                refused = smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            detail = "; ".join(f"{rcpt}: {_text(msg)}" for rcpt, (_, msg) in exc.recipients.items())
            # Retry only if every refusal was temporary; one permanent refusal will not heal.
            code = max(codes) if codes else 550
            raise classify_smtp_code(code, detail) from exc
        except smtplib.SMTPResponseException as exc:  # sender refused, DATA refused, auth...
            raise classify_smtp_code(exc.smtp_code, _text(exc.smtp_error)) from exc
        except smtplib.SMTPNotSupportedError as exc:  # no STARTTLS / AUTH: a configuration bug
            raise PermanentSendError("smtp-config", str(exc)) from exc
        except ssl.SSLCertVerificationError as exc:  # wrong certificate will not fix itself
            raise PermanentSendError("smtp-tls", str(exc)) from exc
        except OSError as exc:  # refused, reset, timed out, disconnected (SMTPException too)
            raise TransientSendError("network", str(exc) or type(exc).__name__) from exc
        if refused:  # some recipients taken, some refused: report the refusal
            rcpt, (code, msg) = next(iter(refused.items()))
            raise classify_smtp_code(code, f"{rcpt}: {_text(msg)}")
        return message_id


class ConsoleEmailSender:
    """Development sender: logs each email and keeps it in `sent` instead of sending it.

    The text is logged only with `show_bodies` (development), like the console SMS sender.
    """

    def __init__(self, *, show_bodies: bool = False) -> None:
        self.show_bodies = show_bodies
        self.sent: list[EmailMessage] = []
        self._lock = threading.Lock()

    def send(self, message: EmailMessage) -> str:
        """Log and record the email; return its Message-ID."""
        message_id = _ensure_message_id(message)
        with self._lock:
            self.sent.append(message)
        parts = ", ".join(part.get_content_type() for part in message.walk())
        if not self.show_bodies:
            logger.info("Email (%s) [%s]", message_id, parts)
            return message_id
        logger.info(
            "Email to %s: %s (%s) [%s]\n%s",
            message["To"],
            message["Subject"],
            message_id,
            parts,
            _plain_text(message),
        )
        return message_id


def _plain_text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    return part.get_content() if part is not None else ""
