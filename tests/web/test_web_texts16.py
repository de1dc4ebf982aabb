"""Issue 16, texts, as pages show them: the matching run page says who matching left out because
they opted out of texts (point 5); the template preview says when a long name was shortened to
keep a text within two segments (point 6)."""

from __future__ import annotations

import html
import re

from sqlmodel import Session
from web_support import page, sign_in

from service.models import SmsSuppression
from support import horizon, next_local

TUE = 1


def test_run_page_names_who_opted_out_of_texts(world, client, engine):
    vols = [world.volunteer(f"Vol{i} Quiet", mobile=f"323-555-01{i:02d}") for i in range(3)]
    with Session(engine) as s:
        s.add(SmsSuppression(phone=vols[2]["mobile"], source="reply"))
        s.commit()
    hearing = world.hearing(world.case()["id"], next_local(TUE, 18, 30, weeks_ahead=2))
    run = client.post(
        f"/api/v1/programs/{world.njp['id']}/matching-runs",
        json=horizon(hearing["start"]),
        headers=world.coordinator,
    ).json()
    sign_in(client, engine, "coordinator", [world.njp["id"]])
    html = page(client, f"/matching/{world.njp['id']}/runs/{run['id']}")
    assert (
        "Not proposed: 1 volunteer opted out of texts, so no invitation can reach them "
        "(Vol2 Quiet)." in html
    )
    assert "Not counted: 1 volunteer who opted out of texts." in html
    assert 'href="/volunteers/' + str(vols[2]["id"]) not in html


def test_template_preview_says_a_long_name_was_shortened(world, client, engine):
    from notifications.segments import count_segments

    sign_in(client, engine, "admin")
    long_venue = "Hollywood Regional Library, Community Room on the Second Floor " * 3
    r = client.get(
        "/admin/templates",
        params={"name": "participant_reminder", "lang": "es", "part": "preview",
                "v_venue_name": long_venue.strip()},
        headers={"HX-Request": "true"},
    )  # fmt: skip
    assert r.status_code == 200
    sent = re.search(r'<p class="preview-text">(.*?)</p>', r.text, re.S).group(1)
    assert count_segments(html.unescape(sent)).segments <= 2
    assert "Hollywood Regional Library" in sent and long_venue.strip() not in sent
    assert "otra fecha." in sent  # the rest of the text is whole
    assert (
        "To stay within 2 segments, the venue&#39;s name was shortened" in r.text
        or "To stay within 2 segments, the venue's name was shortened" in r.text
    )
    r = client.get(
        "/admin/templates",
        params={"name": "participant_reminder", "lang": "es", "part": "preview"},
        headers={"HX-Request": "true"},
    )
    assert "was shortened" not in r.text and "were shortened" not in r.text
