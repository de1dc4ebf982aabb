"""CSV intake: every bad row reported with line, column and reason; nothing stored until clean."""

from __future__ import annotations

import json

from sqlalchemy import func
from sqlmodel import Session, select

from service import cli
from service.models import Case, Volunteer

CASES_HEADER = (
    "program,external_ref,referral_source,referred_on,zip,consent,domestic_violence,protective_order,"
    "participant_name,participant_mobile,participant_language,participant_sms_consent,victim_name\n"
)
GOOD = "NJP,CSV-1,police,2026-11-02,90028,yes,no,no,Jordan Lee,323-555-0199,es,yes,Market owner\n"
BAD_ROWS = (
    "NJP,CSV-2,police,2026-11-02,90028,yes,no,no,Sam Ortiz,not-a-phone,en,yes,\n"  # line 3: phone
    "NJP,CSV-3,twitter,2026-11-02,90028,yes,no,no,Kim Park,,en,no,\n"  # line 4: source
    "NJP,CSV-4,police,2026-11-02,90028,yes,yes,no,Lee Ray,,en,no,\n"  # line 5: DV: not eligible
    "XYZ,CSV-5,police,2026-11-02,90028,yes,no,no,Al Bo,,en,no,\n"  # line 6: program
    "NJP,CSV-1,police,2026-11-02,90028,yes,no,no,Jo Doe,,en,no,\n"  # line 7: duplicate of line 2
    "NJP,CSV-6,police,2026-11-02,90028,maybe,no,no,Jo Doe,,en,no,\n"  # line 8: consent flag
)


def _count(engine, model) -> int:
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(model)).one()


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_bad_rows_are_all_reported_and_nothing_is_imported(world, engine, tmp_path, capsys):
    path = _write(tmp_path, "cases.csv", CASES_HEADER + GOOD + BAD_ROWS)
    code = cli.main(["import", "cases", path, "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert report["rows"] == 7 and report["imported"] == 0 and report["bad_rows"] == 5
    found = {(e["line"], e["column"]) for e in report["errors"]}
    assert {
        (3, "participant_mobile"),
        (4, "referral_source"),
        (6, "program"),
        (7, "external_ref"),
        (8, "consent"),
    } <= found
    assert 5 not in {e["line"] for e in report["errors"]}
    # A referral the screen refuses is no error (#16.11): it is kept as not eligible.
    [dv] = report["not_eligible"]
    assert dv["line"] == 5 and "domestic violence" in dv["reason"]
    assert _count(engine, Case) == 0


def test_skip_bad_imports_exactly_the_good_rows(world, engine, tmp_path, capsys):
    path = _write(tmp_path, "cases.csv", CASES_HEADER + GOOD + BAD_ROWS)
    code = cli.main(["import", "cases", path, "--skip-bad"])
    out = capsys.readouterr()
    assert code == 0
    assert (
        "7 rows read (UTF-8, separated by a comma (,)); imported 2 cases; 5 rows refused" in out.out
    )
    assert "line 3 (spreadsheet row 3), column participant_mobile" in out.err
    assert (
        "line 5 (spreadsheet row 5), column screening: not eligible (kept as such): it involves"
        in out.out
    )
    with Session(engine) as s:
        case, refused = s.exec(select(Case).order_by(Case.external_ref)).all()
        assert (
            case.external_ref == "CSV-1"
            and case.consent_at is not None
            and case.referral_source == "police"
        )
        assert refused.external_ref == "CSV-4" and refused.status == "ineligible"
        assert "domestic violence" in refused.close_reason


def test_clean_file_imports_everything(world, engine, tmp_path, capsys):
    rows = "".join(
        f"NJP,OK-{i},community,2026-11-0{i},90033,yes,no,no,Person {i},213-555-01{i:02d},en,yes,\n"
        for i in range(1, 6)
    )
    assert cli.main(["import", "cases", _write(tmp_path, "ok.csv", CASES_HEADER + rows)]) == 0
    assert _count(engine, Case) == 5


def test_missing_columns_are_named(world, tmp_path, capsys):
    assert cli.main(["import", "cases", _write(tmp_path, "x.csv", "program,name\nNJP,x\n")]) == 2
    assert "external_ref" in capsys.readouterr().err


VOL_HEADER = "full_name,mobile,email,languages,home_zip,max_assignments_per_month,certifications,availability\n"


def test_volunteer_import_report_and_dry_run(world, engine, tmp_path, capsys):
    text = VOL_HEADER + (
        "Ana Morales,323-555-0142,ana@example.org,en;es,90028,4,"
        "njp_panelist:2025-01-10:2027-01-10:25,tue 17:30-21:00; sat 09:00-13:00\n"
        "Ben Park,323-555-0142,,en;ko,90005,3,,wed 18:00-21:00\n"  # same mobile as line 2
        "Cy Doe,,,en,90028,3,mediator,thu 18:00-21:00\n"  # certification without a date
        "Di Roe,,,en,90028,3,,thu 21:00-18:00\n"  # window backwards
        "Ed Poe,,,en,99999,3,,funday 18:00-21:00\n"  # ZIP and day
    )
    path = _write(tmp_path, "v.csv", text)
    assert cli.main(["import", "volunteers", path, "--json", "--dry-run"]) == 1
    report = json.loads(capsys.readouterr().out)
    lines = {e["line"]: e for e in report["errors"]}
    assert set(lines) == {3, 4, 5, 6}
    assert lines[3]["column"] == "mobile"
    assert lines[4]["column"] == "certifications"
    assert lines[5]["column"] == "availability"
    assert {e["column"] for e in report["errors"] if e["line"] == 6} >= {"home_zip", "availability"}
    assert _count(engine, Volunteer) == 0
    assert cli.main(["import", "volunteers", path, "--skip-bad"]) == 0
    with Session(engine) as s:
        ana = s.exec(select(Volunteer)).one()
        assert ana.mobile == "+13235550142" and ana.home_lat is not None
