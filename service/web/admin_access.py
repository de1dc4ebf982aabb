"""Who may open the admin pages: administrators only, everyone else gets 403."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from service.auth import Principal
from service.errors import Forbidden
from service.models.base import Role
from service.web.base import PageUser


def page_admin(principal: PageUser) -> Principal:
    """A signed-in administrator."""
    if principal.role != Role.admin:
        raise Forbidden("only an administrator may open the admin pages")
    return principal


PageAdmin = Annotated[Principal, Depends(page_admin)]


def form_errors(exc: Exception) -> dict[str, str]:
    """Form errors by field, from a pydantic validation error or a use-case error."""
    from pydantic import ValidationError

    if isinstance(exc, ValidationError):
        out: dict[str, str] = {}
        for e in exc.errors():
            key = str(e["loc"][0]) if e["loc"] else "form"
            out.setdefault(key, str(e["msg"]).removeprefix("Value error, "))
        return out
    details = getattr(exc, "details", None) or []
    message = getattr(exc, "message", str(exc))
    return {d.get("field") or "form": d["reason"] for d in details} or {"form": message}
