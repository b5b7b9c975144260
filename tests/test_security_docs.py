"""docs/security.md lists every control with the tests that prove it: each
test it names must exist, so the page cannot drift from the suite."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "security.md").read_text()


def defined_tests() -> set[str]:
    names = set()
    for path in ROOT.glob("**/test_*.py"):
        if ".venv" in path.parts:
            continue
        names |= set(re.findall(r"^def (test_\w+)", path.read_text(), re.MULTILINE))
    return names


def test_every_test_the_page_names_exists():
    named = set(re.findall(r"::(test_\w+)", DOC))
    assert len(named) >= 80
    assert named - defined_tests() == set()


def test_every_file_the_page_names_exists():
    files = set(re.findall(r"`([\w/]+\.(?:py|md))(?:::|`)", DOC))
    assert files, "the page names the files of its controls"
    assert {f for f in files if not (ROOT / f).exists()} == set()
