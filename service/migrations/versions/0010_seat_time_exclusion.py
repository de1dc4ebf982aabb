"""seat time exclusion: the database itself refuses to double-book a volunteer (PostgreSQL)

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23 06:00:00

Why. The use cases refuse a seat that overlaps another of the volunteer's seats (a row lock on
the volunteer, then an overlap query). A code path that forgets that check could still
double-book someone; on PostgreSQL the database now refuses it too.

Design.
- The time is on `hearing`, the volunteer on `seat_assignment`, and an exclusion constraint sees
  one row. So each seat gets copies: `start_at`, `end_at` and `holds_time` = the seat is
  proposed, invited or accepted (`service.hearings.HOLDING_SEAT`) and its hearing is scheduled,
  the same rule as `service.hearings._overlapping_seat`, so the app and the database agree on
  what a clash is. Triggers keep the copies on both backends; the application never writes them.
  Existing rows are backfilled here.
- 'proposed' seats are included. Matching runs keep their proposals in `matching_run.solution`
  (JSON), not as seat rows, and publishing writes 'invited' seats; no code writes a 'proposed'
  row, so two draft runs can never collide here. Should drafts ever become rows, they must leave
  `holds_time` (or two coordinators' drafts would refuse each other).
- PostgreSQL: `EXCLUDE USING gist (int4range(volunteer_id, volunteer_id, '[]') WITH &&,
  tstzrange(start_at, end_at, '[)') WITH &&) WHERE (holds_time)`. A one-value integer range
  stands in for `volunteer_id WITH =`: the same test, with GiST's built-in range operator class,
  so no btree_gist extension is needed (pgserver's PostgreSQL, used by the tests, does not ship
  it, and a managed database may not let the app create extensions). '[)' makes back-to-back
  hearings (one ends as the next starts) legal.
- The constraint is DEFERRABLE INITIALLY DEFERRED, checked at commit: a text that moves a
  hearing (`reschedule_to`) moves the seats with it and only then lets `refill_after_move`
  replace a volunteer who is busy at the new time, all in one transaction. An immediate check
  would refuse that legitimate move halfway. A commit that still overlaps fails with
  ExclusionViolation (SQLSTATE 23P01), an IntegrityError that `service.errors` answers with 409.
  Concurrent transactions wait for each other at the check, as with a unique index.
- A seat written copies its hearing's row after `SELECT ... FOR SHARE` on it (inserts only), so
  a hearing moved by a concurrent transaction cannot leave a just-inserted seat with the old
  time: the move waits for the seat's transaction, or the seat waits for the move and copies
  the new time. Updates of a seat need no lock: a concurrent move updates that very seat row.
- SQLite: the same columns and triggers (AFTER triggers, as SQLite's BEFORE triggers cannot
  change the row), no constraint. SQLite's single serialised writer plus the use cases' check is
  the guarantee there. SQLite drops a table's triggers when Alembic's batch mode recreates the
  table: a later migration that batch-alters `hearing` or `seat_assignment` must recreate them
  (tests/test_seat_time_exclusion.py fails if the copies stop following the hearing).
"""

from collections.abc import Sequence

import sqlalchemy as sa

import service.db
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HOLDING = "('proposed', 'invited', 'accepted')"  # service.hearings.HOLDING_SEAT

BACKFILL = f"""
UPDATE seat_assignment SET
    start_at = (SELECT h.start_at FROM hearing AS h WHERE h.id = seat_assignment.hearing_id),
    end_at = (SELECT h.end_at FROM hearing AS h WHERE h.id = seat_assignment.hearing_id),
    holds_time = COALESCE((
        SELECT seat_assignment.status IN {HOLDING} AND h.status = 'scheduled'
        FROM hearing AS h WHERE h.id = seat_assignment.hearing_id
    ), false)
"""

OVERLAPS = """
SELECT a.volunteer_id, a.id, a.hearing_id, b.id, b.hearing_id
FROM seat_assignment AS a
JOIN seat_assignment AS b
  ON b.volunteer_id = a.volunteer_id AND b.id > a.id
 AND b.start_at < a.end_at AND a.start_at < b.end_at
WHERE a.holds_time AND b.holds_time
ORDER BY a.volunteer_id, a.id, b.id
"""

PG_UP = [
    f"""
CREATE FUNCTION seat_assignment_copy_hearing_time() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.hearing_id IS DISTINCT FROM OLD.hearing_id THEN
        -- A concurrent move of this hearing cannot see this new seat: make it wait (or wait
        -- for it) so the copy below is of the time that will be committed.
        PERFORM 1 FROM hearing WHERE id = NEW.hearing_id FOR SHARE;
    END IF;
    SELECT h.start_at, h.end_at, NEW.status IN {HOLDING} AND h.status = 'scheduled'
      INTO NEW.start_at, NEW.end_at, NEW.holds_time
      FROM hearing AS h WHERE h.id = NEW.hearing_id;
    -- No hearing: the foreign key refuses the row; keep its message rather than a NOT NULL one.
    NEW.holds_time := COALESCE(NEW.holds_time, false);
    RETURN NEW;
END
$$
""",
    """
CREATE TRIGGER seat_assignment_copy_hearing_time
BEFORE INSERT OR UPDATE OF hearing_id, status, start_at, end_at, holds_time ON seat_assignment
FOR EACH ROW EXECUTE FUNCTION seat_assignment_copy_hearing_time()
""",
    """
CREATE FUNCTION hearing_time_to_seats() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- Touching start_at fires seat_assignment_copy_hearing_time, which recomputes all three
    -- copies from this (already updated) hearing row: the rule lives in one place.
    UPDATE seat_assignment SET start_at = NEW.start_at WHERE hearing_id = NEW.id;
    RETURN NULL;
END
$$
""",
    """
CREATE TRIGGER hearing_time_to_seats
AFTER UPDATE OF start_at, end_at, status ON hearing
FOR EACH ROW
WHEN (OLD.start_at IS DISTINCT FROM NEW.start_at OR OLD.end_at IS DISTINCT FROM NEW.end_at
      OR OLD.status IS DISTINCT FROM NEW.status)
EXECUTE FUNCTION hearing_time_to_seats()
""",
    """
ALTER TABLE seat_assignment ADD CONSTRAINT ex_seat_volunteer_time
EXCLUDE USING gist (
    int4range(volunteer_id, volunteer_id, '[]') WITH &&,
    tstzrange(start_at, end_at, '[)') WITH &&
) WHERE (holds_time) DEFERRABLE INITIALLY DEFERRED
""",
]

PG_DOWN = [
    "ALTER TABLE seat_assignment DROP CONSTRAINT ex_seat_volunteer_time",
    "DROP TRIGGER hearing_time_to_seats ON hearing",
    "DROP FUNCTION hearing_time_to_seats()",
    "DROP TRIGGER seat_assignment_copy_hearing_time ON seat_assignment",
    "DROP FUNCTION seat_assignment_copy_hearing_time()",
]

# The copy, as one SQLite UPDATE of the seat NEW. The "IS NOT" guard leaves a row that is
# already right untouched, so the update cannot fire the update trigger again in a loop (even
# with PRAGMA recursive_triggers on).
_SQLITE_COPY = f"""
    UPDATE seat_assignment SET
        start_at = h.start_at,
        end_at = h.end_at,
        holds_time = (NEW.status IN {HOLDING} AND h.status = 'scheduled')
    FROM (SELECT start_at, end_at, status FROM hearing WHERE id = NEW.hearing_id) AS h
    WHERE seat_assignment.id = NEW.id
      AND (seat_assignment.start_at IS NOT h.start_at OR seat_assignment.end_at IS NOT h.end_at
           OR seat_assignment.holds_time IS NOT (NEW.status IN {HOLDING} AND h.status = 'scheduled'));
"""

SQLITE_UP = [
    f"""
CREATE TRIGGER seat_assignment_copy_hearing_time_insert
AFTER INSERT ON seat_assignment
BEGIN{_SQLITE_COPY}END
""",
    f"""
CREATE TRIGGER seat_assignment_copy_hearing_time_update
AFTER UPDATE OF hearing_id, status, start_at, end_at, holds_time ON seat_assignment
BEGIN{_SQLITE_COPY}END
""",
    # Touching start_at fires the seat update trigger above, which recomputes all three copies.
    """
CREATE TRIGGER hearing_time_to_seats
AFTER UPDATE OF start_at, end_at, status ON hearing
WHEN OLD.start_at IS NOT NEW.start_at OR OLD.end_at IS NOT NEW.end_at
     OR OLD.status IS NOT NEW.status
BEGIN
    UPDATE seat_assignment SET start_at = NEW.start_at WHERE hearing_id = NEW.id;
END
""",
]

SQLITE_DOWN = [
    "DROP TRIGGER hearing_time_to_seats",
    "DROP TRIGGER seat_assignment_copy_hearing_time_update",
    "DROP TRIGGER seat_assignment_copy_hearing_time_insert",
]


def upgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table('seat_assignment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('start_at', service.db.UtcDateTime(), nullable=True))
        batch_op.add_column(sa.Column('end_at', service.db.UtcDateTime(), nullable=True))
        batch_op.add_column(
            sa.Column('holds_time', sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    op.execute(BACKFILL)
    if bind.dialect.name == 'postgresql':
        clashes = bind.execute(sa.text(OVERLAPS)).all()
        if clashes:
            # Refuse to guess which seat should give way: a coordinator decides, then upgrades.
            listed = "; ".join(
                f"volunteer {v}: seat {a} (hearing {ha}) and seat {b} (hearing {hb})"
                for v, a, ha, b, hb in clashes[:20]
            )
            raise RuntimeError(
                f"{len(clashes)} pair(s) of seats double-book a volunteer; decline or replace "
                f"one of each before this migration: {listed}"
            )
        for statement in PG_UP:
            op.execute(statement)
    else:
        for statement in SQLITE_UP:
            op.execute(statement)


def downgrade() -> None:
    for statement in PG_DOWN if op.get_bind().dialect.name == 'postgresql' else SQLITE_DOWN:
        op.execute(statement)
    with op.batch_alter_table('seat_assignment', schema=None) as batch_op:
        batch_op.drop_column('holds_time')
        batch_op.drop_column('end_at')
        batch_op.drop_column('start_at')
