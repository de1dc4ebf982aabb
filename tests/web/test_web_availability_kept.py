"""The weekly hours form re-shows every row as typed when one is refused, a row without a day too."""

from __future__ import annotations

import re

from web_support import assert_accessible, sign_in


def _row_values(html: str) -> list[tuple[str, str, str]]:
    body = re.search(r'<table class="avail-table">.*?</table>', html, re.S).group(0)
    out = []
    for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        if 'name="start"' not in tr:
            continue  # the header
        day = re.search(r'<option value="([a-z]*)" selected', tr)
        start = re.search(r'name="start" value="([^"]*)"', tr).group(1)
        end = re.search(r'name="end" value="([^"]*)"', tr).group(1)
        out.append((day.group(1) if day else "", start, end))
    return out


def test_a_refused_row_keeps_every_typed_value(world, client, engine):
    token = sign_in(client, engine, "coordinator", [world.njp["id"]])
    v = world.volunteer("Ana Morales")
    typed = {
        "day": ["wed", "", "sat"],
        "start": ["18:00", "09:00", "12:00"],
        "end": ["21:00", "11:00", "10:00"],  # the Saturday ends before it starts
    }
    r = client.post(f"/volunteers/{v['id']}/availability", data={"csrf_token": token} | typed)
    assert r.status_code == 422
    assert_accessible(r.text)
    assert "the end must be after the start" in r.text
    shown = _row_values(r.text)
    assert shown[:3] == list(zip(typed["day"], typed["start"], typed["end"], strict=True))
    assert shown[3] == ("", "", "")  # the blank row to add one more
