"""Admin page: a program's survey questions after each hearing, with each text's segment count."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
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
        unwritten=uc.unwritten(questions),
        defaults=uc.uses_defaults(session, program),
        max_segments=uc.MAX_SEGMENTS,
        errors=errors or {},
    )


async def typed_texts(request: Request) -> dict[str, list[str]]:
    """Each language's question texts as typed: the form's `text_LANG` fields, one per question
    (the languages are the page's, so the fields are not known in advance)."""
    form = await request.form()
    return {
        key.removeprefix("text_"): [str(v) for v in form.getlist(key)]
        for key in dict.fromkeys(form.keys())
        if key.startswith("text_") and 2 <= len(key) - 5 <= 8
    }


TypedTexts = Annotated[dict[str, list[str]], Depends(typed_texts)]


@router.get("/admin/programs/{program_id}/survey", response_class=HTMLResponse)
def survey_page(program_id: int, request: Request, session: SessionDep, principal: PageAdmin):
    """The questions texted after each hearing, in each language Convene texts, with segment
    counts."""
    program = programs_uc.get_program(session, program_id)
    return _page(request, session, principal, program, uc.program_questions(session, program))


@router.post("/admin/programs/{program_id}/survey")
def survey_save(
    program_id: int, request: Request, session: SessionDep, principal: PageAdmin, _csrf: Csrf,
    texts: TypedTexts, kind: FormList = [], fairness: FormStr = "",  # noqa: B006
):  # fmt: skip
    """Save the program's questions (surveys under way keep theirs), or show each field's reason."""
    program = programs_uc.get_program(session, program_id)
    # Only the languages the page offers: a field of another name is not a language to store.
    offered = uc.form_languages(uc.program_questions(session, program))
    texts = {lang: column for lang, column in texts.items() if lang in offered}
    try:
        uc.save_questions(session, program, uc.from_form(kind, texts, fairness), principal)
    except ConveneError as exc:
        session.rollback()
        program = programs_uc.get_program(session, program_id)
        # Re-shown as typed, blank rows in their place, so nothing typed is lost.
        shown = uc.as_typed(kind, texts, fairness)
        return _page(
            request, session, principal, program, shown, errors=form_errors(exc), status=422
        )
    return redirect(
        f"/admin/programs/{program_id}/survey", f"{program.code} survey questions saved."
    )
