"""What an import found and did: row problems at the file's line and the spreadsheet's row."""

from __future__ import annotations

from dataclasses import dataclass, field

from service.errors import ConveneError

SEPARATOR_WORDS = {",": "a comma (,)", ";": "a semicolon (;)", "\t": "a tab"}


class CsvError(ConveneError):
    """The file itself cannot be read as the expected CSV."""

    status_code = 422
    code = "csv_invalid"


@dataclass
class RowError:
    """One thing wrong with one row: where (file line, spreadsheet row, column) and why."""

    line: int
    row: int
    column: str | None
    reason: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f" (spreadsheet row {self.row})" if self.row else "")
        return (
            f"{where}, column {self.column}: {self.reason}"
            if self.column
            else (f"{where}: {self.reason}")
        )


@dataclass
class ImportReport:
    """What an import found and did."""

    what: str = "rows"
    rows: int = 0
    imported: int = 0
    good: int = 0
    errors: list[RowError] = field(default_factory=list)
    bad_lines: set[int] = field(default_factory=set)
    # Referrals the eligibility screen refuses: good rows, stored as not eligible with the reason
    # (so "referred" counts everything received), listed here by line.
    not_eligible: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    encoding: str = "UTF-8"
    separator: str = ","
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        """True when every row was good."""
        return not self.errors

    @property
    def read_as(self) -> str:
        """'Windows-1252, separated by a semicolon (;)'."""
        return f"{self.encoding}, separated by {SEPARATOR_WORDS[self.separator]}"

    @property
    def refused(self) -> int:
        """How many rows have a problem."""
        return len(self.bad_lines)

    def noun(self, n: int) -> str:
        """'1 volunteer', '12 cases'."""
        return f"{n} {self.what[:-1] if n == 1 else self.what}"

    def summary(self, skip_bad: bool) -> str:
        """One sentence: what was (or would be) imported and what was refused."""
        refused = f"{self.refused} row{'' if self.refused == 1 else 's'} refused"
        if self.dry_run:
            told = f"would import {self.noun(self.good)}"
            if self.errors and not skip_bad:
                told += " once the refused rows are fixed (or with --skip-bad)"
        elif self.errors and not skip_bad:
            told = "nothing imported: fix the rows above" + (
                f", or use --skip-bad to import the {self.noun(self.good)} that are good"
                if self.good
                else ""
            )
        else:
            told = f"imported {self.noun(self.imported)}"
        return f"{told}; {refused}" if self.errors else told

    def as_dict(self) -> dict:
        """A JSON-friendly summary."""
        return {
            "rows": self.rows,
            "imported": self.imported,
            "would_import": self.good,
            "bad_rows": self.refused,
            "dry_run": self.dry_run,
            "encoding": self.encoding,
            "separator": self.separator,
            "warnings": self.warnings,
            "errors": [e.__dict__ for e in self.errors],
            "not_eligible": [e.__dict__ for e in self.not_eligible],
        }
