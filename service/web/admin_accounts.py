"""Admin pages for accounts: users and roles (create, change, unlock, deactivate) and API tokens."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from sqlmodel import Session

from service import programs as programs_uc
from service.accounts import totp, users
from service.accounts.auth import Principal
from service.db import utcnow
from service.deps import SessionDep
from service.errors import ConveneError, Invalid
from service.models import ApiToken, User
from service.models.base import Role
from service.repo import get_or_404
from service.schemas.accounts import UserCreate, UserUpdate
from service.web import vol_forms
from service.web.admin_access import PageAdmin
from service.web.base import Csrf, form_errors, redirect, render

router = APIRouter(include_in_schema=False)
FormStr = Annotated[str, Form()]
FormInts = Annotated[list[int], Form()]
TOKEN_DAYS = 90


def create_user(session: Session, data: UserCreate, principal: Principal) -> User:
    """Create an account for the given programs; audited."""
    return users.create_account(session, data, principal)


def issue_token(
    session: Session,
    principal: Principal,
    *,
    user_id: int,
    name: str,
    scope: str,
    expires: date | None,
) -> tuple[ApiToken, str]:
    """Issue an API token acting as a user; the secret is returned once; audited."""
    if session.get(User, user_id) is None:
        raise Invalid("choose the user the token acts as", field="user_id")
    expires_at = None
    if expires is not None:
        after = expires + timedelta(days=1)  # valid through the whole chosen day, local time
        expires_at = datetime(after.year, after.month, after.day, tzinfo=vol_forms.local_zone())
    return users.issue_api_token(
        session, principal, user_id=user_id, name=name, scope=scope, expires_at=expires_at
    )


# --- users -------------------------------------------------------------------------------------


def _programs(session: Session):
    return programs_uc.all_programs(session)


def _users_page(request, session, principal, *, form=None, errors=None, status=200):
    rows, _ = users.list_users(session)
    programs = _programs(session)
    return render(
        request,
        "admin/users.html",
        principal,
        status_code=status,
        users=[users.user_public(session, u) for u in rows],
        programs=programs,
        codes={p.id: p.code for p in programs},
        roles=[r.value for r in Role],
        form=form or {"role": "coordinator", "program_ids": []},
        errors=errors or {},
    )


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(request: Request, session: SessionDep, principal: PageAdmin):
    """Every account, and a form to add one."""
    return _users_page(request, session, principal)


@router.post("/admin/users")
def user_create(
    request: Request, session: SessionDep, principal: PageAdmin, _csrf: Csrf,
    email: FormStr = "", full_name: FormStr = "", password: FormStr = "",
    role: FormStr = "coordinator", program_ids: FormInts = [],  # noqa: B006
):  # fmt: skip
    """Create an account, or show each field's reason."""
    form = {"email": email.strip(), "full_name": full_name.strip(), "password": password,
            "role": role, "program_ids": program_ids}  # fmt: skip
    try:
        user = create_user(session, UserCreate.model_validate(form), principal)
    except (ValidationError, ConveneError) as exc:
        session.rollback()
        form.pop("password")  # never echoed back into the page
        return _users_page(
            request, session, principal, form=form, errors=form_errors(exc), status=422
        )
    return redirect(f"/admin/users/{user.id}", f"{user.email} can now sign in.")


def _user_page(request, session, principal, user, *, errors=None, status=200):
    return render(
        request,
        "admin/user.html",
        principal,
        status_code=status,
        u=users.user_public(session, user),
        programs=_programs(session),
        roles=[r.value for r in Role],
        errors=errors or {},
        is_self=user.id == principal.user.id,
    )


@router.get("/admin/users/{user_id}", response_class=HTMLResponse)
def user_page(user_id: int, request: Request, session: SessionDep, principal: PageAdmin):
    """One account: role, programs, state."""
    return _user_page(request, session, principal, get_or_404(session, User, user_id, what="user"))


@router.post("/admin/users/{user_id}")
def user_save(
    user_id: int, request: Request, session: SessionDep, principal: PageAdmin, _csrf: Csrf,
    full_name: FormStr = "", role: FormStr = "", program_ids: FormInts = [],  # noqa: B006
):  # fmt: skip
    """Change an account's name, role and programs."""
    user = get_or_404(session, User, user_id, what="user")
    try:
        data = UserUpdate.model_validate(
            {"full_name": full_name.strip(), "role": role, "program_ids": program_ids}
        )
        users.update_user(session, user, data, principal)
    except (ValidationError, ConveneError) as exc:
        session.rollback()
        user = get_or_404(session, User, user_id, what="user")
        return _user_page(request, session, principal, user, errors=form_errors(exc), status=422)
    return redirect(f"/admin/users/{user_id}", "Account saved.")


@router.post("/admin/users/{user_id}/{action}")
def user_action(
    user_id: int, action: str, request: Request, session: SessionDep, principal: PageAdmin,
    _csrf: Csrf,
):  # fmt: skip
    """Unlock, deactivate or reactivate an account, or reset its authenticator."""
    if action == "reset-factor":
        # A lost phone: the account sets up a new authenticator at its next sign-in.
        user = get_or_404(session, User, user_id, what="user")
        totp.reset(session, user, principal)
        return redirect(f"/admin/users/{user_id}", "Authenticator reset.")
    changes = {
        "unlock": {"unlock": True},
        "deactivate": {"is_active": False},
        "activate": {"is_active": True},
    }
    if action not in changes:
        return redirect(f"/admin/users/{user_id}", "Unknown action.")
    user = get_or_404(session, User, user_id, what="user")
    try:
        users.update_user(session, user, UserUpdate.model_validate(changes[action]), principal)
    except ConveneError as exc:
        session.rollback()
        user = get_or_404(session, User, user_id, what="user")
        return _user_page(request, session, principal, user, errors=form_errors(exc), status=422)
    done = {"unlock": "unlocked", "deactivate": "deactivated", "activate": "reactivated"}[action]
    return redirect(f"/admin/users/{user_id}", f"Account {done}.")


# --- API tokens --------------------------------------------------------------------------------


def _tokens_page(request, session, principal, *, created=None, form=None, errors=None, status=200):
    tokens, _ = users.list_tokens(session)
    people, _ = users.list_users(session)
    default_expiry = datetime.now(vol_forms.local_zone()).date() + timedelta(days=TOKEN_DAYS)
    response = render(
        request,
        "admin/tokens.html",
        principal,
        status_code=status,
        tokens=tokens,
        emails={u.id: u.email for u in people},
        active_users=[u for u in people if u.is_active],
        created=created,
        form=form or {"scope": "read", "expires": default_expiry.isoformat()},
        errors=errors or {},
        now=utcnow(),
    )
    # The one page that ever shows a token's secret must not be kept by any cache.
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/admin/tokens", response_class=HTMLResponse)
def tokens_page(request: Request, session: SessionDep, principal: PageAdmin):
    """Every API token (never its secret) and a form to issue one."""
    return _tokens_page(request, session, principal)


@router.post("/admin/tokens", response_class=HTMLResponse)
def token_issue(
    request: Request, session: SessionDep, principal: PageAdmin, _csrf: Csrf,
    name: FormStr = "", user_id: FormStr = "", scope: FormStr = "read", expires: FormStr = "",
):  # fmt: skip
    """Issue a token and show its secret this once."""
    form = {"name": name, "user_id": user_id, "scope": scope, "expires": expires}
    try:
        try:
            until = date.fromisoformat(expires) if expires.strip() else None
        except ValueError:
            raise Invalid(
                "enter a date like 2027-03-01, or leave it empty", field="expires"
            ) from None
        row, secret = issue_token(
            session, principal, user_id=int(user_id) if (user_id.isascii() and user_id.isdigit()) else 0, name=name,
            scope=scope, expires=until,
        )  # fmt: skip
    except ConveneError as exc:
        session.rollback()
        return _tokens_page(
            request, session, principal, form=form, errors=form_errors(exc), status=422
        )
    return _tokens_page(request, session, principal, created={"row": row, "secret": secret})


@router.post("/admin/tokens/{token_id}/revoke")
def token_revoke(token_id: int, session: SessionDep, principal: PageAdmin, _csrf: Csrf):
    """Revoke a token at once."""
    token = get_or_404(session, ApiToken, token_id, what="API token")
    users.revoke_token(session, token, principal)
    return redirect("/admin/tokens", f"Token {token.name} revoked.")
