"""Shared field types and validators for the API schemas."""

from __future__ import annotations

import re
from datetime import datetime, time
from typing import Annotated, Generic, TypeVar

import phonenumbers
import zipcodes
from pydantic import AfterValidator, BaseModel, BeforeValidator

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
    if not phonenumbers.is_valid_number(parsed):
        raise ValueError(f"{value!r} is not a valid phone number")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def _weekday(value: str) -> str:
    day = str(value).strip().lower()[:3] if isinstance(value, str) else value
    if day not in WEEKDAYS:
        raise ValueError(f"unknown weekday {value!r}; use one of {', '.join(WEEKDAYS)}")
    return day


def _zip(value: str | None) -> str | None:
    if value is None or not str(value).strip():
        return None
    value = str(value).strip()
    if not re.fullmatch(r"\d{5}(-\d{4})?", value):
        raise ValueError(f"{value!r} is not a US ZIP code")
    if not zipcodes.matching(value[:5]):
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


Phone = Annotated[str | None, AfterValidator(normalise_phone)]
Weekday = Annotated[str, BeforeValidator(_weekday)]
ZipCode = Annotated[str | None, AfterValidator(_zip)]
Language = Annotated[str, AfterValidator(_language)]
AwareDatetime = Annotated[datetime, AfterValidator(_aware)]


def zip_location(zip_code: str | None) -> tuple[float, float] | None:
    """The latitude and longitude of a US ZIP code, offline."""
    if not zip_code:
        return None
    found = zipcodes.matching(zip_code[:5])
    if not found:
        return None
    return float(found[0]["lat"]), float(found[0]["long"])


def check_window(start: time, end: time) -> None:
    """A window whose end is not after its start is refused."""
    if end <= start:
        raise ValueError(
            f"end {end.strftime('%H:%M')} must be after start {start.strftime('%H:%M')}"
        )


class Page(BaseModel, Generic[T]):
    """One page of a list."""

    items: list[T]
    total: int
    limit: int
    offset: int
