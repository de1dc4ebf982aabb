"""A generated program history for the report benchmark, loaded with PostgreSQL COPY."""

from __future__ import annotations

import random
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from zoneinfo import ZoneInfo

import psycopg

LA = ZoneInfo("America/Los_Angeles")
FIRST_DAY, LAST_DAY = date(2019, 1, 1), date(2026, 10, 31)
N_NEIGHBORHOODS, N_VENUES, N_VOLUNTEERS = 30, 25, 2000
# What becomes of a case, with weights (roughly the NJP's published shape).
FATES = [("completed", 46), ("returned", 14), ("agreement", 10), ("heard", 4),
         ("scheduled", 10), ("referred", 11), ("withdrawn", 5)]  # fmt: skip
HEARD_FATES = {"completed", "returned", "agreement", "heard"}


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, dtime(hour, minute), LA).astimezone(UTC)


class Loader:
    """Generates rows table by table and streams them with COPY; ids are assigned here."""

    def __init__(self, conn: psycopg.Connection, n_cases: int, seed: int = 7) -> None:
        self.conn, self.n_cases, self.rng = conn, n_cases, random.Random(seed)
        self.counts: dict[str, int] = {}
        self.now = datetime(2026, 11, 1, tzinfo=UTC)

    def copy(self, table: str, columns: list[str], rows) -> None:
        """Stream rows into a table."""
        n = 0
        with (
            self.conn.cursor() as cur,
            cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as cp,
        ):
            for row in rows:
                cp.write_row(row)
                n += 1
        self.counts[table] = self.counts.get(table, 0) + n

    def reference_data(self) -> None:
        """Programs, hearing kinds and seats, neighborhoods, venues, volunteers, certifications."""
        rng, now = self.rng, self.now
        self.copy("program", ["id", "code", "name", "description", "timezone", "completion_window_days",
                              "reminder_days_before", "obligation_reminder_days", "screens_statutory_exclusions",
                              "active", "created_at"],
                  [(1, "NJP", "Neighborhood Justice Program", "", "America/Los_Angeles", 56, "[3, 1]", "[7, 1]",
                    True, True, now),
                   (2, "YDP", "Youth Diversion", "", "America/Los_Angeles", 182, "[3, 1]", "[7, 1]", False, True,
                    now)])  # fmt: skip
        self.copy("hearing_kind", ["id", "program_id", "code", "name", "duration_minutes"],
                  [(1, 1, "panel", "Community panel", 90), (2, 2, "progress", "Progress meeting", 60)])  # fmt: skip
        self.copy("seat_requirement", ["id", "hearing_kind_id", "role", "count", "requires", "staff_only"],
                  [(1, 1, "facilitator", 1, '["njp_facilitator"]', False),
                   (2, 1, "panelist", 2, '["njp_panelist"]', False),
                   (3, 2, "case_manager", 1, '["case_manager"]', False)])  # fmt: skip
        self.copy(
            "neighborhood",
            ["id", "name", "lat", "lon"],
            [
                (i, f"Neighborhood {i}", 34.0 + i / 100, -118.3 - i / 100)
                for i in range(1, N_NEIGHBORHOODS + 1)
            ],
        )
        self.copy("venue", ["id", "name", "address", "neighborhood_id", "lat", "lon", "accessibility_notes", "active"],
                  [(i, f"Venue {i}", f"{i} Main St", 1 + i % N_NEIGHBORHOODS, 34.0, -118.3, "", True)
                   for i in range(1, N_VENUES + 1)])  # fmt: skip
        self.copy("volunteer", ["id", "full_name", "preferred_language", "neighborhood_id", "max_assignments_per_month",
                                "active", "sms_consent", "notes", "created_at"],
                  [(i, f"Volunteer {i}", "en", 1 + i % N_NEIGHBORHOODS, 4, True, True, "", now)
                   for i in range(1, N_VOLUNTEERS + 1)])  # fmt: skip
        certs = []
        for v in range(1, N_VOLUNTEERS + 1):
            day = FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days))
            certs.append((len(certs) + 1, v, "njp_panelist", day, 25.0))
            if v % 4 == 0:
                certs.append((len(certs) + 1, v, "njp_facilitator", day + timedelta(days=60), 8.0))
        self.copy(
            "certification", ["id", "volunteer_id", "name", "completed_on", "training_hours"], certs
        )

    def history(self) -> None:
        """Cases, parties, hearings, seats, confirmations, agreements, obligations, logs, messages."""
        rng, n = self.rng, self.n_cases
        n_people = int(n * 0.85)  # some people are referred more than once
        self.copy("person", ["id", "full_name", "mobile", "language", "sms_consent", "created_at"],
                  ((i, f"Person {i}", f"+1213{i:07d}", "es" if i % 3 == 0 else "en", True, self.now)
                   for i in range(1, n_people + 1)))  # fmt: skip
        fates = rng.choices([f for f, _ in FATES], weights=[w for _, w in FATES], k=n)
        span = (LAST_DAY - FIRST_DAY).days
        cases, parties, hearings, confs, seats = [], [], [], [], []
        agreements, obligations, logs, payments, events, messages, inbound = (
            [],
            [],
            [],
            [],
            [],
            [],
            [],
        )
        seat_id = conf_id = obl_id = log_id = pay_id = ev_id = msg_id = 0
        for cid in range(1, n + 1):
            fate = fates[cid - 1]
            program = 1 if cid % 5 else 2
            referred = FIRST_DAY + timedelta(days=rng.randrange(span))
            hood = 1 + rng.randrange(N_NEIGHBORHOODS)
            person = rng.randrange(1, n_people + 1)
            parties.append((cid, cid, person, "participant"))
            first = referred + timedelta(days=rng.randint(10, 50))
            days = [first, first + timedelta(days=14), first + timedelta(days=28)]
            if fate in HEARD_FATES:
                statuses = [
                    rng.choice(("cancelled", "no_show")),
                    rng.choice(("cancelled", "no_show")),
                    "held",
                ]
            elif fate == "scheduled":
                statuses = ["cancelled", "no_show", "scheduled"]
            else:
                statuses = [rng.choice(("cancelled", "no_show")) for _ in range(3)]
            held_id = held_day = None
            for k, (day, status) in enumerate(zip(days, statuses, strict=True)):
                hid = (cid - 1) * 3 + k + 1
                start = _at(day, 18, 30)
                hearings.append((hid, cid, program, 1 + hid % N_VENUES, start, start + timedelta(minutes=90),
                                 status, f"h{hid}@bench", 0, "", start, start))  # fmt: skip
                conf_id += 1
                confs.append(
                    (
                        conf_id,
                        hid,
                        cid,
                        rng.choice(("confirmed", "confirmed", "pending", "no_response")),
                    )
                )
                if status == "held":
                    held_id, held_day = hid, day
                    for role, vol in zip(("facilitator", "panelist", "panelist"),
                                         rng.sample(range(1, N_VOLUNTEERS + 1), 3), strict=True):  # fmt: skip
                        seat_id += 1
                        seats.append((seat_id, hid, vol, role, "accepted", start))
            closed = None
            if fate == "completed":
                closed = _at(held_day + timedelta(days=rng.randint(25, 90)), 12)
            elif fate == "returned":
                closed = _at((held_day or days[-1]) + timedelta(days=rng.randint(30, 120)), 12)
            elif fate == "withdrawn":
                closed = _at(days[-1] + timedelta(days=3), 12)
            consent = _at(referred, 9) if fate not in ("referred",) or cid % 2 else None
            cases.append((cid, program, f"B-{cid:07d}", "prosecutor", "", hood, fate, referred, consent, "{}",
                          closed, self.now, self.now))  # fmt: skip
            if held_id and (fate in ("completed", "agreement") or (fate == "returned" and cid % 2)):
                agreements.append((cid, cid, held_id, "terms", _at(held_day, 20)))
                due = held_day + timedelta(days=56)
                o_status = "completed" if fate == "completed" else "open"
                obl_id += 1
                obligations.append(
                    (
                        obl_id,
                        cid,
                        cid,
                        "community_service",
                        "Community service",
                        20.0,
                        due,
                        o_status,
                    )
                )
                n_logs = rng.randint(12, 20)
                for j in range(n_logs):
                    log_id += 1
                    worked = held_day + timedelta(days=1 + j * 3)
                    verified = fate == "completed" or j % 3
                    logs.append((log_id, obl_id, worked, 2.0, "Food bank", "verified" if verified else "reported",
                                 "coordinator", "site" if verified else None, _at(worked, 17)))  # fmt: skip
                if cid % 3 == 0:
                    obl_id += 1
                    obligations.append(
                        (obl_id, cid, cid, "restitution", "Restitution", 200.0, due, o_status)
                    )
                    for j in range(2):
                        pay_id += 1
                        payments.append(
                            (
                                pay_id,
                                obl_id,
                                100.0,
                                held_day + timedelta(days=10 + 20 * j),
                                "card",
                                "c",
                            )
                        )
            for k, kind in enumerate(("referred", "status", "status", "edited")):
                ev_id += 1
                events.append(
                    (ev_id, cid, _at(referred + timedelta(days=k * 7), 10), kind, "", "system")
                )
            for k in range(4):
                msg_id += 1
                at = _at(referred + timedelta(days=k * 5 + 1), 11)
                messages.append((msg_id, "sms", "outbound", f"+1213{person:07d}", "participant_hearing",
                                 "participant", "en", "Hi, your meeting is on ...", cid, "delivered", 1, at,
                                 False, at))  # fmt: skip
            inbound.append((cid, f"SMB{cid:010d}", f"+1213{person:07d}", "Y", "confirm", cid, False,
                            _at(referred + timedelta(days=2), 12)))  # fmt: skip
        logs = self._exactly(logs, 10 * n)
        t = time.perf_counter()
        with self.conn.cursor() as cur:
            # The generated rows are consistent by construction: skip the per-row foreign-key
            # triggers for the load (a superuser setting; pgserver runs as the superuser).
            cur.execute("SET session_replication_role = replica")
        self.copy("case_record", ["id", "program_id", "external_ref", "referral_source", "description",
                                  "neighborhood_id", "status", "referred_on", "consent_at", "screening", "closed_at",
                                  "created_at", "updated_at"], cases)  # fmt: skip
        self.copy("party", ["id", "case_id", "person_id", "role"], parties)
        self.copy("hearing", ["id", "case_id", "kind_id", "venue_id", "start_at", "end_at", "status", "ical_uid",
                              "sequence", "outcome_note", "created_at", "updated_at"], hearings)  # fmt: skip
        self.copy("party_confirmation", ["id", "hearing_id", "party_id", "status"], confs)
        self.copy(
            "seat_assignment",
            ["id", "hearing_id", "volunteer_id", "role", "status", "created_at"],
            seats,
        )
        self.copy("agreement", ["id", "case_id", "hearing_id", "terms", "created_at"], agreements)
        self.copy("obligation", ["id", "case_id", "agreement_id", "kind", "label", "target", "due_date", "status",
                                 "proof_note", "created_at", "updated_at"],
                  [(*o, "", self.now, self.now) for o in obligations])  # fmt: skip
        self.copy("service_log", ["id", "obligation_id", "worked_on", "hours", "site", "status", "reported_by",
                                  "verified_by", "created_at"], logs)  # fmt: skip
        self.copy("payment", ["id", "obligation_id", "amount", "paid_on", "method", "recorded_by", "created_at"],
                  [(*p, self.now) for p in payments])  # fmt: skip
        self.copy("case_event", ["id", "case_id", "at", "kind", "detail", "actor"], events)
        self.copy("message", ["id", "channel", "direction", "to_address", "kind", "audience", "language", "body",
                              "case_id", "status", "attempts", "not_before", "needs_attention", "created_at"],
                  messages)  # fmt: skip
        self.copy("inbound_message", ["id", "provider_id", "from_number", "body", "intent", "case_id",
                                      "needs_attention", "received_at"], inbound)  # fmt: skip
        with self.conn.cursor() as cur:
            cur.execute("SET session_replication_role = DEFAULT")
        self.copy_seconds = time.perf_counter() - t

    def _exactly(self, logs: list[tuple], want: int) -> list[tuple]:
        """Trim or extend the service logs to the benchmark's size (ten per case)."""
        logs = logs[:want]
        base = list(logs)
        while len(logs) < want and base:
            row = self.rng.choice(base)
            logs.append((len(logs) + 1, row[1], row[2] + timedelta(days=1), *row[3:]))
        return logs

    def finish(self) -> None:
        """Move each id sequence past the loaded ids and refresh the planner's statistics."""
        with self.conn.cursor() as cur:
            for table in self.counts:
                cur.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT coalesce(max(id), 1) FROM {table}))"
                )
            cur.execute("ANALYZE")
