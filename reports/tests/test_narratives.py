"""The narrative sections of the final report: coordinators of the area write
drafts and publish them; a stale save is refused and loses nothing."""

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import AreaFactory, UnitFactory, UserFactory
from reports.final_report import selectors, services
from reports.models import NarrativeSection, ReportNarrative

pytestmark = pytest.mark.django_db

EDIT = "reports:narrative_edit"
# Session, user and the user's area; the narratives in one query (the session
# is not written again within a minute of login: accounts/user_sessions.py).
LIST_QUERIES = 4


def edit_url(section=NarrativeSection.GENERAL):
    return reverse(EDIT, args=[section.value])


def test_save_draft_creates_the_section_without_publishing(coordinator, area):
    narrative = selectors.narrative_of(area=area, section=NarrativeSection.GENERAL)
    saved = services.narrative_save(
        narrative=narrative, draft="Luonnos.", version=services.NEW_VERSION, by=coordinator
    )
    assert (saved.draft, saved.text, saved.version) == ("Luonnos.", "", 1)
    assert saved.published_at is None and saved.updated_by == coordinator


def test_publish_copies_the_draft_to_the_printed_text(coordinator, area):
    narrative = services.narrative_save(
        narrative=ReportNarrative(area=area, section=NarrativeSection.OUTREACH),
        draft="Ensimmäinen.",
        version=0,
        by=coordinator,
    )
    services.narrative_save(
        narrative=narrative, draft="Julkaistu.", version=1, by=coordinator, publish=True
    )
    narrative.refresh_from_db()
    assert (narrative.text, narrative.draft, narrative.version) == ("Julkaistu.", "Julkaistu.", 2)
    assert narrative.published_at is not None


def test_stale_version_is_refused_and_changes_nothing(coordinator, area):
    narrative = services.narrative_save(
        narrative=ReportNarrative(area=area, section=NarrativeSection.GROUPS),
        draft="Toisen teksti.",
        version=0,
        by=coordinator,
    )
    with pytest.raises(services.StaleNarrative):
        services.narrative_save(narrative=narrative, draft="Minun.", version=0, by=coordinator)
    # Two people opening a section never saved: the second create is refused too.
    with pytest.raises(services.StaleNarrative):
        services.narrative_save(
            narrative=ReportNarrative(area=area, section=NarrativeSection.GROUPS),
            draft="Minun.",
            version=0,
            by=coordinator,
        )
    narrative.refresh_from_db()
    assert (narrative.draft, narrative.version) == ("Toisen teksti.", 1)


def test_list_shows_each_section_with_its_status(client, coordinator, area):
    services.narrative_save(
        narrative=ReportNarrative(area=area, section=NarrativeSection.GENERAL),
        draft="Julkaistu teksti.",
        version=0,
        by=coordinator,
        publish=True,
    )
    services.narrative_save(
        narrative=ReportNarrative(area=area, section=NarrativeSection.GROUPS),
        draft="Keskeneräinen.",
        version=0,
        by=coordinator,
    )
    states = {s.section: s.status for s in selectors.narrative_sections(area=area)}
    assert states[NarrativeSection.GENERAL] == "published"
    assert states[NarrativeSection.GROUPS] == "draft"
    assert states[NarrativeSection.CONCLUSIONS] == "empty"
    assert list(states) == list(NarrativeSection)
    client.force_login(coordinator)
    response = client.get(reverse("reports:narratives"))
    assert response.status_code == 200
    for section in NarrativeSection:
        assert edit_url(section) in response.content.decode()


def test_list_runs_a_constant_number_of_queries(
    client, coordinator, area, django_assert_num_queries
):
    for section in NarrativeSection:
        services.narrative_save(
            narrative=ReportNarrative(area=area, section=section),
            draft="Teksti.",
            version=0,
            by=coordinator,
        )
    client.force_login(coordinator)
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(reverse("reports:narratives")).status_code == 200


def test_browser_save_draft_then_publish(client, coordinator, area):
    client.force_login(coordinator)
    page = client.get(edit_url())
    assert page.status_code == 200
    response = client.post(edit_url(), {"draft": "Ensimmäinen luonnos.", "version": 0, "save": ""})
    assert response.status_code == 302
    narrative = ReportNarrative.objects.get(area=area, section=NarrativeSection.GENERAL)
    assert (narrative.draft, narrative.text) == ("Ensimmäinen luonnos.", "")
    response = client.post(
        edit_url(), {"draft": "Valmis teksti.\n\nToinen kappale.", "version": 1, "publish": ""}
    )
    assert response.status_code == 302
    narrative.refresh_from_db()
    assert narrative.text == "Valmis teksti.\n\nToinen kappale."
    assert narrative.version == 2


def test_browser_stale_save_shows_the_users_text_back(client, coordinator, area):
    services.narrative_save(
        narrative=ReportNarrative(area=area, section=NarrativeSection.GENERAL),
        draft="Kollegan tallentama teksti.",
        version=0,
        by=coordinator,
    )
    client.force_login(coordinator)
    response = client.post(edit_url(), {"draft": "Oma tärkeä tekstini.", "version": 0, "save": ""})
    assert response.status_code == 409
    page = response.content.decode()
    assert str(services.StaleNarrative.message) in page
    assert "Oma tärkeä tekstini." in page
    assert "Kollegan tallentama teksti." in page
    # The form now carries the saved version: saving again is a choice.
    assert response.context["form"]["version"].value() == 1
    narrative = ReportNarrative.objects.get(area=area, section=NarrativeSection.GENERAL)
    assert narrative.draft == "Kollegan tallentama teksti."


def test_worker_and_supervisor_are_refused(client, alice, supervisor):
    for user in (alice, supervisor):
        client.force_login(user)
        assert client.get(reverse("reports:narratives")).status_code == 403
        response = client.post(edit_url(), {"draft": "x", "version": 0, "save": ""})
        assert response.status_code == 403
    assert not ReportNarrative.objects.exists()


def test_coordinator_of_another_area_reaches_only_their_own(client, coordinator, area):
    services.narrative_save(
        narrative=ReportNarrative(area=area, section=NarrativeSection.GENERAL),
        draft="Essoten teksti.",
        version=0,
        by=coordinator,
        publish=True,
    )
    other_area = AreaFactory(name="Muu alue", code="muu")
    other = UserFactory(
        username="muu.koordinaattori",
        role=Role.COORDINATOR,
        area=other_area,
        units=[UnitFactory(area=other_area, code="muu-yksikko")],
    )
    client.force_login(other)
    page = client.get(edit_url()).content.decode()
    assert "Essoten teksti." not in page
    client.post(edit_url(), {"draft": "Vieras teksti.", "version": 1, "publish": ""})
    ours = ReportNarrative.objects.get(area=area, section=NarrativeSection.GENERAL)
    assert (ours.text, ours.version) == ("Essoten teksti.", 1)
    assert not ReportNarrative.objects.filter(area=other_area).exists()


def test_anonymous_is_sent_to_log_in(client):
    for url in (reverse("reports:narratives"), edit_url()):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("login") in response["Location"]
    response = client.post(edit_url(), {"draft": "x", "version": 0})
    assert response.status_code == 302
    assert not ReportNarrative.objects.exists()


def test_unknown_section_is_not_found(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse(EDIT, args=["tuntematon"])).status_code == 404


def test_too_long_text_is_refused_with_nothing_saved(client, coordinator, area):
    client.force_login(coordinator)
    response = client.post(edit_url(), {"draft": "x" * 50_001, "version": 0, "save": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["draft"]
    assert not ReportNarrative.objects.exists()
