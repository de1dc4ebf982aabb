"""Admin pages for webhooks: subscribe an API client, change or pause it, read its delivery log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from service.accounts import users
from service.deps import SessionDep
from service.errors import ConveneError
from service.integrations import queries, subscriptions
from service.models import User, WebhookSubscription
from service.models.base import WebhookEvent
from service.repo import get_or_404
from service.schemas.integrations import WebhookSubscriptionCreate, WebhookSubscriptionUpdate
from service.web.admin_access import PageAdmin
from service.web.base import Csrf, form_errors, redirect, render

router = APIRouter(include_in_schema=False)
FormStr = Annotated[str, Form()]
FormList = Annotated[list[str], Form()]
Check = Annotated[str | None, Form()]
EVENTS = [e.value for e in WebhookEvent]
LOG_ROWS = 50


def _list_page(request, session, principal, *, created=None, form=None, errors=None, status=200):
    rows, _ = queries.list_subscriptions(session)
    people, _ = users.list_users(session)
    response = render(
        request, "admin/webhooks.html", principal, status_code=status, subscriptions=rows,
        emails={u.id: u.email for u in people}, active_users=[u for u in people if u.is_active],
        events=EVENTS, created=created, form=form or {"events": EVENTS}, errors=errors or {},
    )  # fmt: skip
    # The one page that ever shows a subscription's secret must not be kept by any cache.
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/admin/webhooks", response_class=HTMLResponse)
def webhooks_page(request: Request, session: SessionDep, principal: PageAdmin):
    """Every webhook subscription and a form to add one."""
    return _list_page(request, session, principal)


@router.post("/admin/webhooks", response_class=HTMLResponse)
def webhook_create(
    request: Request, session: SessionDep, principal: PageAdmin, _csrf: Csrf,
    name: FormStr = "", user_id: FormStr = "", url: FormStr = "", events: FormList = (),
):  # fmt: skip
    """Subscribe an API client and show the signing secret this once."""
    form = {"name": name, "user_id": user_id, "url": url, "events": list(events)}
    try:
        data = WebhookSubscriptionCreate.model_validate(
            {"name": name, "user_id": user_id or None, "url": url, "events": list(events)}
        )
        row, secret = subscriptions.create(session, principal, data)
    except (ValidationError, ConveneError) as exc:
        session.rollback()
        return _list_page(request, session, principal, form=form, errors=_errors(exc), status=422)
    return _list_page(request, session, principal, created={"row": row, "secret": secret})


def _errors(exc: ValidationError | ConveneError) -> dict[str, str]:
    errors = form_errors(exc)
    if "user_id" in errors:
        errors["user_id"] = "choose the account the receiving system's tokens act as"
    if "events" in errors:
        errors["events"] = "tick at least one event"
    return errors


def _detail_page(
    request, session, principal, row, *, form=None, errors=None, status=200, secret=None
):
    deliveries, total = queries.list_deliveries(session, row.id, limit=LOG_ROWS)
    owner = get_or_404(session, User, row.user_id, what="account")
    response = render(
        request, "admin/webhook.html", principal, status_code=status, sub=row, owner=owner,
        deliveries=deliveries, total=total, events=EVENTS, errors=errors or {}, secret=secret,
        form=form or {"name": row.name, "url": row.url, "events": row.events, "active": row.active},
    )  # fmt: skip
    if secret:  # a page that shows a secret must not be kept by any cache
        response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/admin/webhooks/{subscription_id}", response_class=HTMLResponse)
def webhook_page(subscription_id: int, request: Request, session: SessionDep, principal: PageAdmin):
    """A subscription's settings and its latest deliveries."""
    row = get_or_404(session, WebhookSubscription, subscription_id, what="webhook subscription")
    return _detail_page(request, session, principal, row)


@router.post("/admin/webhooks/{subscription_id}", response_class=HTMLResponse)
def webhook_save(
    subscription_id: int, request: Request, session: SessionDep, principal: PageAdmin, _csrf: Csrf,
    name: FormStr = "", url: FormStr = "", events: FormList = (), active: Check = None,
):  # fmt: skip
    """Change a subscription's name, address or events, or pause and resume it."""
    row = get_or_404(session, WebhookSubscription, subscription_id, what="webhook subscription")
    form = {"name": name, "url": url, "events": list(events), "active": active is not None}
    try:
        data = WebhookSubscriptionUpdate.model_validate(form)
        subscriptions.update(session, principal, row, data)
    except (ValidationError, ConveneError) as exc:
        session.rollback()
        row = get_or_404(session, WebhookSubscription, subscription_id, what="webhook subscription")
        return _detail_page(
            request, session, principal, row, form=form, errors=_errors(exc), status=422
        )
    return redirect(f"/admin/webhooks/{row.id}", f"Webhook {row.name} saved.")


@router.post("/admin/webhooks/{subscription_id}/secret", response_class=HTMLResponse)
def webhook_new_secret(
    subscription_id: int, request: Request, session: SessionDep, principal: PageAdmin, _csrf: Csrf
):
    """Replace the signing secret and show the new one this once."""
    row = get_or_404(session, WebhookSubscription, subscription_id, what="webhook subscription")
    secret = subscriptions.rotate_secret(session, principal, row)
    return _detail_page(request, session, principal, row, secret=secret)
