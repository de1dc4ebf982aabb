"""Keep secrets out of the logs: tokens in link paths, and the rows SQLAlchemy logs at DEBUG.

Self-service, calendar and verification links carry their credential in the path
(/me/{token}, /c/{token}, /calendar/{token}.ics, /verify/{token}), so an access log line would
hand anyone who reads the log a volunteer's sign-in. `convene serve` gives uvicorn a logging
configuration whose access handler redacts them.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

from service.config import get_settings

REDACTED = "[redacted]"
# A path segment that is a credential, and query parameters that carry one.
_PATH_TOKEN = re.compile(r"(/(?:me|c|calendar|verify)/)[^/?#\s\"']+")
_QUERY_TOKEN = re.compile(r"([?&](?:token|access_token|key|code)=)[^&#\s\"']+", re.IGNORECASE)


def redact(text: str) -> str:
    """The text with every link token replaced by [redacted]."""
    return _QUERY_TOKEN.sub(r"\1" + REDACTED, _PATH_TOKEN.sub(r"\1" + REDACTED, text))


def _clean(value: Any) -> Any:
    return redact(value) if isinstance(value, str) else value


class RedactTokens(logging.Filter):
    """Rewrites a record's message and arguments so no link token reaches a handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact in place; never drops the record."""
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_clean(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: _clean(arg) for key, arg in record.args.items()}
        return True


class NoRows(logging.Filter):
    """Drops the result rows SQLAlchemy logs at DEBUG (message bodies, tokens, names)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """False for a row record, True for statements and everything else."""
        return record.msg != "Row %r"


def quiet_engine_rows() -> None:
    """Install NoRows on SQLAlchemy's engine logger (once)."""
    engine_logger = logging.getLogger("sqlalchemy.engine.Engine")
    if not any(isinstance(f, NoRows) for f in engine_logger.filters):
        engine_logger.addFilter(NoRows())


def uvicorn_log_config() -> dict[str, Any]:
    """Uvicorn's own logging configuration, with link tokens redacted from every line."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["redact_tokens"] = {"()": "service.logredact.RedactTokens"}
    # Convene's own lines (texts and emails the console providers "send", the dispatcher's
    # progress) had no handler, so `make run` printed none of them.
    config["formatters"]["convene"] = {"format": "%(asctime)s %(name)s: %(message)s"}
    config["handlers"]["convene"] = {
        "class": "logging.StreamHandler",
        "formatter": "convene",
        "stream": "ext://sys.stdout",
    }
    config["loggers"]["convene"] = {"handlers": ["convene"], "level": "INFO", "propagate": False}
    # Every line carries the request id; CONVENE_LOG_FORMAT=json writes JSON lines instead.
    config["filters"]["request_id"] = {"()": "service.requestid.WithRequestId"}
    if get_settings().log_format == "json":
        for name in list(config["formatters"]):
            config["formatters"][name] = {"()": "service.requestid.JsonLines"}
    else:
        config["formatters"]["convene"]["format"] = (
            "%(asctime)s %(name)s [%(request_id)s]: %(message)s"
        )
        access = config["formatters"]["access"]
        access["fmt"] = access["fmt"] + " [%(request_id)s]"
    for handler in config["handlers"].values():
        handler.setdefault("filters", []).extend(["redact_tokens", "request_id"])
    return config
