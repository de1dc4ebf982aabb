"""Reminders before due dates with progress, re-keyed on extension; overdue flags; the jobs command."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from outcome_support import LA, agree, case_with_hearing, messages, obligation_row, today_la
from sqlmodel import Session, select

from service.cli import main as cli_main
from service.models import CaseEvent, Obligation
from service.outcomes.deadlines import run_jobs


def _jobs(engine, now):
    with Session(engine) as s:
        done = run_jobs(s, now)
        s.commit()
    return done


def _at(day, hour=10, minute=30):
    return datetime.combine(day, time(hour, minute), LA)


def _setup(ow):
    case, hearing = case_with_hearing(ow, days_ago=3)
    out = agree(ow, case, hearing, [{"kind": "community_service", "target": 20}, {"kind": "essay"}])
    hours, essay = out["agreement"]["obligations"]
    for back, h in ((1, 8), (2, 4)):
        ow.client.post(
            f"/api/v1/obligations/{hours['id']}/service-logs",
            json={
                "worked_on": (today_la() - timedelta(days=back)).isoformat(),
                "hours": h,
                "verified": True,
            },
            headers=ow.coordinator,
        )
    return case, hours, essay


def test_reminders_carry_progress_and_follow_an_extension(ow, engine):
    case, hours, essay = _setup(ow)
    due = datetime.fromisoformat(hours["due_date"]).date()
    assert _jobs(engine, _at(due - timedelta(days=8)))["reminders"] == 0  # too early
    assert _jobs(engine, _at(due - timedelta(days=7)))["reminders"] == 2  # both obligations
    again = _jobs(engine, _at(due - timedelta(days=7), 11))
    assert again["reminders"] == 0  # once per reminder day: the dedupe key holds
    sent = messages(engine, kind="obligation_reminder")
    by_key = {m.dedupe_key: m for m in sent}
    key = f"obligation-reminder:o{hours['id']}:{due}:7d:p"
    [hours_msg] = [m for k, m in by_key.items() if k.startswith(key)]
    assert "12 de 20 horas hechas" in hours_msg.body and "servicio comunitario" in hours_msg.body
    assert hours_msg.language == "es" and hours_msg.audience == "participant"
    assert hours_msg.case_id == case["id"]
    essay_msg = next(m for m in sent if m is not hours_msg)
    assert "ensayo" in essay_msg.body and "avance" not in essay_msg.body
    # Extending the due date cancels what is still queued and the new date brings new keys.
    later = due + timedelta(days=14)
    r = ow.client.post(
        f"/api/v1/obligations/{hours['id']}/extend",
        json={"due_date": later.isoformat(), "reason": "illness"},
        headers=ow.coordinator,
    )
    assert r.status_code == 200
    statuses = {m.dedupe_key: m.status for m in messages(engine, kind="obligation_reminder")}
    assert statuses[hours_msg.dedupe_key] == "cancelled"
    # The essay's reminder, cancelled alongside, is queued again under a fresh key.
    assert _jobs(engine, _at(due - timedelta(days=7), 12))["reminders"] == 1
    assert _jobs(engine, _at(later - timedelta(days=7)))["reminders"] == 1
    new = [
        m for m in messages(engine, kind="obligation_reminder") if f":{later}:7d:" in m.dedupe_key
    ]
    assert len(new) == 1 and new[0].status == "queued" and "12 de 20" in new[0].body
    assert _jobs(engine, _at(later - timedelta(days=1)))["reminders"] == 1
    one_day = [
        m for m in messages(engine, kind="obligation_reminder") if f":{later}:1d:" in m.dedupe_key
    ]
    assert len(one_day) == 1


def test_no_reminder_after_completion_and_texts_never_carry_the_label(ow, engine):
    case, hours, essay = _setup(ow)
    ow.client.post(
        f"/api/v1/obligations/{essay['id']}/complete",
        json={"proof_note": "received"},
        headers=ow.coordinator,
    )
    due = datetime.fromisoformat(hours["due_date"]).date()
    _jobs(engine, _at(due - timedelta(days=7)))
    sent = messages(engine, kind="obligation_reminder")
    assert len(sent) == 1 and f"o{hours['id']}" in sent[0].dedupe_key


def test_overdue_obligations_are_flagged_once_and_an_extension_reopens_them(ow, engine):
    case, hours, essay = _setup(ow)
    due = datetime.fromisoformat(hours["due_date"]).date()
    assert _jobs(engine, _at(due, 23))["overdue"] == 0  # due today is not late
    assert _jobs(engine, _at(due + timedelta(days=1), 0, 5))["overdue"] == 2
    assert _jobs(engine, _at(due + timedelta(days=2)))["overdue"] == 0
    assert obligation_row(engine, hours["id"]).status == "overdue"
    with Session(engine) as s:
        flags = s.exec(
            select(CaseEvent).where(CaseEvent.case_id == case["id"], CaseEvent.kind == "overdue")
        ).all()
    assert len(flags) == 2
    # No reminder for an overdue obligation.
    assert _jobs(engine, _at(due + timedelta(days=2)))["reminders"] == 0
    # Extending reopens it (its due date is now ahead).
    r = ow.client.post(
        f"/api/v1/obligations/{essay['id']}/extend",
        json={"due_date": (due + timedelta(days=30)).isoformat(), "reason": "new class date"},
        headers=ow.coordinator,
    )
    assert r.json()["status"] == "open"
    # An overdue obligation can still be completed late.
    r = ow.client.post(
        f"/api/v1/obligations/{essay['id']}/complete",
        json={"proof_note": "late but done"},
        headers=ow.coordinator,
    )
    assert r.json()["status"] == "completed"


def test_jobs_command_flags_what_is_overdue_now(ow, engine, capsys):
    case, hours, essay = _setup(ow)
    with Session(engine) as s:
        row = s.get(Obligation, hours["id"])
        row.due_date = today_la() - timedelta(days=1)
        s.add(row)
        s.commit()
    assert cli_main(["jobs"]) == 0
    assert "1 obligation(s) flagged overdue" in capsys.readouterr().out
    assert obligation_row(engine, hours["id"]).status == "overdue"
    assert obligation_row(engine, essay["id"]).status == "open"


def test_overdue_obligations_are_listed_for_the_programs_coordinators(ow, engine):
    case, hours, essay = _setup(ow)
    due = datetime.fromisoformat(hours["due_date"]).date()
    _jobs(engine, _at(due + timedelta(days=1)))
    r = ow.client.get("/api/v1/obligations", params={"status": "overdue"}, headers=ow.coordinator)
    assert r.status_code == 200
    assert r.json()["total"] == 2 and {o["id"] for o in r.json()["items"]} == {
        hours["id"],
        essay["id"],
    }
    r = ow.client.get(
        "/api/v1/obligations", params={"status": "overdue"}, headers=ow.drp_coordinator
    )
    assert r.json()["total"] == 0
    r = ow.client.get("/api/v1/obligations", params={"status": "open"}, headers=ow.coordinator)
    assert r.json()["total"] == 0
