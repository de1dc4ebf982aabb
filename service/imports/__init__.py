"""Spreadsheet (CSV) import of referrals and volunteers: every bad row reported before anything
is stored, at the file's line and the spreadsheet's row."""

from service.imports.cases import CASE_COLUMNS, import_cases
from service.imports.report import CsvError, ImportReport, RowError
from service.imports.sheet import SEPARATOR_WORDS, decode
from service.imports.volunteers import VOLUNTEER_COLUMNS, import_volunteers

__all__ = [
    "CASE_COLUMNS",
    "SEPARATOR_WORDS",
    "VOLUNTEER_COLUMNS",
    "CsvError",
    "ImportReport",
    "RowError",
    "decode",
    "import_cases",
    "import_volunteers",
]
