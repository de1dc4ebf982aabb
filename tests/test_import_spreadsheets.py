"""Spreadsheets as coordinators export them (tests/data/imports/), imported through the command:
encodings, separators, empty rows, line breaks in cells, headers, duplicates, dates, phones."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import Session, select

from service import cli
from service.models import Case, Certification, Party, Person, Volunteer

DATA = Path(__file__).parent / "data" / "imports"
ROOT = Path(__file__).parent.parent

# file -> (exit code of a plain run, the summary line, what stderr must say)
EXPECTED = {
    "volunteers_windows1252.csv": (
        0,
        "3 rows read (Windows-1252, separated by a comma (,)); imported 3 volunteers",
        [],
    ),
    "volunteers_semicolon.csv": (
        1,
        "3 rows read (UTF-8, separated by a semicolon (;)); nothing imported: fix the rows above, "
        "or use --skip-bad to import the 2 volunteers that are good; 1 row refused",
        [
            "line 4 (spreadsheet row 4), column max_assignments_per_month: dos is not right: "
            "give a whole number"
        ],
    ),
    "volunteers_bom.csv": (0, "2 rows read (UTF-8, separated by a comma (,)); imported 2", []),
    "volunteers_tab.tsv": (0, "2 rows read (UTF-8, separated by a tab); imported 2 volunteers", []),
    "volunteers_empty_rows.csv": (
        1,
        "2 rows read",
        [
            "line 6 (spreadsheet row 6), column home_zip: 99999 is not a US ZIP code we know: "
            "give 5 digits 0-9, like 90028"
        ],
    ),
    "volunteers_spaced_headers.csv": (0, "imported 2 volunteers", []),
    "volunteers_misspelt.csv": (
        0,
        "1 row read (UTF-8, separated by a comma (,)); imported 1 volunteer",
        [
            "warning: mobil: not a column Convene reads (did you mean mobile?)",
            "warning: emial: not a column Convene reads (did you mean email?)",
            "warning: phone: not a column Convene reads (did you mean mobile?)",
            "warning: notes: not a column Convene reads; its cells are left out",
        ],
    ),
    "volunteers_duplicates.csv": (
        1,
        "4 rows read",
        [
            "line 3 (spreadsheet row 3), column email: dana.cruz@example.org is already on line "
            "2 of this file",
            "line 5 (spreadsheet row 5), column mobile: (424) 555-0131 is already on line 4",
        ],
    ),
    "volunteers_phones.csv": (
        1,
        "4 rows read",
        [
            "line 2 (spreadsheet row 2), column mobile: 213.555.0147 ext 2 has an extension (2), "
            "which a text cannot reach: give the mobile number alone, like (213) 555-0100",
            "line 3 (spreadsheet row 3), column mobile: 213-555-0148 x2 has an extension (2)",
            "line 4 (spreadsheet row 4), column mobile: (310) 555-ABCD has letters in it: give "
            "the number in digits, like (213) 555-0100",
        ],
    ),
    "volunteers_us_dates.csv": (
        1,
        "3 rows read",
        [
            "line 4 (spreadsheet row 4), column certifications: 14/03/2025 has no month 14: "
            "write the month first: give a date like 3/14/2026 or 2026-03-14"
        ],
    ),
    "cases_us_dates.csv": (
        1,
        "5 rows read",
        [
            "line 5 (spreadsheet row 5), column referred_on: 14/03/2025 has no month 14",
            "line 6 (spreadsheet row 6), column referred_on: 2/30/2025 is not a day of the "
            "calendar: give a date like 3/14/2026 or 2026-03-14",
        ],
    ),
    "cases_multiline.csv": (
        1,
        "2 rows read",
        [
            "line 4 (spreadsheet row 3), column participant_mobile: not-a-phone is not a phone "
            "number: give a number like (213) 555-0100"
        ],
    ),
    "cases_no_participant.csv": (
        1,
        "3 rows read",
        [
            "line 2 (spreadsheet row 2), column participant_name: a case needs a participant: "
            "give the name of the person referred",
            "line 3 (spreadsheet row 3), column participant_name: a case needs a participant: "
            "give the name of the person referred (this row names only the victim)",
        ],
    ),
    "cases_windows1252_semicolon.csv": (
        0,
        "2 rows read (Windows-1252, separated by a semicolon (;)); imported 2 cases",
        [],
    ),
}
# file -> (stored with --skip-bad, refused rows)
SKIP_BAD = {
    "volunteers_windows1252.csv": (3, 0),
    "volunteers_semicolon.csv": (2, 1),
    "volunteers_bom.csv": (2, 0),
    "volunteers_tab.tsv": (2, 0),
    "volunteers_empty_rows.csv": (1, 1),
    "volunteers_spaced_headers.csv": (2, 0),
    "volunteers_misspelt.csv": (1, 0),
    "volunteers_duplicates.csv": (2, 2),
    "volunteers_phones.csv": (1, 3),
    "volunteers_us_dates.csv": (2, 1),
    "cases_us_dates.csv": (3, 2),
    "cases_multiline.csv": (1, 1),
    "cases_no_participant.csv": (1, 2),
    "cases_windows1252_semicolon.csv": (2, 0),
}


def _what(name: str) -> str:
    return "cases" if name.startswith("cases_") else "volunteers"


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(["import", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_every_shape_has_a_file_and_an_expectation():
    assert {p.name for p in DATA.iterdir() if not p.name.startswith(".")} == set(EXPECTED) | {
        "volunteers_semicolon_wrong_headers.csv"
    }
    assert set(SKIP_BAD) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_spreadsheet_imports_as_expected(name, world, engine, capsys):
    code, summary, messages = EXPECTED[name]
    what, path = _what(name), str(DATA / name)
    got, out, err = _run(capsys, what, path)
    assert got == code, (out, err)
    assert summary in out, out
    for message in messages:
        assert message in err, err
    assert "Traceback" not in out + err and "String should" not in err and "Input should" not in err
    model = Case if what == "cases" else Volunteer
    with Session(engine) as s:
        stored = len(s.exec(select(model)).all())
    assert stored == (SKIP_BAD[name][0] if code == 0 else 0)
    # A dry run says what would be imported; --skip-bad stores exactly the good rows.
    imported, refused = SKIP_BAD[name]
    got, out, _ = _run(capsys, what, path, "--dry-run", "--json")
    report = json.loads(out)
    if code == 0:
        # Run again, every row is known by its mobile or email (Ivy Chen has neither: her
        # columns are misspelt, so nothing tells her apart from a namesake).
        again = 0 if name == "volunteers_misspelt.csv" else imported
        assert report["bad_rows"] == again and report["would_import"] == imported - again
    else:
        assert (report["would_import"], report["bad_rows"], report["imported"]) == (
            imported,
            refused,
            0,
        )
        got, out, _ = _run(capsys, what, path, "--skip-bad")
        assert got == 0 and f"imported {imported} " in out
        with Session(engine) as s:
            assert len(s.exec(select(model)).all()) == imported


def test_a_dry_run_says_what_would_be_imported(world, engine, capsys):
    code, out, _ = _run(capsys, "volunteers", str(DATA / "volunteers_phones.csv"), "--dry-run")
    assert code == 1
    assert (
        "would import 1 volunteer once the refused rows are fixed (or with --skip-bad); 3 rows"
        " refused" in out
    )
    code, out, _ = _run(capsys, "volunteers", str(DATA / "volunteers_bom.csv"), "--dry-run")
    assert code == 0 and out.strip().endswith("would import 2 volunteers")
    with Session(engine) as s:
        assert s.exec(select(Volunteer)).all() == []


def test_accents_dates_and_headers_are_stored_as_written(world, engine, capsys):
    for name in ("volunteers_windows1252.csv", "volunteers_spaced_headers.csv"):
        assert _run(capsys, "volunteers", str(DATA / name))[0] == 0
    _run(capsys, "volunteers", str(DATA / "volunteers_us_dates.csv"), "--skip-bad")
    _run(capsys, "cases", str(DATA / "cases_windows1252_semicolon.csv"))
    _run(capsys, "cases", str(DATA / "cases_us_dates.csv"), "--skip-bad")
    _run(capsys, "cases", str(DATA / "cases_multiline.csv"), "--skip-bad")
    with Session(engine) as s:
        people = {v.full_name: v for v in s.exec(select(Volunteer)).all()}
        assert {"José Peña", "Begoña Muñoz", "Zoë Ångström"} <= set(people)
        assert people["José Peña"].mobile == "+12135550161"
        # " 714-555-0111 " under the header " Mobile ", "priya@example.org" under " EMAIL"
        assert people["Priya Patel"].mobile == "+17145550111"
        assert people["Priya Patel"].email == "priya@example.org"
        assert people["Priya Patel"].home_lat is not None  # "home zip" matched home_zip
        certs = {c.volunteer_id: c for c in s.exec(select(Certification)).all()}
        ruth, hugo = people["Ruth Park"], people["Hugo Silva"]
        assert str(certs[ruth.id].completed_on) == "2025-03-14"
        assert str(certs[ruth.id].expires_on) == "2027-03-14"
        assert str(certs[hugo.id].completed_on) == "2025-03-14"
        cases = {c.external_ref: c for c in s.exec(select(Case)).all()}
        assert {str(cases[r].referred_on) for r in ("US-1", "US-2", "US-3")} == {"2025-03-14"}
        assert cases["ML-1"].description == "Took two items.\nReturned one the same day."
        es1 = cases["ES-1"]
        names = s.exec(
            select(Person.full_name)
            .join(Party, Party.person_id == Person.id)
            .where(Party.case_id == es1.id)
        ).all()
        assert set(names) == {"José Peña", "Tienda"} and es1.consent_at is not None


def test_duplicates_by_email_are_found_against_what_is_stored(world, engine, capsys):
    path = str(DATA / "volunteers_duplicates.csv")
    assert _run(capsys, "volunteers", path, "--skip-bad")[0] == 0
    code, out, err = _run(capsys, "volunteers", path, "--skip-bad")
    assert code == 0 and "imported 0 volunteers; 4 rows refused" in out
    assert "column email: Dana Cruz already has dana.cruz@example.org: the volunteer exists" in err
    assert "column mobile: Eli Moss already has (424) 555-0131" in err
    with Session(engine) as s:
        assert len(s.exec(select(Volunteer)).all()) == 2


def test_a_semicolon_file_without_the_columns_names_the_separator(world, capsys):
    path = str(DATA / "volunteers_semicolon_wrong_headers.csv")
    code, _, err = _run(capsys, "volunteers", path)
    assert code == 2
    assert (
        "the file has no full_name column (needed). Read with a semicolon (;) as the separator, "
        "its columns are: nombre, móvil, correo"
    ) in err


def _cli(tmp_path: Path, *argv: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "CONVENE_DATABASE_URL": f"sqlite:///{tmp_path / 'c.db'}"}
    return subprocess.run(
        [sys.executable, "-m", "service.cli", "import", *argv],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_missing_and_unreadable_files_get_one_line_not_a_traceback(tmp_path):
    # An import never creates the database it writes to: make it first, as a program would.
    env = {**os.environ, "CONVENE_DATABASE_URL": f"sqlite:///{tmp_path / 'c.db'}"}
    subprocess.run([sys.executable, "-m", "service.cli", "migrate"], cwd=ROOT, env=env, check=True,
                   capture_output=True, timeout=120)  # fmt: skip
    r = _cli(tmp_path, "volunteers", str(tmp_path / "nowhere.csv"))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert (
        r.stderr.strip() == f"convene import: cannot read {tmp_path / 'nowhere.csv'}: "
        "No such file or directory"
    )
    workbook = tmp_path / "vols.xlsx"
    workbook.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
    r = _cli(tmp_path, "volunteers", str(workbook))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "this is an Excel workbook, not a CSV file" in r.stderr
    garbage = tmp_path / "utf16.csv"
    garbage.write_bytes("full_name\nAna\n".encode("utf-16-le") + b"\x81\x8d")
    r = _cli(tmp_path, "volunteers", str(garbage))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "neither UTF-8 nor Windows-1252" in r.stderr
    r = _cli(tmp_path, "volunteers", str(tmp_path))
    assert r.returncode == 2 and "Traceback" not in r.stderr and "cannot read" in r.stderr


def test_one_row_lists_every_problem_it_has(world, engine, tmp_path, capsys):
    path = tmp_path / "one.csv"
    path.write_text(
        "program,external_ref,referred_on,consent,participant_name,victim_name\n"
        "ZZZ,A-1,14/03/2025,maybe,,Store,Main St\n"
    )
    code, out, err = _run(capsys, "cases", str(path))
    assert code == 1 and "nothing imported: fix the rows above; 1 row refused" in out
    lines = err.strip().splitlines()
    assert [line.split(":", 1)[0] for line in lines] == [
        "line 2 (spreadsheet row 2)",
        "line 2 (spreadsheet row 2), column program",
        "line 2 (spreadsheet row 2), column participant_name",
        "line 2 (spreadsheet row 2), column consent",
        "line 2 (spreadsheet row 2), column referred_on",
    ], err
    assert "(the extra: Main St): a cell holding the separator needs quotes" in lines[0]


def test_excel_unicode_text_is_read_and_phones_are_refused_everywhere(
    world, engine, tmp_path, capsys
):
    # Excel's "Unicode text": UTF-16 with a byte-order mark, tab-separated.
    path = tmp_path / "unicode.txt"
    path.write_bytes("full_name\tmobile\r\nŁucja Nowak\t(213) 555-0166\r\n".encode("utf-16"))
    code, out, _ = _run(capsys, "volunteers", str(path))
    assert code == 0 and "1 row read (UTF-16, separated by a tab); imported 1 volunteer" in out
    # The same phone rule holds for the API: an extension is not silently dropped.
    r = world.client.post(
        "/api/v1/volunteers",
        json={"full_name": "Ken Ito", "mobile": "213.555.0147 ext 2"},
        headers=world.admin,
    )
    assert r.status_code == 422 and "has an extension (2)" in r.text
    with Session(engine) as s:
        assert [v.full_name for v in s.exec(select(Volunteer)).all()] == ["Łucja Nowak"]
