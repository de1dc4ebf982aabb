"""A spreadsheet's CSV as coordinators export it: its encoding, separator, headers and rows."""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import re
from dataclasses import dataclass, field

from service.imports.report import SEPARATOR_WORDS, CsvError

# Headers people write for a column under another name: suggested, never taken silently.
SYNONYMS = {
    "phone": "mobile",
    "cell": "mobile",
    "cell_phone": "mobile",
    "telephone": "mobile",
    "mobile_phone": "mobile",
    "name": "full_name",
    "e_mail": "email",
    "zip_code": "zip",
    "zipcode": "zip",
    "language": "languages",
}


@dataclass
class SheetRow:
    """One data row: the file's line it starts on, its spreadsheet row and its cells by column."""

    line: int
    row: int
    cells: dict[str, str]
    extra: list[str] = field(default_factory=list)

    def get(self, column: str, default: str = "") -> str:
        """A cell's text, trimmed ('' when the column is absent)."""
        return (self.cells.get(column) or default).strip()


@dataclass
class Sheet:
    """What was read: the encoding, the separator, the columns, warnings and the data rows."""

    encoding: str
    separator: str
    columns: list[str]
    rows: list[SheetRow]
    warnings: list[str]


def decode(raw: bytes) -> tuple[str, str]:
    """The file's text and the encoding it was read in: UTF-8 (BOM or not), UTF-16 with a BOM
    (Excel's "Unicode text"), else Windows-1252 (Excel's "CSV" on Windows); or one clear refusal."""
    if raw.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise CsvError(
            "this is an Excel workbook, not a CSV file: in Excel choose File > Save As > "
            "CSV UTF-8 (Comma delimited), then import that file"
        )
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            pass
    else:
        try:
            return raw.decode("utf-8-sig"), "UTF-8"
        except UnicodeDecodeError:
            pass
        if b"\x00" not in raw:
            try:
                return raw.decode("cp1252"), "Windows-1252"
            except UnicodeDecodeError:
                pass
    raise CsvError(
        "the file is not text Convene can read (neither UTF-8 nor Windows-1252): save it from "
        "your spreadsheet as CSV UTF-8 and import that file"
    )


def header_name(text: str) -> str:
    """A header as Convene matches it: trimmed, lower case, spaces and dashes as underscores."""
    return re.sub(r"[\s\-]+", "_", text.strip().lower())


def _separator(text: str) -> str:
    # The header row decides: column names never hold a separator, where data cells may
    # ("en;es" in a comma-separated file). A single column falls back to the comma.
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: first.count(sep) for sep in SEPARATOR_WORDS}
    best = max(counts, key=lambda sep: counts[sep])
    if counts[best]:
        return best
    try:
        return csv.Sniffer().sniff(text[:8192], delimiters="".join(SEPARATOR_WORDS)).delimiter
    except csv.Error:
        return ","


def suggestion(name: str, known: tuple[str, ...]) -> str | None:
    """The known column a misspelt or other-named header most likely meant."""
    if SYNONYMS.get(name) in known:
        return SYNONYMS[name]
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.75)
    return close[0] if close else None


def _records(text: str, separator: str):
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    start = 1
    row = 0
    try:
        for cells in reader:
            row += 1
            yield start, row, cells
            start = reader.line_num + 1
    except csv.Error as exc:
        raise CsvError(
            f"the file cannot be read as CSV at line {reader.line_num} ({exc}); check for a "
            'quote (") that is opened and never closed'
        ) from None


def read_sheet(
    text: str, known: tuple[str, ...], required: set[str], *, encoding: str = "UTF-8"
) -> Sheet:
    """Read the header and every row that holds something (Excel's empty `,,,,` rows are
    skipped); unknown columns become warnings, missing required ones one refusal."""
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        raise CsvError("the file holds NUL characters: save it from your spreadsheet as CSV UTF-8")
    separator = _separator(text)
    records = _records(text, separator)
    header: list[str] | None = None
    for _line, _row, cells in records:
        if any(c.strip() for c in cells):
            header = [header_name(c) for c in cells]
            break
    if header is None:
        raise CsvError("the file is empty: it has no header row and no rows")
    warnings = _header_warnings(header, known)
    missing = sorted(required - set(header))
    if missing:
        seen = ", ".join(h for h in header if h) or "none"
        raise CsvError(
            f"the file has no {' or '.join(missing)} column (needed). Read with "
            f"{SEPARATOR_WORDS[separator]} as the separator, its columns are: {seen}"
        )
    rows: list[SheetRow] = []
    for line, row, cells in records:
        if not any(c.strip() for c in cells):
            continue
        # A line break inside a cell is kept as one "\n", whatever the file's line ends.
        named = {
            h: c.replace("\r\n", "\n").replace("\r", "\n")
            for h, c in zip(header, cells, strict=False)
            if h in known
        }
        extra = [c for c in cells[len(header) :] if c.strip()]
        rows.append(SheetRow(line, row, named, extra))
    return Sheet(encoding, separator, header, rows, warnings)


def _header_warnings(header: list[str], known: tuple[str, ...]) -> list[str]:
    warnings = []
    for position, name in enumerate(header, start=1):
        if not name:
            continue
        if header.index(name) < position - 1:
            raise CsvError(f"the column {name} appears twice in the header; keep one")
        if name in known:
            continue
        hint = suggestion(name, known)
        warnings.append(
            f"{name}: not a column Convene reads"
            + (f" (did you mean {hint}?)" if hint else "")
            + "; its cells are left out"
        )
    return warnings
