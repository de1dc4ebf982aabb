"""An example for every request body of the API, by schema name: shown in /docs and /redoc.

`service.api.openapi` puts each one on the request bodies that use its schema; a test checks
that every request body has one, that it validates against its schema, and that the API accepts
them. A new request body needs its example here.
"""

from __future__ import annotations

_WEEKNIGHT = {"day": "tue", "start": "17:30", "end": "21:00"}
_PERSON = {
    "full_name": "Maria Lopez",
    "mobile": "(213) 555-0142",
    "language": "es",
    "zip": "90033",
    "sms_consent": True,
}
_OBLIGATION = {
    "kind": "community_service",
    "label": "Food bank",
    "target": 20,
    "due_date": "2027-03-31",
}
_ATTENDANCE = [{"party_id": 1, "attendance": "present"}]
_SEATED = [{"volunteer_id": 1, "attendance": "present"}]

EXAMPLES: dict[str, dict] = {
    "LoginRequest": {"email": "coordinator@program.org", "password": "correct horse battery"},
    "TotpEnrolRequest": {"email": "coordinator@program.org", "password": "correct horse battery"},
    "TotpConfirmRequest": {
        "email": "coordinator@program.org",
        "password": "correct horse battery",
        "code": "492039",
    },
    "UserCreate": {
        "email": "j.reyes@program.org",
        "full_name": "Jordan Reyes",
        "password": "a long passphrase of words",
        "role": "coordinator",
        "program_ids": [1],
    },
    "UserUpdate": {"role": "viewer", "program_ids": [1]},
    "ApiTokenCreate": {"name": "DA case system", "user_id": 1, "scope": "write"},
    "ProgramCreate": {
        "code": "EASTLA",
        "name": "East LA Restorative Justice",
        "timezone": "America/Los_Angeles",
        "phone": "(213) 555-0100",
        "reminder_days_before": [3, 1],
        "hearing_kinds": [
            {
                "code": "rj_panel",
                "name": "Restorative justice panel",
                "duration_minutes": 90,
                "seats": [{"role": "panelist", "count": 3, "requires": ["rj_basic"]}],
            }
        ],
    },
    "ProgramUpdate": {"phone": "(213) 555-0101", "reminder_days_before": [3, 1]},
    "NeighborhoodCreate": {"name": "Boyle Heights", "lat": 34.0339, "lon": -118.2053},
    "NeighborhoodUpdate": {"name": "Boyle Heights"},
    "VenueCreate": {
        "name": "Boyle Heights Library",
        "address": "2211 E 1st St, Los Angeles, CA 90033",
        "lat": 34.0412,
        "lon": -118.2153,
        "accessibility_notes": "Step-free entrance on 1st St",
        "windows": [_WEEKNIGHT],
    },
    "VenueUpdate": {"accessibility_notes": "Lift to the meeting room", "windows": [_WEEKNIGHT]},
    "VolunteerCreate": {
        "full_name": "Ana Morales",
        "mobile": "(323) 555-0117",
        "email": "ana.morales@example.org",
        "preferred_language": "es",
        "languages": ["en", "es"],
        "home_zip": "90033",
        "max_assignments_per_month": 2,
        "certifications": [{"name": "rj_basic", "completed_on": "2026-05-09"}],
        "availability": [_WEEKNIGHT],
    },
    "VolunteerUpdate": {"max_assignments_per_month": 3, "languages": ["en", "es"]},
    "CertificationCreate": {
        "name": "rj_basic",
        "completed_on": "2026-05-09",
        "expires_on": "2028-05-09",
        "training_hours": 16,
    },
    "AvailabilityPut": {"windows": [_WEEKNIGHT, {"day": "sat", "start": "09:00", "end": "13:00"}]},
    "BlackoutCreate": {
        "start": "2027-02-01T00:00:00-08:00",
        "end": "2027-02-08T00:00:00-08:00",
        "reason": "Travelling",
    },
    "ConflictCreate": {"person_id": 1, "reason": "Neighbours"},
    "CaseCreate": {
        "program_id": 1,
        "external_ref": "DA-2027-0142",
        "referral_source": "prosecutor",
        "description": "Vandalism of a storefront",
        "zip": "90033",
        "consent": True,
        "parties": [{"role": "participant", "person": _PERSON}],
    },
    "CaseUpdate": {"zip": "90063", "due_date": "2027-06-30"},
    "PartyCreate": {
        "role": "victim",
        "person": {"full_name": "Luis Ortega", "mobile": "(213) 555-0177", "language": "en"},
    },
    "PersonUpdate": {"mobile": "(213) 555-0143", "language": "es"},
    "CaseNoteCreate": {"kind": "staff", "body": "Called the participant; prefers evenings."},
    "CaseReturn": {"reason": "The participant moved out of the county."},
    "HearingCreate": {
        "case_id": 1,
        "kind": "rj_panel",
        "venue_id": 1,
        "start": "2027-01-12T18:30:00-08:00",
        "language": "es",
    },
    "HearingUpdate": {"start": "2027-01-19T18:30:00-08:00"},
    "SeatCreate": {"volunteer_id": 1, "role": "panelist"},
    "ConfirmationRecord": {"status": "confirmed", "by": "phone"},
    "MatchingRunCreate": {
        "from": "2027-01-11T00:00:00-08:00",
        "to": "2027-01-25T00:00:00-08:00",
        "time_limit": 10,
    },
    "SwapRequest": {"hearing_id": 1, "role": "panelist", "volunteer_id": 2, "replaces": 1},
    "OutcomeCreate": {
        "result": "agreement",
        "attendance": _ATTENDANCE,
        "volunteers": _SEATED,
        "note": "All parties spoke; apology accepted.",
        "agreement": {
            "terms": "20 hours at the food bank by March 31.",
            "obligations": [_OBLIGATION],
        },
    },
    "OutcomeCorrection": {
        "note": "Hours corrected after the panel's notes.",
        "obligations": [{"id": 1, "target": 25}],
    },
    "ObligationCreate": _OBLIGATION,
    "ObligationComplete": {"proof_note": "Letter of completion from the food bank."},
    "ObligationExtend": {"due_date": "2027-04-30", "reason": "Recovering from surgery."},
    "ServiceLogCreate": {"worked_on": "2027-02-06", "hours": 4, "site": "Food bank"},
    "VerifyLinkCreate": {"ttl_days": 14},
    "PaymentCreate": {"amount": 50.0, "paid_on": "2027-02-01", "method": "money order"},
    "CheckInCreate": {"checked_in_on": "2027-02-03", "note": "By phone; on track."},
    "WebhookSubscriptionCreate": {
        "user_id": 7,
        "name": "District attorney case system",
        "url": "https://cms.da.example.gov/convene/webhooks",
        "events": ["case.referred", "hearing.booked", "outcome.recorded", "case.completed"],
    },
    "WebhookSubscriptionUpdate": {"active": False},
}
