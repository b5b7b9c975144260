import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import AreaFactory, UnitFactory, UserFactory
from structural import services
from structural.demo import load_demo
from structural.models import OpenAnswer, RespondentServiceLine, Response, SurveyRound
from structural.selectors_surveys import survey_results

pytestmark = pytest.mark.django_db


def public_url(survey_round):
    return reverse("structural:survey_public", args=[survey_round.token])


def answers(statements, *values, service_line="adult", **extra):
    data = {"service_line": service_line, **extra}
    for statement, value in zip(statements, values, strict=True):
        data[f"s{statement.pk}"] = value
    return data


# --- The client's anonymous page ---------------------------------------------


def test_the_public_form_works_without_login(client, survey_round, statements, question):
    url = public_url(survey_round)
    response = client.get(url)
    assert response.status_code == 200
    assert "Väittämä 1" in response.content.decode()

    data = answers(statements, "5", "4", "", service_line="mhsa", **{f"q{question.pk}": "Hyvä"})
    response = client.post(url, data)
    assert response.status_code == 302
    assert response.url == f"{url}?kiitos=1"
    saved = Response.objects.get()
    assert saved.entered_by is None
    assert saved.service_line == RespondentServiceLine.MHSA
    assert [a.value for a in saved.answers.order_by("statement__order")] == [5, 4, None]
    assert OpenAnswer.objects.get().text == "Hyvä"
    assert client.get(response.url).context["thanks"]


@pytest.mark.parametrize("bad", ["0", "6", "x", "-1", "4.5"])
def test_the_public_form_rejects_malformed_values(client, survey_round, statements, bad):
    response = client.post(public_url(survey_round), answers(statements, "3", bad, "4"))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == [f"s{statements[1].pk}"]
    assert errors[f"s{statements[1].pk}"] == ["Vastaa numerolla 1–5."]  # in Finnish
    assert not Response.objects.exists()


def test_the_public_form_rejects_an_unknown_service_line(client, survey_round, statements):
    data = answers(statements, "3", "3", "3", service_line="client-123")
    assert client.post(public_url(survey_round), data).status_code == 400
    assert not Response.objects.exists()


def test_a_flood_is_refused(client, survey_round, statements):
    url = public_url(survey_round)
    data = answers(statements, "5", "5", "5")
    for _ in range(services.FLOOD_LIMIT):
        assert client.post(url, data, REMOTE_ADDR="192.0.2.7").status_code == 302
    response = client.post(url, data, REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 429
    assert Response.objects.count() == services.FLOOD_LIMIT
    # Another address still answers; nothing of the address is stored.
    assert client.post(url, data, REMOTE_ADDR="192.0.2.8").status_code == 302
    stored = [str(row) for row in Response.objects.values()]
    assert not any("192.0.2" in str(value) for value in stored)


def test_a_closed_round_refuses_answers(client, survey_round, statements):
    survey_round.opens_on = datetime.date(2019, 3, 1)
    survey_round.closes_on = datetime.date(2019, 3, 31)
    survey_round.save()
    url = public_url(survey_round)
    assert client.get(url).status_code == 410
    assert client.post(url, answers(statements, "5", "5", "5")).status_code == 410
    assert not Response.objects.exists()


def test_an_unknown_token_is_404(client, survey_round):
    assert client.get(reverse("structural:survey_public", args=["x" * 32])).status_code == 404


def test_the_public_form_is_csrf_protected(survey_round, statements):
    client = Client(enforce_csrf_checks=True)
    response = client.post(public_url(survey_round), answers(statements, "5", "5", "5"))
    assert response.status_code == 403
    assert not Response.objects.exists()


def test_a_round_gets_a_random_token(survey):
    first = SurveyRound.objects.create(
        survey=survey,
        name="A",
        opens_on=datetime.date(2019, 3, 1),
        closes_on=datetime.date(2019, 3, 31),
    )
    second = SurveyRound.objects.create(
        survey=survey,
        name="B",
        opens_on=datetime.date(2019, 3, 1),
        closes_on=datetime.date(2019, 3, 31),
    )
    assert len(first.token) >= 32
    assert first.token != second.token


# --- Staff entry of paper forms ----------------------------------------------


def test_staff_enter_paper_forms_and_stay_on_the_form(client, alice, survey_round, statements):
    client.force_login(alice)
    url = reverse("structural:survey_entry", args=[survey_round.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'inputmode="numeric"' in page.content.decode()

    response = client.post(url, {**answers(statements, "4", "", "2"), "save_next": "1"})
    assert response.status_code == 302
    assert response.url == url
    saved = Response.objects.get()
    assert saved.entered_by == alice
    assert [a.value for a in saved.answers.order_by("statement__order")] == [4, None, 2]

    response = client.post(url, {**answers(statements, "7", "", "2"), "save": "1"})
    assert response.status_code == 200
    assert response.context["form"].errors
    response = client.post(url, {**answers(statements, "1", "1", "1"), "save": "1"})
    assert response.url == reverse("structural:survey_results", args=[survey_round.pk])
    assert Response.objects.count() == 2


def test_survey_pages_follow_the_area(client, bob, carol, administrator, survey_round):
    urls = [
        reverse("structural:survey_entry", args=[survey_round.pk]),
        reverse("structural:survey_results", args=[survey_round.pk]),
    ]
    client.force_login(bob)
    for url in [*urls, reverse("structural:surveys")]:
        assert client.get(url).status_code == 200
    client.force_login(carol)
    for url in urls:
        assert client.get(url).status_code == 404
    client.force_login(administrator)
    for url in urls:
        assert client.get(url).status_code == 403
    client.logout()
    for url in urls:
        assert client.get(url).status_code == 302


# --- Results -----------------------------------------------------------------


@pytest.fixture
def small_data_set(survey_round, statements):
    """s1, s2, s3 by four respondents (None = skipped):

    adult      5 4 2
    adult      4 4 1
    mhsa       5 3 -
    not said   - - -
    """
    rows = [
        ("adult", (5, 4, 2)),
        ("adult", (4, 4, 1)),
        ("mhsa", (5, 3, None)),
        ("not_said", (None, None, None)),
    ]
    for line, values in rows:
        services.response_create(
            round=survey_round, service_line=line, values=dict(zip(statements, values, strict=True))
        )
    return survey_round


def test_results_on_a_small_data_set(small_data_set, statements, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        results = survey_results(round=small_data_set)
    overall = results.overall
    s1, s2, s3 = overall.statements
    assert overall.respondents == 4
    assert overall.answers == 8
    assert overall.mean == pytest.approx(28 / 8)  # pooled: (14 + 11 + 3) / 8 = 3.5
    assert (s1.answers, s1.mean, s1.distribution) == (
        3,
        pytest.approx(14 / 3),
        {1: 0, 2: 0, 3: 0, 4: 1, 5: 2},
    )
    assert (s2.answers, s2.mean, s2.distribution) == (
        3,
        pytest.approx(11 / 3),
        {1: 0, 2: 0, 3: 1, 4: 2, 5: 0},
    )
    assert (s3.answers, s3.mean, s3.distribution) == (2, 1.5, {1: 1, 2: 1, 3: 0, 4: 0, 5: 0})
    assert [s.statement for s in overall.below_mean] == [statements[2]]
    assert (overall.low_answers, overall.low_respondents) == (2, 2)
    assert [s.statement for s in overall.low_statements] == [statements[2]]

    groups = {group.key: group for group in results.by_service_line}
    adult, mhsa, not_said = groups["adult"], groups["mhsa"], groups["not_said"]
    assert (adult.respondents, adult.answers, adult.mean) == (2, 6, pytest.approx(20 / 6))
    assert [s.mean for s in adult.statements] == [4.5, 4.0, 1.5]
    assert [s.statement for s in adult.below_mean] == [statements[2]]
    assert (adult.low_answers, adult.low_respondents) == (2, 2)
    assert (mhsa.respondents, mhsa.mean) == (1, 4.0)
    assert [s.statement for s in mhsa.below_mean] == [statements[1]]
    assert (mhsa.low_answers, mhsa.low_respondents) == (0, 0)
    assert (not_said.respondents, not_said.answers, not_said.mean) == (1, 0, None)
    assert not_said.below_mean == []


def test_the_results_page_shows_the_low_answers(client, alice, small_data_set):
    client.force_login(alice)
    response = client.get(reverse("structural:survey_results", args=[small_data_set.pk]))
    assert response.status_code == 200
    assert response.context["results"].overall.low_answers == 2
    assert small_data_set.token in response.content.decode()


# --- Demo --------------------------------------------------------------------


def test_the_demo_survey(db):
    area = AreaFactory(name="Essote", code="essote")
    unit = UnitFactory(area=area, code="mikkeli-as")
    UserFactory(username="sosiaalityontekija", area=area, units=[unit])
    out = io.StringIO()
    load_demo(out)
    load_demo(out)  # idempotent
    assert "100 responses" in out.getvalue()

    survey_round = SurveyRound.objects.get(survey__area=area, name="Maaliskuu 2019")
    results = survey_results(round=survey_round)
    groups = {group.key: group.respondents for group in results.by_service_line}
    assert results.overall.respondents == 100
    assert groups == {"adult": 54, "mhsa": 41, "not_said": 5}
    assert round(results.overall.mean, 1) == 4.2
    statements = results.overall.statements
    means = [s.mean for s in statements]
    # Best: respectful treatment, being heard, opinion counted; below the mean
    # the rest, the last two clearly lower.
    assert [s.below_mean for s in statements] == [False] * 3 + [True] * 5
    assert min(means[:3]) > results.overall.mean > max(means[3:6])
    assert max(means[6:]) < min(means[3:6]) - 0.3
    assert results.overall.low_answers > 0
    from structural.models import Observation

    observations = Observation.objects.filter(area=area).with_status()
    assert 8 <= observations.count() <= 12
    assert len({o.current_status for o in observations}) == 5
