"""HEAD is answered wherever GET is, with GET's status and headers and no body."""

from __future__ import annotations

import pytest
from web.web_support import sign_in


@pytest.mark.parametrize("path", ["/", "/login", "/healthz", "/api/v1/programs"])
def test_head_answers_as_get_without_a_body(client, path):
    got, head = client.get(path, follow_redirects=False), client.head(path, follow_redirects=False)
    assert head.status_code == got.status_code, path
    assert head.content == b""
    assert head.headers.get("content-type") == got.headers.get("content-type")


def test_head_on_a_signed_in_page(client, engine):
    sign_in(client, engine, "coordinator")
    head = client.head("/today", follow_redirects=False)
    assert head.status_code == 200 and head.content == b""
    assert int(head.headers["content-length"]) == len(client.get("/today").content)


def test_allow_names_head_beside_get(client):
    r = client.delete("/healthz")
    assert r.status_code == 405
    assert set(r.headers["allow"].split(", ")) == {"GET", "HEAD"}
