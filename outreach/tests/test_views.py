"""Views of outreach: who may open what, the quick form, bad input, the
clients met and the access log, and the list's query count.

Assertions are on status codes, the database, error codes and the response
context, not on translated text.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.access_log import AccessAction, AccessLogEntry
from accounts.tests.factories import UserFactory
from outreach.models import ClientMet, OutreachVisit, PartnerOrganisation, VisitKind
from outreach.tests.factories import (
    ClientMetFactory,
    OutreachVisitFactory,
    PartnerOrganisationFactory,
)

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def quick_data(municipality, **changes):
    """The five fields a worker fills in at the event."""
    data = {
        "kind": VisitKind.POPUP,
        "date": today().isoformat(),
        "place": "Siekkilän kerhotila",
        "municipality": municipality.pk,
        "people_met": "12",
    }
    return {**data, **changes}


def edit_data(visit, **changes):
    """The edit form as it would be posted back unchanged."""
    data = {
        "kind": visit.kind,
        "date": visit.date.isoformat(),
        "place": visit.place,
        "municipality": visit.municipality_id,
        "unit": visit.unit_id,
        "people_met": str(visit.people_met),
        "new_contacts": str(visit.new_contacts),
        "workers": [w.pk for w in visit.workers.all()],
        "partners": [p.pk for p in visit.partners.all()],
        "clients_met": [],
        "notes": visit.notes,
    }
    return {**data, **changes}


def error_codes(response, field):
    return [error.code for error in response.context["form"].errors.as_data().get(field, [])]


# --- Who may open what -----------------------------------------------------------


@pytest.fixture
def urls(visit_of_a, partner):
    """Every outreach page, with alice's visit and her area's partner."""
    return {
        "outreach:list": reverse("outreach:list"),
        "outreach:create": reverse("outreach:create"),
        "outreach:detail": reverse("outreach:detail", args=[visit_of_a.pk]),
        "outreach:update": reverse("outreach:update", args=[visit_of_a.pk]),
        "outreach:partners": reverse("outreach:partners"),
        "outreach:partner_create": reverse("outreach:partner_create"),
        "outreach:partner_update": reverse("outreach:partner_update", args=[partner.pk]),
    }


@pytest.mark.parametrize(
    "name",
    [
        "outreach:list",
        "outreach:create",
        "outreach:detail",
        "outreach:update",
        "outreach:partners",
        "outreach:partner_create",
        "outreach:partner_update",
    ],
)
def test_alice_may_open_every_outreach_page_and_anonymous_must_log_in(client, alice, urls, name):
    response = client.get(urls[name])
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))

    client.force_login(alice)
    assert client.get(urls[name]).status_code == 200


@pytest.mark.parametrize("name", ["outreach:detail", "outreach:update"])
def test_bob_of_another_unit_gets_404_for_alices_visit(client, bob, urls, name):
    client.force_login(bob)
    assert client.get(urls[name]).status_code == 404
    if name == "outreach:update":
        assert client.post(urls[name], {"people_met": "1"}).status_code == 404


def test_bob_does_not_see_alices_visit_in_the_list(client, bob, visit_of_a, visit_of_b):
    client.force_login(bob)
    response = client.get(reverse("outreach:list"))
    assert list(response.context["visits"]) == [visit_of_b]


def test_partners_belong_to_the_area(client, bob, carol, urls, partner):
    # Bob works in the same area: its partners are his too.
    client.force_login(bob)
    assert client.get(urls["outreach:partner_update"]).status_code == 200
    # Carol works in another area.
    client.force_login(carol)
    assert client.get(urls["outreach:partner_update"]).status_code == 404
    assert list(client.get(urls["outreach:partners"]).context["partners"]) == []


@pytest.mark.parametrize(
    "name",
    [
        "outreach:list",
        "outreach:create",
        "outreach:detail",
        "outreach:partners",
        "outreach:partner_create",
    ],
)
def test_an_administrator_sees_no_outreach_pages(client, administrator, urls, name):
    client.force_login(administrator)
    assert client.get(urls[name]).status_code == 403


# --- The quick form ----------------------------------------------------------------


def test_quick_form_defaults_to_today_the_units_first_municipality_and_the_user(
    client, alice, unit_a, municipality_a
):
    client.force_login(alice)
    form = client.get(reverse("outreach:create")).context["form"]
    assert form["date"].value() == today()
    assert form["municipality"].value() == municipality_a.pk
    assert form["workers"].value() == [alice.pk]
    assert form["unit"].value() == unit_a.pk
    assert form.fields["unit"].widget.is_hidden
    assert form.fields["people_met"].widget.attrs["inputmode"] == "numeric"


def test_quick_form_saves_a_visit_with_five_fields(client, alice, unit_a, municipality_a):
    client.force_login(alice)

    response = client.post(reverse("outreach:create"), quick_data(municipality_a))

    visit = OutreachVisit.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("outreach:detail", args=[visit.pk])
    assert (visit.kind, visit.date, visit.people_met, visit.new_contacts) == (
        VisitKind.POPUP,
        today(),
        12,
        0,
    )
    assert (visit.unit, visit.municipality, visit.recorded_by) == (unit_a, municipality_a, alice)
    assert list(visit.workers.all()) == [alice]
    assert not visit.partners.exists()


def test_quick_form_without_a_municipality_uses_the_units_first(
    client, alice, unit_a, municipality_a
):
    client.force_login(alice)
    data = quick_data(municipality_a)
    del data["municipality"]
    client.post(reverse("outreach:create"), data)
    assert OutreachVisit.objects.get().municipality == municipality_a


def test_a_unit_without_municipalities_makes_the_municipality_a_required_choice(
    client, bob, municipality_a
):
    client.force_login(bob)
    data = quick_data(municipality_a)
    del data["municipality"]
    response = client.post(reverse("outreach:create"), data)
    assert error_codes(response, "municipality") == ["required"]
    assert not OutreachVisit.objects.exists()


def test_quick_form_records_a_pair_and_partners(client, alice, unit_a, municipality_a, partner):
    pair = UserFactory(username="pari", area=alice.area, units=[unit_a])
    client.force_login(alice)
    client.post(
        reverse("outreach:create"),
        quick_data(municipality_a, workers=[alice.pk, pair.pk], partners=[partner.pk]),
    )
    visit = OutreachVisit.objects.get()
    assert set(visit.workers.all()) == {alice, pair}
    assert list(visit.partners.all()) == [partner]


def test_a_worker_of_two_units_chooses_the_unit(client, unit_a, unit_b, municipality_a):
    both = UserFactory(username="molemmat", area=unit_a.area, units=[unit_a, unit_b])
    client.force_login(both)
    form = client.get(reverse("outreach:create")).context["form"]
    assert not form.fields["unit"].widget.is_hidden
    data = quick_data(municipality_a, unit="")
    response = client.post(reverse("outreach:create"), data)
    assert response.status_code == 200
    assert error_codes(response, "unit") == ["required"]
    assert not OutreachVisit.objects.exists()


def test_bob_cannot_record_a_visit_for_alices_unit(client, bob, unit_a, municipality_a):
    client.force_login(bob)
    response = client.post(reverse("outreach:create"), quick_data(municipality_a, unit=unit_a.pk))
    assert response.status_code == 200
    assert error_codes(response, "unit") == ["invalid_choice"]
    assert not OutreachVisit.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"people_met": "-3"}, "people_met", "min_value"),
        ({"people_met": ""}, "people_met", "required"),
        ({"people_met": "kymmenen"}, "people_met", "invalid"),
        (
            {"people_met": "2", "new_contacts": "3"},
            "new_contacts",
            "more_new_contacts_than_people_met",
        ),
        ({"new_contacts": "-1"}, "new_contacts", "min_value"),
        ({"date": "tomorrow"}, "date", "future_date"),  # made a date in the test
        ({"kind": ""}, "kind", "required"),
    ],
)
def test_bad_input_on_the_quick_form_is_a_field_error_and_nothing_is_saved(
    client, alice, municipality_a, changes, field, code
):
    if changes.get("date") == "tomorrow":
        changes = {"date": (today() + datetime.timedelta(days=1)).isoformat()}
    client.force_login(alice)
    response = client.post(reverse("outreach:create"), quick_data(municipality_a, **changes))
    assert response.status_code == 200
    assert error_codes(response, field) == [code]
    assert not OutreachVisit.objects.exists()
    # The error is shown next to the field.
    assert f'id="error_1_id_{field}"' in response.content.decode() or field == "kind"


def test_the_database_refuses_more_new_contacts_than_people_met(visit_of_a):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        OutreachVisit.objects.filter(pk=visit_of_a.pk).update(new_contacts=100)


# --- The visit page, the clients met and the access log ------------------------------


def test_the_visit_page_lists_only_the_users_clients_met_and_logs_them(
    client, alice, visit_of_a, client_of_a, client_of_b
):
    mine = ClientMetFactory(visit=visit_of_a, client=client_of_a)
    ClientMetFactory(visit=visit_of_a, client=client_of_b)
    client.force_login(alice)

    response = client.get(reverse("outreach:detail", args=[visit_of_a.pk]))

    assert response.status_code == 200
    assert response.context["clients_met"] == [mine]
    assert client_of_b.last_name not in response.content.decode()
    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.action, entry.allowed) == (alice, AccessAction.VIEW, True)
    assert (entry.client_id, entry.client_unit_id) == (client_of_a.pk, client_of_a.unit_id)
    assert (entry.record_type, entry.record_id) == ("outreach.clientmet", mine.pk)


def test_a_visit_page_without_clients_met_writes_no_log(client, alice, visit_of_a):
    client.force_login(alice)
    client.get(reverse("outreach:detail", args=[visit_of_a.pk]))
    assert not AccessLogEntry.objects.exists()


def test_the_edit_form_offers_only_the_users_clients_and_logs_them(
    client, alice, visit_of_a, client_of_a, client_of_b
):
    client.force_login(alice)
    response = client.get(reverse("outreach:update", args=[visit_of_a.pk]))
    offered = list(response.context["form"].fields["clients_met"].queryset)
    assert offered == [client_of_a]
    listed = AccessLogEntry.objects.get(action=AccessAction.LIST)
    assert (listed.client_id, listed.record_type) == (client_of_a.pk, "clients.client")


def test_linking_a_client_met_saves_the_visit_and_logs_the_link(
    client, alice, visit_of_a, client_of_a
):
    client.force_login(alice)
    url = reverse("outreach:update", args=[visit_of_a.pk])

    response = client.post(
        url, edit_data(visit_of_a, clients_met=[client_of_a.pk], people_met="8", notes="Hyvä")
    )

    assert response.status_code == 302
    visit_of_a.refresh_from_db()
    assert (visit_of_a.people_met, visit_of_a.notes) == (8, "Hyvä")
    link = ClientMet.objects.get()
    assert (link.visit, link.client, link.recorded_by) == (visit_of_a, client_of_a, alice)
    created = AccessLogEntry.objects.get(action=AccessAction.CREATE)
    assert (created.client_id, created.record_id) == (client_of_a.pk, link.pk)

    client.post(url, edit_data(visit_of_a, clients_met=[]))
    assert not ClientMet.objects.exists()
    removed = AccessLogEntry.objects.get(action=AccessAction.CHANGE)
    assert (removed.client_id, removed.record_id) == (client_of_a.pk, link.pk)


def test_a_link_to_a_client_outside_the_users_units_is_kept_when_she_saves(
    client, alice, visit_of_a, client_of_a, client_of_b
):
    hidden = ClientMetFactory(visit=visit_of_a, client=client_of_b)
    client.force_login(alice)
    client.post(
        reverse("outreach:update", args=[visit_of_a.pk]),
        edit_data(visit_of_a, clients_met=[client_of_a.pk]),
    )
    assert set(ClientMet.objects.values_list("client", flat=True)) == {
        client_of_a.pk,
        client_of_b.pk,
    }
    assert ClientMet.objects.filter(pk=hidden.pk).exists()


def test_a_client_of_another_unit_cannot_be_linked(client, alice, visit_of_a, client_of_b):
    client.force_login(alice)
    response = client.post(
        reverse("outreach:update", args=[visit_of_a.pk]),
        edit_data(visit_of_a, clients_met=[client_of_b.pk], people_met="50"),
    )
    assert response.status_code == 200
    assert error_codes(response, "clients_met") == ["invalid_choice"]
    visit_of_a.refresh_from_db()
    assert visit_of_a.people_met == 6
    assert not ClientMet.objects.exists()


def test_bad_input_on_the_edit_form_changes_nothing(client, alice, visit_of_a, client_of_a):
    client.force_login(alice)
    response = client.post(
        reverse("outreach:update", args=[visit_of_a.pk]),
        edit_data(visit_of_a, people_met="1", new_contacts="2", clients_met=[client_of_a.pk]),
    )
    assert error_codes(response, "new_contacts") == ["more_new_contacts_than_people_met"]
    visit_of_a.refresh_from_db()
    assert (visit_of_a.people_met, visit_of_a.new_contacts) == (6, 2)
    assert not ClientMet.objects.exists()


# --- The list ---------------------------------------------------------------------


def test_the_list_filters_rows_and_figures_alike(client, alice, unit_a, municipality_a):
    for day, kind, people in (
        (datetime.date(2019, 2, 1), VisitKind.POPUP, 10),
        (datetime.date(2019, 3, 1), VisitKind.HOME_VISIT, 1),
        (datetime.date(2018, 3, 1), VisitKind.POPUP, 7),
    ):
        OutreachVisitFactory(
            unit=unit_a,
            municipality=municipality_a,
            recorded_by=alice,
            date=day,
            kind=kind,
            people_met=people,
        )
    client.force_login(alice)

    response = client.get(
        reverse("outreach:list"), {"start": "2019-01-01", "end": "2019-12-31", "kind": "popup"}
    )

    assert [v.people_met for v in response.context["visits"]] == [10]
    assert response.context["summary"] == {
        "visits": 1,
        "popup_events": 1,
        "people_met": 10,
        "new_contacts": 0,
    }
    everything = client.get(reverse("outreach:list")).context
    assert everything["summary"]["people_met"] == 18
    assert len(everything["visits"]) == 3


def test_a_period_ending_before_it_starts_is_a_field_error(client, alice):
    client.force_login(alice)
    response = client.get(reverse("outreach:list"), {"start": "2019-12-31", "end": "2019-01-01"})
    assert response.status_code == 200
    assert "end" in response.context["filter"].form.errors


def test_the_list_uses_a_constant_number_of_queries(
    client, alice, unit_a, municipality_a, partner, django_assert_num_queries
):
    def add(n):
        for i in range(n):
            pair = UserFactory(area=alice.area, units=[unit_a])
            OutreachVisitFactory(
                unit=unit_a,
                municipality=municipality_a,
                recorded_by=alice,
                date=datetime.date(2019, 1, 1) + datetime.timedelta(days=i),
                workers=[alice, pair],
                partners=[partner, PartnerOrganisationFactory(area=alice.area)],
            )

    add(2)
    client.force_login(alice)
    url = reverse("outreach:list")
    client.get(url)  # warm up: nothing cached on the first request counts
    # Session and user; the three figure queries; the units whose figures are
    # shown and the user's own units (disclosure control); the filter's unit
    # and municipality choices; count, rows, workers, partners.  The session is
    # not written again within a minute of its last stamp (accounts/user_sessions.py).
    with django_assert_num_queries(13) as captured:
        response = client.get(url, {"start": "2019-01-01"})
    assert len(response.context["visits"]) == 2
    add(8)
    with django_assert_num_queries(len(captured.captured_queries)):
        response = client.get(url, {"start": "2019-01-01"})
    assert len(response.context["visits"]) == 10


# --- Partners ---------------------------------------------------------------------


def test_a_worker_adds_a_partner_to_her_area(client, alice, area, municipality_a):
    client.force_login(alice)
    response = client.post(
        reverse("outreach:partner_create"),
        {
            "name": "  ViaDia   Mikkeli ",
            "kind": "third_sector",
            "municipality": municipality_a.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    partner = PartnerOrganisation.objects.get()
    assert (partner.area, partner.name, partner.municipality) == (
        area,
        "ViaDia Mikkeli",
        municipality_a,
    )


def test_a_partner_name_is_unique_in_the_area(client, alice, partner, carol, other_area):
    client.force_login(alice)
    response = client.post(
        reverse("outreach:partner_create"), {"name": "mielenmaja", "kind": "third_sector"}
    )
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert PartnerOrganisation.objects.count() == 1
    # Another area may have a partner of the same name.
    client.force_login(carol)
    client.post(reverse("outreach:partner_create"), {"name": "Mielenmaja", "kind": "other"})
    assert PartnerOrganisation.objects.filter(area=other_area).count() == 1


def test_a_partner_no_longer_in_use_is_not_offered_for_new_visits(
    client, alice, partner, visit_of_a
):
    client.force_login(alice)
    response = client.post(
        reverse("outreach:partner_update", args=[partner.pk]),
        {"name": partner.name, "kind": partner.kind, "municipality": "", "is_active": ""},
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert not partner.is_active and partner.municipality is None
    quick = client.get(reverse("outreach:create")).context["form"]
    assert partner not in quick.fields["partners"].queryset
    # A visit that already names it keeps it choosable.
    edit = client.get(reverse("outreach:update", args=[visit_of_a.pk])).context["form"]
    assert partner in edit.fields["partners"].queryset


def test_a_coordinator_sees_the_areas_small_figures_hidden(client, coordinator, unit_b, alice):
    from outreach.tests.factories import OutreachVisitFactory

    OutreachVisitFactory(unit=alice.units.get(), people_met=3, new_contacts=1)
    client.force_login(coordinator)
    summary = client.get(reverse("outreach:list")).context["summary"]
    assert str(summary["visits"]) == "<5" and str(summary["people_met"]) == "<5"
    client.force_login(alice)  # her own unit: the true figures
    assert client.get(reverse("outreach:list")).context["summary"]["people_met"] == 3
