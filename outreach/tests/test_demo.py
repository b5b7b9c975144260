"""The demo's outreach reproduces the seed's nutshell figures through the
selectors: 95 outreach visits meeting 392 people, 11 pop-up events."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db.models import Count

from accounts.models import Role, User
from outreach import selectors
from outreach.models import ClientMet, OutreachVisit, PartnerOrganisation, VisitKind

pytestmark = pytest.mark.django_db

PROJECT = {"start": datetime.date(2018, 1, 1), "end": datetime.date(2019, 12, 31)}


def test_demo_outreach_matches_the_nutshell_and_loads_idempotently(settings):
    settings.DEMO_DATA_ALLOWED = True
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Demo outreach: 10 partner organisations, 95 outreach visits" in out.getvalue()

    coordinator = User.objects.get(username="koordinaattori")
    assert coordinator.role == Role.COORDINATOR
    assert selectors.visit_count(user=coordinator, **PROJECT) == 95
    assert selectors.people_met_total(user=coordinator, **PROJECT) == 392
    assert selectors.popup_event_count(user=coordinator, **PROJECT) == 11
    assert selectors.new_contacts_total(user=coordinator, **PROJECT) > 0

    mass_events = OutreachVisit.objects.filter(kind=VisitKind.MASS_EVENT)
    assert sorted((v.date.year, v.date.month) for v in mass_events) == [(2018, 10), (2019, 10)]
    row_houses = OutreachVisit.objects.filter(kind=VisitKind.POPUP, place__startswith="Rivitalo")
    assert sorted((v.date.year, v.date.month) for v in row_houses) == [
        (2018, 12),
        (2019, 8),
        (2019, 12),
    ]
    assert OutreachVisit.objects.filter(kind=VisitKind.HOME_VISIT).count() >= 3
    # Mostly a social worker - social instructor pair.
    pairs = OutreachVisit.objects.annotate(n=Count("workers")).filter(n=2)
    assert pairs.count() > 80
    for link in ClientMet.objects.select_related("client", "visit"):
        assert link.client.unit_id == link.visit.unit_id
    assert ClientMet.objects.count() >= 3

    before = (
        OutreachVisit.objects.count(),
        PartnerOrganisation.objects.count(),
        ClientMet.objects.count(),
        OutreachVisit.workers.through.objects.count(),
    )
    call_command("load_demo", stdout=io.StringIO())
    after = (
        OutreachVisit.objects.count(),
        PartnerOrganisation.objects.count(),
        ClientMet.objects.count(),
        OutreachVisit.workers.through.objects.count(),
    )
    assert after == before
