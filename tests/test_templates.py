"""The portal's own templates stay within the strict Content-Security-Policy:
no inline scripts, no inline event handlers, no style attributes."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted(
    path
    for path in ROOT.glob("**/templates/**/*.html")
    if ".venv" not in path.parts and "staticfiles" not in path.parts
)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_template_has_no_inline_script_or_style(template):
    text = template.read_text()
    assert not INLINE_SCRIPT.search(text), "inline <script>"
    assert not EVENT_HANDLER.search(text), "inline event handler"
    assert not STYLE_ATTRIBUTE.search(text), "style attribute"


def test_pages_carry_the_strict_policy(client, db):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy


@pytest.mark.parametrize(
    ("user_fixture", "name"),
    [
        ("alice", "assessments:my_work"),
        ("alice", "clients:list"),
        ("alice", "groups:list"),
        ("alice", "outreach:list"),
        ("alice", "activities:index"),
        ("supervisor", "reports:dashboard"),
        ("coordinator", "reports:index"),
        ("administrator", "administration"),
    ],
)
def test_page_titles_are_plain_text(client, db, request, user_fixture, name):
    client.force_login(request.getfixturevalue(user_fixture))
    page = client.get(reverse(name)).content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.DOTALL)[1]
    assert "<" not in title and title.strip().endswith("portaali")
