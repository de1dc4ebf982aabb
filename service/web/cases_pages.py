"""Cases: the list, the intake form with its eligibility screen, and one case's whole story."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from sqlmodel import Session

from service import programs as programs_uc
from service.cases import notes as notes_uc
from service.cases import referrals as case_uc
from service.cases.referrals import load_case
from service.config import get_settings
from service.db import local_today
from service.deps import SessionDep
from service.errors import ConveneError
from service.hearings import queries as hearing_queries
from service.messaging import languages
from service.models import Case, Neighborhood, Program
from service.models.base import CaseStatus
from service.outcomes import obligation_view
from service.outcomes import queries as outcome_queries
from service.outcomes.closing import return_case
from service.outcomes.timeline import case_story
from service.programs import program_public, program_zone
from service.schemas.cases import CaseCreate
from service.schemas.notes import CaseNoteCreate
from service.surveys import queries as survey_queries
from service.web.base import (
    Csrf,
    PageUser,
    PageWriter,
    form_errors,
    last_program,
    redirect,
    remember_program,
    render,
)

router = APIRouter(include_in_schema=False)
SCREENING = ("domestic_violence", "sexual_assault", "child_abuse", "protective_order")
STATUSES = [s.value for s in CaseStatus]  # the list filter offers every status, ineligible too


def _programs(session: Session, principal, *, active_only: bool = True) -> list[Program]:
    return programs_uc.visible_programs(session, principal, active_only=active_only)


@router.get("/cases", response_class=HTMLResponse)
def case_list(
    request: Request,
    session: SessionDep,
    principal: PageUser,
    status: str | None = None,
    q: str | None = None,
    page: int = 1,
) -> HTMLResponse:
    """Cases in the coordinator's programs, filtered by status or reference."""
    page = max(page, 1)
    cases, total = case_uc.list_cases(
        session,
        principal,
        limit=50,
        offset=(page - 1) * 50,
        status=status if status in STATUSES else None,
        ref_contains=(q or "").strip() or None,
    )
    programs = {p.id: p for p in _programs(session, principal, active_only=False)}
    return render(
        request,
        "cases/list.html",
        principal,
        rows=[(c, programs[c.program_id]) for c in cases],
        more=total > page * 50,
        page=page,
        status=status,
        q=q or "",
        statuses=STATUSES,
    )


def _intake(request: Request, session: Session, principal, form, errors=None, status_code=200):
    programs = _programs(session, principal)
    chosen = programs_uc.default_program(session, programs, last_program(request))
    if chosen is not None and not form.get("program_id"):
        form = {"program_id": str(chosen.id)} | dict(form)
    # "Today" is the program's date: after 4 pm in Los Angeles the server's UTC date is tomorrow.
    zone = program_zone(chosen) if chosen is not None else get_settings().zone
    return render(
        request,
        "cases/new.html",
        principal,
        programs=programs,
        form=form,
        errors=errors or {},
        today=local_today(zone).isoformat(),
        language_choices=languages.intake_choices(),
        language_note=languages.intake_note(),
        status_code=status_code,
    )


@router.get("/cases/new", response_class=HTMLResponse)
def intake_form(request: Request, session: SessionDep, principal: PageWriter) -> HTMLResponse:
    """The referral form with the eligibility screen, on the coordinator's usual program."""
    return _intake(request, session, principal, {})


# The intake form's fields by the schema path `_payload` fills: the form's name and its label.
INTAKE_FIELDS: dict[str, tuple[str, str]] = {
    "program_id": ("program_id", "Program"),
    "external_ref": ("external_ref", "Case reference"),
    "referral_source": ("referral_source", "Referred by"),
    "description": ("description", "Short description"),
    "zip": ("zip", "ZIP code of the incident"),
    "referred_on": ("referred_on", "Referred on"),
    "consent": ("consent", "Participant's consent"),
    "screening": ("screening", ""),
    **{f"screening.{k}": ("screening", "") for k in SCREENING},
    "parties": ("participant_name", "Participant"),
    "parties.0.role": ("participant_name", "Role of the participant"),
    "parties.0.person.full_name": ("participant_name", "Full name of the participant"),
    "parties.0.person.mobile": ("participant_mobile", "Mobile number of the participant"),
    "parties.0.person.language": ("participant_language", "Language of the participant"),
    "parties.0.person.sms_consent": ("participant_sms_consent", "Participant's text consent"),
    "parties.1.role": ("other_role", "Role of the other party"),
    "parties.1.person.full_name": ("other_name", "Full name of the other party"),
    "parties.1.person.mobile": ("other_mobile", "Mobile number of the other party"),
    "parties.1.person.language": ("other_language", "Language of the other party"),
    "parties.1.person.sms_consent": ("other_sms_consent", "Other party's text consent"),
}


def _payload(form) -> dict:
    flag = lambda name: form.get(name) == "on"  # noqa: E731
    parties = [
        {
            "role": "participant",
            "person": {
                "full_name": form.get("participant_name", "").strip(),
                "mobile": form.get("participant_mobile") or None,
                "language": form.get("participant_language") or "en",
                "sms_consent": flag("participant_sms_consent"),
            },
        }
    ]
    other_role = form.get("other_role") or "victim"
    if form.get("other_name", "").strip():
        parties.append(
            {
                "role": other_role,
                "person": {
                    "full_name": form["other_name"].strip(),
                    "mobile": form.get("other_mobile") or None,
                    "language": form.get("other_language") or "en",
                    "sms_consent": flag("other_sms_consent"),
                },
            }
        )
    return {
        "program_id": form.get("program_id") or 0,  # the schema refuses what is no number
        "external_ref": form.get("external_ref", "").strip(),
        "referral_source": form.get("referral_source") or "prosecutor",
        "description": form.get("description", ""),
        "zip": form.get("zip") or None,
        "referred_on": form.get("referred_on") or None,
        "consent": flag("consent"),
        "screening": {k: flag(k) for k in SCREENING},
        "parties": parties,
    }


@router.post("/cases/new", response_class=HTMLResponse)
async def intake_submit(request: Request, session: SessionDep, principal: PageWriter, _csrf: Csrf):
    """Screen and store a referral, or show every problem next to its field."""
    form = await request.form()
    try:
        data = CaseCreate.model_validate(_payload(form))
        principal.require_program(data.program_id, write=True)
        case = case_uc.create_case(session, data, actor=principal.actor)
    except (ValidationError, ConveneError) as exc:
        session.rollback()
        return _intake(
            request,
            session,
            principal,
            form,
            form_errors(exc, fields=INTAKE_FIELDS),
            status_code=422,
        )
    taken = f"Referral {case.external_ref} taken"
    if case.status == CaseStatus.ineligible:  # stored, closed: the screen's reason in words
        reason = case.close_reason.removeprefix("Not eligible: ")
        taken = f"Referral {case.external_ref} recorded as not eligible: {reason}"
    response = redirect(f"/cases/{case.id}", taken)
    remember_program(response, case.program_id)
    return response


def _case_page(request: Request, session: Session, principal, case: Case, **extra) -> HTMLResponse:
    program = session.get(Program, case.program_id)
    hearings = hearing_queries.hearings_of_case(session, case)
    obligations, today = obligation_view.case_obligations(session, case)
    agreement = outcome_queries.agreement_of(session, case)
    venues, _ = programs_uc.list_venues(session, active=True)
    kinds = program_public(session, program).hearing_kinds
    # Notes only for the program's coordinators (reading them is audited); None hides the section.
    notes = (
        notes_uc.case_notes(session, case, principal)
        if notes_uc.may_use_notes(principal, case)
        else None
    )
    parties = case_uc.parties_public(session, case.id)
    return render(
        request,
        "cases/detail.html",
        principal,
        zone=program_zone(program),
        case=case,
        program=program,
        parties=parties,
        texting={p.id: languages.texting(p.person) for p in parties},
        hearings=hearings,
        obligations=obligations,
        today=today.isoformat(),
        ob_form=extra.pop("ob_form", None),
        ob_link=extra.pop("ob_link", None),
        agreement=agreement,
        timeline=case_story(session, case),
        surveys=survey_queries.case_surveys(session, case),
        notes=notes,
        venues=venues,
        kinds=kinds,
        neighborhood=session.get(Neighborhood, case.neighborhood_id)
        if case.neighborhood_id
        else None,
        errors=extra.pop("errors", {}),
        **extra,
    )


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(
    case_id: int, request: Request, session: SessionDep, principal: PageUser
) -> HTMLResponse:
    """Parties, hearings, agreement, obligations with progress, and the full timeline."""
    case = load_case(session, case_id, principal)
    from service import audit

    audit.by(session, principal, "read", "case", case.id)
    return _case_page(request, session, principal, case)


@router.post("/cases/{case_id}/return")
async def return_to_agency(
    case_id: int, request: Request, session: SessionDep, principal: PageWriter, _csrf: Csrf
):
    """Return the case to the referring agency, with the reason."""
    case = load_case(session, case_id, principal, write=True)
    form = await request.form()
    reason = (form.get("reason") or "").strip()
    if not reason:
        return _case_page(
            request, session, principal, case, errors={"reason": "give the reason"}, status_code=422
        )
    try:
        return_case(session, case, reason, actor=principal.actor)
    except ConveneError as exc:
        session.rollback()
        return _case_page(
            request, session, principal, case, errors={"reason": exc.message}, status_code=422
        )
    return redirect(f"/cases/{case.id}", "Returned to the referring agency")


@router.post("/cases/{case_id}/notes")
async def add_note(
    case_id: int, request: Request, session: SessionDep, principal: PageWriter, _csrf: Csrf
):
    """Add a confidential note (the program's coordinators only)."""
    case = load_case(session, case_id, principal, write=True)
    notes_uc.require_notes(principal, case, write=True)
    form = await request.form()
    try:
        data = CaseNoteCreate(
            kind=form.get("kind") or "mediation", body=(form.get("body") or "").strip()
        )
        notes_uc.add_note(session, case, data, principal)
    except (ValidationError, ConveneError) as exc:
        session.rollback()
        return _case_page(
            request, session, principal, case,
            errors={"note": "; ".join(form_errors(exc, full_path=True).values())}, status_code=422,
        )  # fmt: skip
    return redirect(f"/cases/{case.id}", "Note added")


@router.post("/cases/{case_id}/parties/{party_id}/texts-in-english")
def texts_in_english(
    case_id: int, party_id: int, session: SessionDep, principal: PageWriter, _csrf: Csrf
):
    """Record the coordinator's choice to text a party in English (their language has no texts)."""
    case = load_case(session, case_id, principal, write=True)
    person = languages.party_person(session, case, party_id)
    try:
        languages.choose_english(session, person, principal)
    except ConveneError as exc:
        return redirect(f"/cases/{case.id}", exc.message, anchor="parties")
    return redirect(
        f"/cases/{case.id}", f"{person.full_name} will be texted in English.", anchor="parties"
    )
