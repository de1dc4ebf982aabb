"""Who may open the admin pages: administrators only, everyone else gets 403."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from service.accounts.auth import Principal
from service.errors import Forbidden
from service.models.base import Role
from service.web.base import PageUser


def page_admin(principal: PageUser) -> Principal:
    """A signed-in administrator."""
    if principal.role != Role.admin:
        raise principal.refuse(Forbidden("only an administrator may open the admin pages"))
    return principal


PageAdmin = Annotated[Principal, Depends(page_admin)]
