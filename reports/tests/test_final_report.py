"""The PDF final report, read back with poppler (pdftotext, pdffonts,
pdfinfo): on the demo data it prints the seed's nutshell figures, every
section with its published text, page numbers, an embedded DejaVu Sans, and
small counts of people hidden."""

import datetime
import io
import re
import subprocess

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.template.loader import render_to_string
from django.test import override_settings
from django.utils import translation
from django.utils.translation import gettext

from accounts.models import Area
from groups.tests.factories import (
    AttendanceFactory,
    EnrollmentFactory,
    FeedbackFactory,
    FunctionalGroupFactory,
    GroupSessionFactory,
)
from reports.demo import NARRATIVES
from reports.final_report import content as content_module
from reports.final_report import hyphenation
from reports.final_report.content import final_report_content
from reports.final_report.document import TEMPLATE, final_report_pdf
from reports.models import NarrativeSection, ReportNarrative

# Every test here reads the database (the module's report is built on it).
pytestmark = pytest.mark.django_db

START, END = datetime.date(2018, 2, 1), datetime.date(2019, 12, 31)
# The queries of the whole content without survey rounds, whatever the number
# of groups (issue 9: the first version ran one more per group, 282 at
# Essote's scale).  Each satisfaction-survey round of the period adds its own.
# One of them counts the groups held per kind.
FINAL_REPORT_QUERIES = 39


def pdftotext(pdf: bytes, *options: str) -> str:
    return subprocess.run(
        ["pdftotext", *options, "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def poppler(tool: str, path) -> str:
    return subprocess.run([tool, str(path)], capture_output=True, check=True, text=True).stdout


def flat(text: str) -> str:
    """Text with hyphenated line ends joined and whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub("\u2010\n", "", text))


@pytest.fixture(scope="module")
def demo_report(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data's final report for the seed's period, built once; the
    demo rows are rolled back afterwards."""
    steps = []
    with (
        django_db_blocker.unblock(),
        override_settings(DEMO_DATA_ALLOWED=True),
        transaction.atomic(),
    ):
        call_command("load_demo", stdout=io.StringIO())
        area = Area.objects.get(code="essote")
        pdf = final_report_pdf(area=area, start=START, end=END, progress=steps.append)
        with translation.override("fi"):
            labels = {
                "sections": [str(section.label) for section in NarrativeSection],
                "nutshell": gettext("The project in a nutshell"),
                "contents": gettext("Contents"),
            }
        transaction.set_rollback(True)
    path = tmp_path_factory.mktemp("final") / "loppuraportti.pdf"
    path.write_bytes(pdf)
    pages = pdftotext(pdf, "-layout").split("\f")
    return {"pdf": pdf, "path": path, "pages": pages, "labels": labels, "steps": steps}


def page_of(report, heading: str) -> int:
    """The page (1-based) where a chapter heading starts a page."""
    for number, page in enumerate(report["pages"], start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        if heading in lines[1:3]:
            return number
    raise AssertionError(f"No page starts with {heading!r}")


def test_nutshell_prints_the_seeds_figures(demo_report):
    page = demo_report["pages"][page_of(demo_report, demo_report["labels"]["nutshell"]) - 1]
    with translation.override("fi"):
        from reports.indicators import REGISTRY

        expected = {
            "groups": "7",
            "group_participants": "45",
            "group_sessions": "60",
            "developer_client_meetings": "3",
            "popup_events": "11",
            "outreach_visits": "95",
            "outreach_people_met": "392",
            "trainings": "4",
            "training_days": "8",
            "workshops": "6",
            "measures_trialled": "3",
            "satisfaction_respondents": "100",
            "satisfaction_mean": "4,2",
        }
        for code, value in expected.items():
            label = re.escape(str(REGISTRY[code].label))
            assert re.search(rf"^\s*{label}\s+{re.escape(value)}\s*$", page, re.MULTILINE), code
    # Assessments per year: the year before the period and the period's years.
    assert re.search(r"150 \(2017\) → 200 \(2018\) → 326 \(2019\)", flat(page))


def test_every_section_has_its_heading_its_text_and_a_toc_entry(demo_report):
    text = flat("\f".join(demo_report["pages"]))
    contents = demo_report["pages"][1]
    for number, title in enumerate(demo_report["labels"]["sections"], start=1):
        heading = f"{number} {title}"
        page = page_of(demo_report, heading)
        # The table of contents gives the page the chapter starts on.
        assert re.search(rf"{re.escape(heading)} ?\.+ {page}\b", flat(contents)), heading
    for text_of_section in NARRATIVES.values():
        first_sentence = text_of_section.split(". ")[0]
        assert flat(first_sentence) in text


def test_pages_are_numbered_in_the_footer(demo_report):
    info = poppler("pdfinfo", demo_report["path"])
    total = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)[1])
    assert total >= 10
    # The cover has no footer; every other page says "sivu X / Y".
    assert "sivu" not in demo_report["pages"][0]
    for number in range(2, total + 1):
        assert f"sivu {number} / {total}" in demo_report["pages"][number - 1]


def test_dejavu_sans_is_embedded_and_no_other_font_is_used(demo_report):
    rows = poppler("pdffonts", demo_report["path"]).splitlines()[2:]
    assert rows
    for row in rows:
        name, *_, emb, sub, uni, _object, _generation = row.split()
        assert "DejaVu-Sans" in name, name
        assert emb == "yes", name


def test_small_counts_of_people_are_hidden_in_print(demo_report):
    """Kokataan kimpassa had 4 participants: printed as "<5", and another
    group's count is hidden beside it so that the total of 45 gives neither
    away."""
    groups = "\n".join(demo_report["pages"])
    row = next(
        line
        for line in groups.splitlines()
        if line.strip().startswith("7 ") and "Kokataan" in line  # the name may be hyphenated
    )
    assert row.rstrip().endswith("<5")
    hidden_rows = [line for line in groups.splitlines() if re.match(r"^\s*\d\s+\S.*<5\s*$", line)]
    assert len(hidden_rows) >= 2


def test_progress_is_reported_up_to_100(demo_report):
    steps = demo_report["steps"]
    assert steps == sorted(steps) and steps[-1] == 100 and len(steps) >= 3


def test_narrative_html_prints_as_text_and_drafts_do_not_print(area, unit_a, coordinator):
    ReportNarrative.objects.create(
        area=area,
        section=NarrativeSection.GENERAL,
        text='<script>alert("x")</script><b>lihava</b> & <img src="file:///etc/passwd">',
        draft="Luonnos, jota ei ole julkaistu.",
    )
    with translation.override("fi"):
        content = final_report_content(area=area, start=START, end=END)
        html = render_to_string(TEMPLATE, {"report": content, "LANGUAGE_CODE": "fi"})
    assert "<script>" not in html and "&lt;script&gt;" in html
    text = flat(pdftotext(final_report_pdf(area=area, start=START, end=END)))
    assert '<script>alert("x")</script><b>lihava</b> & <img src="file:///etc/passwd">' in text
    assert "Luonnos, jota ei ole julkaistu." not in text


def test_content_refuses_a_user_outside_the_area(area, alice):
    with pytest.raises(ValueError):
        final_report_content(area=area, start=START, end=END, user=alice)
    with pytest.raises(ValueError):
        final_report_content(area=area, start=END, end=START)


def test_command_writes_a_valid_pdf(area, unit_a, tmp_path):
    output = tmp_path / "loppuraportti.pdf"
    call_command(
        "final_report",
        "--from", "2018-02-01", "--to", "2019-12-31",
        "--output", str(output), "--area", area.code,
        stdout=io.StringIO(),
    )  # fmt: skip
    assert output.read_bytes().startswith(b"%PDF-")
    assert "Pages:" in poppler("pdfinfo", output)
    assert not list(tmp_path.glob("*.part"))


def test_command_refuses_bad_input(area, tmp_path):
    output = str(tmp_path / "x.pdf")
    with pytest.raises(CommandError, match="before"):
        call_command(
            "final_report", "--from", "2019-12-31", "--to", "2018-02-01", "--output", output
        )
    with pytest.raises(CommandError, match="No such area"):
        call_command(
            "final_report", "--from", "2018-02-01", "--to", "2019-12-31",
            "--output", output, "--area", "ei-ole",
        )  # fmt: skip
    with pytest.raises(CommandError, match="Not a date"):
        call_command("final_report", "--from", "1.2.2018", "--to", "2019-12-31", "--output", output)
    assert not (tmp_path / "x.pdf").exists()


def test_finnish_hyphenation_dictionary_matches_its_rules():
    assert hyphenation.DICTIONARY.read_text(encoding="utf-8") == hyphenation.dictionary_text()
    hyphenation.install()
    import pyphen

    words = pyphen.Pyphen(lang="fi")
    assert words.inserted("sosiaalityö") == "so-si-aa-li-työ"
    assert words.inserted("palvelutarpeen") == "pal-ve-lu-tar-peen"
    assert words.inserted("kehittäjäasiakasryhmä") == "ke-hit-tä-jä-a-si-a-kas-ryh-mä"
    assert words.inserted("strategia") == "stra-te-gia"


# --- Many groups: constant queries, a bounded document ------------------------


def add_group(unit, *, participants: int, sessions: int = 2, ratings=()):
    """A functional group of `unit` with `sessions` held sessions in 2019,
    `participants` clients present at the first one, and participants'
    feedback with the given ratings."""
    group = FunctionalGroupFactory(unit=unit)
    held = [
        GroupSessionFactory(group=group, date=datetime.date(2019, 2, 1 + i))
        for i in range(sessions)
    ]
    for _ in range(participants):
        AttendanceFactory(enrollment=EnrollmentFactory(group=group), session=held[0])
    for rating in ratings:
        FeedbackFactory(group=group, rating=rating)
    return group


def test_final_report_content_runs_the_same_queries_whatever_the_number_of_groups(
    area, unit_a, django_assert_num_queries
):
    add_group(unit_a, participants=2, ratings=(4, 5))
    with django_assert_num_queries(FINAL_REPORT_QUERIES) as captured:
        final_report_content(area=area, start=START, end=END)
    for n in range(4):
        add_group(unit_a, participants=1 + n, sessions=1 + n, ratings=(n + 1,))
    with django_assert_num_queries(len(captured.captured_queries)):
        content = final_report_content(area=area, start=START, end=END)
    section = next(s for s in content["sections"] if s["key"] == NarrativeSection.GROUPS)
    assert len(section["groups"]) == 5 and section["described"] and section["rest"] is None
    assert section["sessions_total"] == 2 + 1 + 2 + 3 + 4


@override_settings(DISCLOSURE_THRESHOLD=1)
def test_groups_are_described_one_by_one_only_up_to_a_bound(area, unit_a, monkeypatch):
    add_group(unit_a, participants=3, ratings=(4, 5))
    with translation.override("fi"):
        content = final_report_content(area=area, start=START, end=END)
    section = next(s for s in content["sections"] if s["key"] == NarrativeSection.GROUPS)
    assert section["described"] and section["groups"][0]["mean_rating"] == 4.5
    assert section["groups"][0]["feedback_count"] == 2

    monkeypatch.setattr(content_module, "GROUPS_DESCRIBED", 0)
    with translation.override("fi"):
        content = final_report_content(area=area, start=START, end=END)
        html = render_to_string(TEMPLATE, {"report": content, "LANGUAGE_CODE": "fi"})
    section = next(s for s in content["sections"] if s["key"] == NarrativeSection.GROUPS)
    assert not section["described"] and "mean_rating" not in section["groups"][0]
    assert 'class="group"' not in html


@override_settings(DISCLOSURE_THRESHOLD=1)
def test_beyond_the_cap_the_largest_groups_are_listed_and_the_rest_in_one_line(
    area, unit_a, monkeypatch
):
    sizes = [2, 5, 1, 4, 3]
    made = [add_group(unit_a, participants=n, sessions=n) for n in sizes]
    monkeypatch.setattr(content_module, "GROUPS_LISTED", 2)
    with translation.override("fi"):
        content = final_report_content(area=area, start=START, end=END)
        html = render_to_string(TEMPLATE, {"report": content, "LANGUAGE_CODE": "fi"})
    section = next(s for s in content["sections"] if s["key"] == NarrativeSection.GROUPS)
    assert [g["name"] for g in section["groups"]] == [made[1].name, made[3].name]
    assert [g["participants"] for g in section["groups"]] == [5, 4]
    assert section["rest"] == {"groups": 3, "sessions_held": 6, "participants": 6}
    assert section["participants_total"] == sum(sizes)
    assert section["sessions_total"] == sum(sizes)
    assert made[0].name not in html and made[1].name in html
