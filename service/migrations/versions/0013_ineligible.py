"""ineligible: a referral the eligibility screen refused is stored, with its reason

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 02:40:00

`case_record.status` may now be 'ineligible' (service.models.base.CaseStatus), so the report's
"referred" counts every referral received; the reason goes in `close_reason`.

Portability. PostgreSQL drops and re-adds the named CHECK. SQLite cannot alter a table CHECK,
and Alembic's batch mode would recreate `case_record`: with foreign keys on, dropping the old
table cascades to its parties and hearings. A CHECK that only admits one more value changes
nothing stored, which SQLite allows to be done by rewriting the table's schema text
(https://www.sqlite.org/lang_altertable.html, "making other kinds of table schema changes");
the schema version is bumped so every connection reloads it. Downgrading first turns the
ineligible cases into withdrawn ones (the reason is kept) so the narrower CHECK holds.
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = "'referred', 'scheduled', 'heard', 'agreement', 'completed', 'returned', 'withdrawn'"
NEW = OLD + ", 'ineligible'"


def _set_check(values: str, was: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint("ck_case_status", "case_record", type_="check")
        op.create_check_constraint("ck_case_status", "case_record", f"status IN ({values})")
        return
    version = op.get_bind().exec_driver_sql("PRAGMA schema_version").scalar()
    op.execute("PRAGMA writable_schema=ON")
    quote = lambda text: "'" + text.replace("'", "''") + "'"  # noqa: E731
    op.execute(
        f"UPDATE sqlite_master SET sql = replace(sql, {quote(f'status IN ({was})')}, "
        f"{quote(f'status IN ({values})')}) WHERE type = 'table' AND name = 'case_record'"
    )
    op.execute(f"PRAGMA schema_version={int(version) + 1}")
    op.execute("PRAGMA writable_schema=OFF")


def upgrade() -> None:
    _set_check(NEW, OLD)


def downgrade() -> None:
    op.execute("UPDATE case_record SET status = 'withdrawn' WHERE status = 'ineligible'")
    _set_check(OLD, NEW)
