"""Today's words: relative days, phone numbers as people write them, what a text was for."""

from __future__ import annotations

from datetime import date

from service.reports.todo_words import days_word, phone_words, text_words, waiting_word

TODAY = date(2026, 12, 1)


def test_days_are_said_relative_to_the_programs_today():
    assert days_word(date(2026, 12, 1), TODAY) == "today"
    assert days_word(date(2026, 12, 2), TODAY) == "tomorrow"
    assert days_word(date(2026, 11, 30), TODAY) == "yesterday"
    assert days_word(date(2026, 12, 4), TODAY) == "in 3 days"
    assert days_word(date(2026, 11, 17), TODAY) == "14 days ago"
    assert waiting_word(date(2026, 11, 17), TODAY) == "waiting 14 days"
    assert waiting_word(date(2026, 11, 30), TODAY) == "waiting 1 day"
    assert waiting_word(TODAY, TODAY) == "waiting since today"


def test_phones_and_texts_in_words():
    assert phone_words("+13235550199") == "(323) 555-0199"
    assert phone_words(None) == "an unknown number"
    assert phone_words("not a phone") == "not a phone"
    assert text_words("participant_hearing") == "hearing notice"
    assert text_words("calendar_volunteer_invite") == (
        "invitation to sit on a hearing (calendar invitation)"
    )
    assert text_words("some_new_kind") == "some new kind"
    assert text_words(None) == "message"
