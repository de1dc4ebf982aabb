"""A coordinator imports referrals from a spreadsheet exported by Excel on Windows: the cases list
leads to the import, the preview lists every bad row at its spreadsheet row and file line before
anything is stored, the good rows are imported and appear among the cases."""

from __future__ import annotations

import re

from pw import shot, sign_in

# Excel's "CSV" on Windows in a Spanish locale: Windows-1252, semicolons, CRLF, an empty row,
# a description with a line break, US dates; rows 4 and 6 are bad.
SHEET = (
    "Program ; External_Ref ; referral_source ; referred_on ; zip ; description ; consent ; "
    "participant_name ; participant_mobile ; participant_language ; victim_name ; notes\r\n"
    'NJP;JRN-1;police;3/14/2025;90028;"Took two items.\r\nReturned one.";yes;José Peña;'
    "213-555-0161;es;Tienda;first\r\n"
    "NJP;JRN-2;police;03/15/25;90033;Graffiti;yes;Ana Núñez;(213) 555-0162;es;;\r\n"
    "NJP;JRN-3;police;3/16/2025;90033;Trespass;yes;;;;Corner store;\r\n"
    ";;;;;;;;;;;\r\n"
    "ZZZ;JRN-4;police;14/03/2025;90033;Noise;yes;Kim Park;213.555.0164 ext 2;en;;\r\n"
)


def _expected_422(page) -> None:
    """The preview of a file with bad rows answers 422 on purpose; nothing else may be logged."""
    page.errors[:] = [e for e in page.errors if "status of 422" not in e]


def test_a_coordinator_imports_referrals_from_a_spreadsheet(server, browser_page, tmp_path):
    page = browser_page
    sheet = tmp_path / "referidos.csv"
    sheet.write_bytes(SHEET.encode("cp1252"))
    page.goto(server + "/login")
    sign_in(page, "coordinator@convene.example", "imports-01-coordinator")

    page.goto(server + "/cases")
    page.click("a[href='/cases/import']")
    page.wait_for_url("**/cases/import")
    shot(page, "imports-02-upload")

    page.set_input_files("#file", str(sheet))
    page.click("form[action='/cases/import'] button[type=submit]")
    page.wait_for_load_state()
    status = page.locator("[role=status]").inner_text()
    assert "4 rows checked: 2 good, 2 with problems. Nothing has been stored." in status
    assert "Read as Windows-1252, separated by a semicolon (;)." in status
    main = page.locator("main").inner_text()
    assert "notes: not a column Convene reads; its cells are left out" in main
    rows = [
        [cell.strip() for cell in row.split("\t")]
        for row in page.locator("table.import-errors tbody tr").all_inner_texts()
    ]
    assert [
        "4",
        "participant_name",
        "a case needs a participant: give the name of the person referred (this row names only "
        "the victim)",
        "5",
    ] in rows
    # Row 6 of the sheet (after the empty row 5) starts on line 7 of the file: the line break
    # in row 2's description.
    assert [
        "6",
        "program",
        "ZZZ is not a program you coordinate: give a code such as NJP",
        "7",
    ] in rows
    # Every problem of that row at once, not the first alone.
    assert [
        "6",
        "referred_on",
        "14/03/2025 has no month 14: write the month first: give a date like 3/14/2026 or "
        "2026-03-14",
        "7",
    ] in rows
    assert [
        "6",
        "participant_mobile",
        "213.555.0164 ext 2 has an extension (2), which a text cannot reach: give the mobile "
        "number alone, like (213) 555-0100",
        "7",
    ] in rows
    _expected_422(page)
    shot(page, "imports-03-preview")
    other = page.context.new_page()  # the preview stays open in its tab
    other.goto(server + "/cases?q=JRN")
    assert "JRN-1" not in other.locator("main").inner_text()  # the preview stored nothing
    other.close()

    page.click("button[value=good]")
    page.wait_for_load_state()
    flash = page.locator(".flash").inner_text()
    assert flash.startswith("Imported 2 cases; skipped 2 rows")
    shot(page, "imports-04-imported")

    page.click("text=See the cases")
    page.wait_for_url(re.compile(r".*/cases$"))
    page.goto(server + "/cases?q=JRN")
    listed = page.locator("main").inner_text()
    assert "JRN-1" in listed and "JRN-2" in listed and "JRN-3" not in listed
    shot(page, "imports-05-cases")
    page.click("text=JRN-1")
    page.wait_for_url(re.compile(r".*/cases/\d+"))
    case = page.locator("main").inner_text()
    assert "José Peña" in case and "Took two items." in case
    shot(page, "imports-06-case")
