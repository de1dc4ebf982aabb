"""Admin page: a program's survey questions after each hearing, with each text's segment count."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from service import programs as programs_uc
from service.deps import SessionDep
from service.errors import ConveneError
from service.surveys import questions as uc
from service.web.admin_access import PageAdmin
from service.web.base import Csrf, form_errors, redirect, render

router = APIRouter(include_in_schema=False)
FormList = Annotated[list[str], Form()]
FormStr = Annotated[str, Form()]


def _page(request, session, principal, program, questions, *, errors=None, status=200):
    return render(
        request,
        "admin/survey.html",
        principal,
        status_code=status,
        program=program,
        rows=uc.form_rows(program, questions),
        defaults=uc.uses_defaults(session, program),
        max_segments=uc.MAX_SEGMENTS,
        errors=errors or {},
    )


@router.get("/admin/programs/{program_id}/survey", response_class=HTMLResponse)
def survey_page(program_id: int, request: Request, session: SessionDep, principal: PageAdmin):
    """The questions texted after each hearing, in English and Spanish, with segment counts."""
    program = programs_uc.get_program(session, program_id)
    return _page(request, session, principal, program, uc.program_questions(session, program))


@router.post("/admin/programs/{program_id}/survey")
def survey_save(
    program_id: int, request: Request, session: SessionDep, principal: PageAdmin, _csrf: Csrf,
    kind: FormList = [], text_en: FormList = [], text_es: FormList = [],  # noqa: B006
    fairness: FormStr = "",
):  # fmt: skip
    """Save the program's questions (surveys under way keep theirs), or show each field's reason."""
    program = programs_uc.get_program(session, program_id)
    typed = uc.from_form(kind, text_en, text_es, fairness)
    try:
        uc.save_questions(session, program, typed, principal)
    except ConveneError as exc:
        session.rollback()
        program = programs_uc.get_program(session, program_id)
        # Re-shown as typed, blank rows in their place, so nothing typed is lost.
        shown = [
            uc.Question(k, e, s, fairness == str(n))
            for n, (k, e, s) in enumerate(zip(kind, text_en, text_es, strict=False), start=1)
        ]
        return _page(
            request, session, principal, program, shown, errors=form_errors(exc), status=422
        )
    return redirect(
        f"/admin/programs/{program_id}/survey", f"{program.code} survey questions saved."
    )
