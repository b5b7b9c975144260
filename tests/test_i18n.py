"""The interface speaks Finnish by default, and the English and Swedish
catalogues are complete and up to date with the code."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["fi", "sv", "en"]


def catalogue(root: Path, language: str) -> polib.POFile:
    return polib.pofile(str(root / "locale" / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete(language):
    po = catalogue(ROOT, language)
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    assert po.obsolete_entries() == []


def test_catalogues_hold_every_string_of_the_code(tmp_path):
    """makemessages on a copy of the code finds no string the catalogues lack."""
    copy = tmp_path / "portal"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "staticfiles", "media", "*.sqlite3", "__pycache__", "vendor"
        ),
    )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "--all",
            "--no-location",
            "--ignore=staticfiles",
            "-v",
            "0",
        ],
        cwd=copy,
        check=True,
        env={
            "PATH": "/usr/bin:/bin",
            "SECRET_KEY_FILE": str(tmp_path / "key"),
            "DEBUG": "1",
            "STATIC_ROOT": str(tmp_path / "static"),
        },
    )
    for language in LANGUAGES:
        fresh = {e.msgid for e in catalogue(copy, language) if not e.obsolete}
        committed = {e.msgid for e in catalogue(ROOT, language) if not e.obsolete}
        assert fresh - committed == set(), f"{language}: run makemessages and translate"
        assert committed - fresh == set(), f"{language}: strings no longer in the code"
        assert catalogue(copy, language).untranslated_entries() == []


@pytest.mark.parametrize(
    ("language", "text"),
    [("fi", "Kirjaudu sisään"), ("sv", "Logga in"), ("en", "Log in")],
)
def test_login_page_speaks_the_chosen_language(client, db, language, text):
    if language != "fi":
        client.post(reverse("set_language"), {"language": language})
    response = client.get(reverse("login"))
    assert f'<html lang="{language}">' in response.content.decode()
    assert text in response.content.decode()


@pytest.mark.parametrize("browser_language", ["en-US,en;q=0.9", "sv-FI", "de"])
def test_finnish_is_the_default_whatever_the_browser_asks(client, db, browser_language):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE=browser_language)
    assert "Kirjaudu sisään" in response.content.decode()


def test_dates_and_numbers_use_finnish_formats(settings):
    import datetime

    from django.utils import formats, translation

    with translation.override("fi"):
        assert formats.date_format(datetime.date(2019, 3, 7), "SHORT_DATE_FORMAT") == "7.3.2019"
        assert formats.number_format(1234.5, 1, use_l10n=True, force_grouping=True) == "1\xa0234,5"
