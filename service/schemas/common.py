"""Shared field types and validators for the API schemas."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from contextvars import ContextVar
from datetime import date, datetime, time
from functools import lru_cache
from typing import Annotated, Any, ClassVar, Generic, TypeVar

import phonenumbers
import zipcodes
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)
from sqlmodel import SQLModel

from service.models.base import WEEKDAYS

T = TypeVar("T")


def normalise_phone(value: str | None) -> str | None:
    """A phone number in E.164, assuming the US when no country code is given."""
    if value is None or not str(value).strip():
        return None
    try:
        parsed = phonenumbers.parse(str(value), "US")
    except phonenumbers.NumberParseException as exc:
        raise ValueError(f"{value!r} is not a phone number") from exc
    # A text cannot dial an extension, and letters (a vanity number) are more likely a typo
    # than a word to dial: both are refused rather than silently stored as something else.
    if parsed.extension:
        raise ValueError(
            f"{value!r} has an extension ({parsed.extension}), which a text cannot reach: "
            "give the mobile number alone, like (213) 555-0100"
        )
    if re.search(r"[A-Za-z]", str(value)):
        raise ValueError(
            f"{value!r} has letters in it: give the number in digits, like (213) 555-0100"
        )
    if not phonenumbers.is_valid_number(parsed):
        raise ValueError(f"{value!r} is not a valid phone number")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def display_phone(value: str | None, region: str = "US") -> str:
    """A stored E.164 number as people write it: national within the region, else international."""
    if not value:
        return ""
    try:
        parsed = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return value
    same = phonenumbers.region_code_for_number(parsed) == region
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if same
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(parsed, style)


def _weekday(value: str) -> str:
    day = str(value).strip().lower()[:3] if isinstance(value, str) else value
    if day not in WEEKDAYS:
        raise ValueError(f"unknown weekday {value!r}; use one of {', '.join(WEEKDAYS)}")
    return day


_ZIP = re.compile(r"[0-9]{5}(-[0-9]{4})?")
_ZIP5 = re.compile(r"[0-9]{5}")


def _zip(value: str | None) -> str | None:
    if value is None or not str(value).strip():
        return None
    value = str(value).strip()
    # [0-9], not \d: \d takes any script's digits ("٩٠٠١٢"), which no ZIP is written in and
    # which the ZIP library cannot even read (it panics on them).
    if not _ZIP.fullmatch(value):
        raise ValueError(
            f"{value!r} is not a US ZIP code: give 5 digits 0-9 (90012), or ZIP+4 (90012-3456)"
        )
    if not _zip_record(value[:5]):
        raise ValueError(f"unknown ZIP code {value!r}")
    return value[:5]


def _language(value: str) -> str:
    value = str(value).strip().lower()
    if not re.fullmatch(r"[a-z]{2,3}", value):
        raise ValueError(f"{value!r} is not a language code such as en, es, ko, hy")
    return value


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("give a time zone offset, e.g. 2026-12-08T18:30:00-08:00")
    return value


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("may not contain a NUL (\\u0000) character")
    return value


# Set for the duration of a JSON API request (see JsonTypesMiddleware). HTML forms and CSV rows
# arrive as text and are converted by the same schemas, so the exact-type rules apply to JSON only.
_JSON_REQUEST: ContextVar[bool] = ContextVar("convene_json_request", default=False)


class JsonTypesMiddleware:
    """Marks requests under /api/ so the schemas take JSON's types exactly as documented."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        """Run the request with the flag set when it is an API call."""
        if scope["type"] != "http" or not scope.get("path", "").startswith("/api/"):
            await self.app(scope, receive, send)
            return
        token = _JSON_REQUEST.set(True)
        try:
            await self.app(scope, receive, send)
        finally:
            _JSON_REQUEST.reset(token)


def _json(accept: Callable[[Any], bool], reason: str) -> BeforeValidator:
    """In a JSON request, refuse a value whose JSON type the schema does not allow."""

    def check(value: Any) -> Any:
        if _JSON_REQUEST.get() and not accept(value):
            raise ValueError(reason)
        return value

    return BeforeValidator(check)


def _iso(pattern: str) -> Callable[[Any], bool]:
    compiled = re.compile(pattern, re.ASCII)
    return lambda v: isinstance(v, (date, time)) or (isinstance(v, str) and bool(compiled.match(v)))


def _is_int(value: Any) -> bool:
    # JSON Schema counts 25.0 as an integer; pydantic then takes it as 25.
    if isinstance(value, float):
        return value.is_integer()
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _int32(value: Any) -> Any:
    # Always (forms too): the database's integer columns hold no more, and saying so names the
    # field, where the database would only fail the whole request.
    if _is_int(value) and not INT32_MIN <= value <= INT32_MAX:
        raise ValueError(f"must be between {INT32_MIN} and {INT32_MAX}")
    return value


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("must be a finite number")
    return value


def _int32_bounds(schema: dict[str, Any]) -> None:
    # Documented unless the field states tighter bounds of its own. (Bounds given inside this
    # Annotated type itself would override the field's: pydantic keeps the innermost.)
    schema.setdefault("minimum", INT32_MIN)
    schema.setdefault("maximum", INT32_MAX)


_CLOCK = r"^[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?$"

# The bounds of the database's integer columns (PostgreSQL `integer`).
INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1

# JSON types exactly as the schema says: pydantic's lax mode would take 0 for false, "5" for 5,
# false for 0 and a number of seconds for a date, none of which the OpenAPI document allows.
Flag = Annotated[bool, _json(lambda v: isinstance(v, bool), "must be true or false")]
Int = Annotated[
    int,
    BeforeValidator(_int32),
    _json(_is_int, "must be a whole number"),
    Field(json_schema_extra=_int32_bounds),
]
Number = Annotated[float, BeforeValidator(_finite), _json(_is_number, "must be a number")]
Text = Annotated[
    str, AfterValidator(_no_nul), Field(json_schema_extra={"pattern": "^[^\\u0000]*$"})
]
Day = Annotated[date, _json(_iso(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), "give a date as YYYY-MM-DD")]
Instant = Annotated[
    datetime,
    _json(
        _iso(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}"), "give an ISO 8601 date and time"
    ),
]
# Local wall-clock time ("18:30"); JSON Schema's "time" format would demand a UTC offset.
ClockTime = Annotated[
    time,
    _json(_iso(_CLOCK), "give a time as HH:MM"),
    WithJsonSchema({"type": "string", "pattern": _CLOCK, "examples": ["18:30"]}),
]

Phone = Annotated[str | None, AfterValidator(normalise_phone)]
Weekday = Annotated[
    str, BeforeValidator(_weekday), WithJsonSchema({"type": "string", "enum": list(WEEKDAYS)})
]
ZipCode = Annotated[str | None, AfterValidator(_zip)]
Language = Annotated[
    str,
    AfterValidator(_language),
    Field(json_schema_extra={"pattern": r"^\s*[A-Za-z]{2,3}\s*$", "examples": ["en"]}),
]
AwareDatetime = Annotated[Instant, AfterValidator(_aware)]


def zip_location(zip_code: str | None) -> tuple[float, float] | None:
    """The latitude and longitude of a US ZIP code, offline."""
    if not zip_code:
        return None
    found = _zip_record(zip_code[:5])
    if not found:
        return None
    return float(found["lat"]), float(found["long"])


@lru_cache(maxsize=4096)
def _zip_record(zip5: str) -> dict | None:
    # zipcodes scans its whole table on every lookup (about 2 ms); intake asks twice per case.
    # It panics (a BaseException, not an Exception) on a string it cannot slice at byte 5, so
    # only five ASCII digits ever reach it.
    if not _ZIP5.fullmatch(zip5):
        return None
    found = zipcodes.matching(zip5)
    return found[0] if found else None


def check_window(start: time, end: time) -> None:
    """A window whose end is not after its start is refused."""
    if end <= start:
        raise ValueError(
            f"end {end.strftime('%H:%M')} must be after start {start.strftime('%H:%M')}"
        )


NOT_EMPTY = "needs a value: null cannot empty this field (leave the field out to keep it as it is)"


def _document_clearable(schema: dict[str, Any], cls: type) -> None:
    # The document says the same: null is a value only of the fields null may clear.
    for name, prop in schema.get("properties", {}).items():
        if name in cls.clearable or "anyOf" not in prop:
            continue
        kept = [branch for branch in prop["anyOf"] if branch != {"type": "null"}]
        rest = {
            k: v for k, v in prop.items() if k != "anyOf" and not (k == "default" and v is None)
        }
        prop.clear()
        prop.update({**kept[0], **rest} if len(kept) == 1 else {"anyOf": kept, **rest})


class Changes(SQLModel):
    """Base of every Update schema: a field left out stays as it is; null clears only a field
    that may be empty (`clearable`, the record's optional columns) and is refused elsewhere."""

    clearable: ClassVar[frozenset[str]] = frozenset()
    model_config = {"json_schema_extra": _document_clearable}

    @field_validator("*", mode="before")
    @classmethod
    def _null_only_where_clearable(cls, value: Any, info: ValidationInfo) -> Any:
        # Without this, null reached the database as a NOT NULL column's value (a 409 quoting
        # the database, or a 500) instead of a 422 that names the field.
        if value is None and info.field_name not in cls.clearable:
            raise ValueError(NOT_EMPTY)
        return value


class Page(BaseModel, Generic[T]):
    """One page of a list."""

    items: list[T]
    total: int
    limit: int
    offset: int


_JSON_SCHEMA_BOUNDS = {
    "gt": "exclusiveMinimum",
    "ge": "minimum",
    "lt": "exclusiveMaximum",
    "le": "maximum",
}


def fix_bounds(node: Any) -> Any:
    """Rename the bounds pydantic leaves under their Python names (gt, le, ...) in a schema.

    A field constraint on `X | None`, where X checks its JSON type first, reaches the document as
    {"gt": 0}; JSON Schema (and every client generator) knows only exclusiveMinimum and friends.
    """
    if isinstance(node, dict):
        if node.get("type") in ("integer", "number"):
            for short, long in _JSON_SCHEMA_BOUNDS.items():
                if short in node:
                    node.setdefault(long, node.pop(short))
        for value in node.values():
            fix_bounds(value)
    elif isinstance(node, list):
        for value in node:
            fix_bounds(value)
    return node


_SINCE_FORMAT = "an ISO 8601 date and time with a UTC offset, e.g. 2026-12-01T18:30:00Z"


def _instant_with_offset(value: Any) -> datetime:
    """A query's instant: ISO 8601 with its offset, or a refusal that shows what was given."""
    parsed = value
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{value!r} is not {_SINCE_FORMAT}") from None
    if not isinstance(parsed, datetime) or parsed.tzinfo is None:
        raise ValueError(f"{value!r} has no UTC offset; give {_SINCE_FORMAT}")
    return parsed


# A query parameter's instant (`updated_since`): the offset is required, never assumed.
InstantWithOffset = Annotated[
    datetime,
    BeforeValidator(_instant_with_offset),
    WithJsonSchema({"type": "string", "format": "date-time", "examples": ["2026-12-01T18:30:00Z"]}),
]
