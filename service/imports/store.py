"""The steps every import shares: read the file, then store all, the good rows or nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from service.imports.cells import CellError
from service.imports.report import ImportReport
from service.imports.sheet import Sheet, SheetRow, decode, read_sheet


def sheet_of(
    content: bytes | str, known: tuple[str, ...], required: set[str], what: str, dry_run: bool
) -> tuple[Sheet, ImportReport]:
    """The file read as a sheet, and a report that starts with what reading it found."""
    text, encoding = decode(content) if isinstance(content, bytes) else (content, "UTF-8")
    sheet = read_sheet(text, known, required, encoding=encoding)
    report = ImportReport(
        what=what,
        rows=len(sheet.rows),
        warnings=sheet.warnings,
        encoding=encoding,
        separator=sheet.separator,
        dry_run=dry_run,
    )
    return sheet, report


def extra_cells(row: SheetRow, columns: int) -> CellError:
    """A row with more cells than the header has columns: a separator inside an unquoted cell."""
    return CellError(
        "",
        f"this row has more cells than the header's {columns} columns (the extra: "
        f"{', '.join(row.extra)}): a cell holding the separator needs quotes around it",
    )


def store(
    report: ImportReport, good: Iterable, skip_bad: bool, dry_run: bool, create: Callable
) -> None:
    """Store the good rows unless this is a dry run or a bad row stops the whole file."""
    report.good = len(list(good))
    if dry_run or (report.errors and not skip_bad):
        return
    for data in good:
        create(data)
        report.imported += 1
