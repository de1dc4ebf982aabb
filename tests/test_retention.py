"""Retention: closed cases past the period lose names, phones and message bodies; counts stay."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from service import cli
from service.models import AuditEvent, Case, InboundMessage, Message, Person


def test_old_closed_cases_are_anonymised_and_the_rest_kept(world, client, engine, capsys):
    old = world.case("OLD-1")
    recent = world.case("NEW-1")
    shared_person = old["parties"][0]["person"]["id"]
    client.post(
        f"/api/v1/cases/{recent['id']}/parties",
        json={"role": "other_party", "person_id": shared_person},
        headers=world.coordinator,
    )
    lonely = old["parties"][1]["person"]["id"]
    with Session(engine) as s:
        case = s.get(Case, old["id"])
        case.status, case.closed_at = "completed", datetime.now(UTC) - timedelta(days=1200)
        s.add(case)
        s.add(
            Message(to_address="+13235550199", body="Hola Jordan, your meeting...", case_id=case.id)
        )
        s.add(
            InboundMessage(
                provider_id="SM-old", from_number="+13235550199", body="sí", case_id=case.id
            )
        )
        s.commit()
    assert cli.main(["retention", "--days", "1095"]) == 0
    assert "anonymised 1 cases" in capsys.readouterr().out
    with Session(engine) as s:
        case = s.get(Case, old["id"])
        assert case.description == "[removed]" and case.external_ref.startswith("anonymised-")
        assert case.status == "completed"  # reports still count it
        assert (
            s.get(Person, lonely).full_name.startswith("Anonymised")
            and s.get(Person, lonely).mobile is None
        )
        assert s.get(Person, shared_person).mobile == "+13235550199"  # still party to an open case
        assert s.exec(select(Message).where(Message.case_id == case.id)).one().body == "[removed]"
        assert (
            s.exec(select(InboundMessage).where(InboundMessage.case_id == case.id))
            .one()
            .from_number
            == "[removed]"
        )
        assert s.get(Case, recent["id"]).description != "[removed]"
        assert (
            s.exec(select(AuditEvent).where(AuditEvent.action == "anonymise")).first() is not None
        )
    assert cli.main(["retention", "--days", "1095"]) == 0  # safe to run again
    assert "anonymised 0 cases" in capsys.readouterr().out
