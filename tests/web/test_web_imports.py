"""The import pages with the spreadsheets of tests/data/imports: a preview of every bad row
before anything is stored, then the good rows; cases in the coordinator's programs only."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from sqlmodel import Session, select
from web_support import assert_accessible, page, sign_in

from service.models import AuditEvent, Case, Party, Person, Volunteer

DATA = Path(__file__).parent.parent / "data" / "imports"
# file -> (rows the preview finds bad, rows then imported, a reason the preview must show)
FILES = {
    "volunteers_windows1252.csv": (0, 3, None),
    "volunteers_semicolon.csv": (1, 2, "dos is not right: give a whole number"),
    "volunteers_bom.csv": (0, 2, None),
    "volunteers_tab.tsv": (0, 2, None),
    "volunteers_empty_rows.csv": (1, 1, "99999 is not a US ZIP code we know"),
    "volunteers_spaced_headers.csv": (0, 2, None),
    "volunteers_misspelt.csv": (0, 1, "mobil: not a column Convene reads (did you mean mobile?)"),
    "volunteers_duplicates.csv": (2, 2, "dana.cruz@example.org is already on line 2"),
    "volunteers_phones.csv": (3, 1, "(310) 555-ABCD has letters in it"),
    "volunteers_us_dates.csv": (1, 2, "14/03/2025 has no month 14"),
    "cases_us_dates.csv": (2, 3, "2/30/2025 is not a day of the calendar"),
    "cases_multiline.csv": (1, 1, "not-a-phone is not a phone number"),
    "cases_no_participant.csv": (2, 1, "a case needs a participant"),
    "cases_windows1252_semicolon.csv": (0, 2, None),
}


@pytest.fixture
def coordinator(world, client, engine):
    """A signed-in NJP coordinator's CSRF token."""
    return sign_in(client, engine, "coordinator", [world.njp["id"]])


def _count(engine, model) -> int:
    with Session(engine) as s:
        return len(s.exec(select(model)).all())


def _upload(client, csrf, url, name, **data):
    return client.post(
        url,
        data={"csrf_token": csrf, "action": "preview", **data},
        files={"file": (name, (DATA / name).read_bytes(), "text/csv")},
    )


def _hidden(page_html: str) -> str:
    return html.unescape(page_html.split('name="csv_text" value="', 1)[1].split('"', 1)[0])


@pytest.mark.parametrize("name", sorted(FILES))
def test_each_spreadsheet_previews_then_imports_its_good_rows(
    name, world, client, engine, coordinator
):
    bad, imported, reason = FILES[name]
    what = "cases" if name.startswith("cases_") else "volunteers"
    model = Case if what == "cases" else Volunteer
    url = f"/{what}/import"
    r = _upload(client, coordinator, url, name)
    assert r.status_code == (422 if bad else 200), r.text
    assert_accessible(r.text)
    assert "Nothing has been stored" in r.text and "Traceback" not in r.text
    assert f"<strong>{bad}</strong> with problems" in r.text
    if reason:
        assert reason in r.text
    assert "String should" not in r.text and "Input should" not in r.text
    assert _count(engine, model) == 0
    action = "good" if bad else "all"
    r = client.post(
        url, data={"csrf_token": coordinator, "action": action, "csv_text": _hidden(r.text)}
    )
    assert r.status_code == 200
    assert f"Imported <strong>{imported}</strong>" in r.text
    assert _count(engine, model) == imported
    with Session(engine) as s:
        [event] = s.exec(select(AuditEvent).where(AuditEvent.action == "import")).all()
        assert event.entity == what[:-1] and f"{imported} {what} imported" in event.detail


def test_accented_names_from_windows_excel_are_stored_as_written(
    world, client, engine, coordinator
):
    r = _upload(client, coordinator, "/cases/import", "cases_windows1252_semicolon.csv")
    assert r.status_code == 200 and "Import all 2 rows" in r.text
    assert "Read as Windows-1252, separated by a semicolon (;)." in r.text
    client.post(
        "/cases/import",
        data={"csrf_token": coordinator, "action": "all", "csv_text": _hidden(r.text)},
    )
    with Session(engine) as s:
        names = set(s.exec(select(Person.full_name).join(Party)).all())
    assert {"José Peña", "María José Núñez"} <= names
    html = page(client, "/cases")
    assert "ES-1" in html and "ES-2" in html


def test_the_multiline_row_shows_its_line_and_its_spreadsheet_row(world, client, coordinator):
    r = _upload(client, coordinator, "/cases/import", "cases_multiline.csv")
    assert "<tr><td>3</td><td>participant_mobile</td>" in r.text  # spreadsheet row 3...
    assert "(213) 555-0100</td><td>4</td></tr>" in r.text  # ...on the file's line 4


def test_a_coordinator_imports_cases_only_into_their_programs(world, client, engine, coordinator):
    csv_text = (
        "program,external_ref,participant_name\n"
        "NJP,OWN-1,Ana Ruiz\n"
        "DRP,OTHER-1,Bo Li\n"
        "XYZ,NONE-1,Cy Doe\n"
    )
    r = client.post(
        "/cases/import",
        data={"csrf_token": coordinator, "action": "preview", "csv_text": csv_text},
    )
    assert r.status_code == 422
    assert "DRP is not a program you coordinate: give a code such as NJP" in r.text
    assert "XYZ is not a program you coordinate" in r.text
    r = client.post(
        "/cases/import", data={"csrf_token": coordinator, "action": "good", "csv_text": csv_text}
    )
    assert "Imported <strong>1</strong> case" in r.text
    with Session(engine) as s:
        [case] = s.exec(select(Case)).all()
    assert case.external_ref == "OWN-1" and case.program_id == world.njp["id"]


def test_a_program_chosen_on_the_page_serves_a_file_without_the_column(
    world, client, engine, coordinator
):
    form = page(client, "/cases/import")
    assert 'name="program_id"' in form and "Dispute Resolution" not in form
    csv_text = "external_ref,participant_name,referred_on\nNOP-1,Ana Ruiz,3/14/2025\n"
    r = client.post(
        "/cases/import",
        data={"csrf_token": coordinator, "csv_text": csv_text},
    )
    assert r.status_code == 422 and "the file has no program column" in r.text
    data = {"csrf_token": coordinator, "csv_text": csv_text, "program_id": str(world.njp["id"])}
    r = client.post("/cases/import", data=data)
    assert r.status_code == 200 and "Rows without a program go to Neighborhood Justice" in r.text
    r = client.post("/cases/import", data=data | {"action": "all"})
    assert "Imported <strong>1</strong> case" in r.text
    r = client.post("/cases/import", data=data | {"program_id": str(world.drp["id"])})
    assert r.status_code == 422 and "choose one of your programs" in r.text
    assert _count(engine, Case) == 1


def test_the_cases_list_links_the_import_and_the_page_is_guarded(
    world, client, engine, coordinator
):
    assert 'href="/cases/import"' in page(client, "/cases")
    r = client.post("/cases/import", data={"csv_text": "program,external_ref\n"})
    assert r.status_code == 403  # no CSRF token
    sign_in(client, engine, "viewer", [world.njp["id"]])
    page(client, "/cases/import", status=403)
    assert 'href="/cases/import"' not in page(client, "/cases")


def test_an_excel_workbook_is_refused_in_words(world, client, coordinator):
    r = client.post(
        "/cases/import",
        data={"csrf_token": coordinator, "action": "preview"},
        files={"file": ("cases.xlsx", b"PK\x03\x04" + bytes(200), "application/octet-stream")},
    )
    assert r.status_code == 422 and "this is an Excel workbook, not a CSV file" in r.text
    assert_accessible(r.text)
