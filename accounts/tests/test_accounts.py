"""The organisation and its users: rules about one row, the admin's checks,
and the account pages every role has."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.admin import PortalUserChangeForm
from accounts.models import Role, Title, User
from accounts.selectors import staff_count_by_role
from accounts.tests.factories import TEST_PASSWORD, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_worker_without_a_title_is_refused_by_the_database(area):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="x", role=Role.WORKER, title="", area=area)


def test_staff_other_than_administrators_belong_to_an_area():
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="x", role=Role.SUPERVISOR, area=None)


def test_a_municipality_code_has_three_digits(area):
    from accounts.models import Municipality

    with pytest.raises(IntegrityError), transaction.atomic():
        Municipality.objects.create(area=area, name="Väärä", code="49")


def test_admin_refuses_units_of_another_area(alice, unit_a):
    foreign = UnitFactory(name="Muu alue")
    form = PortalUserChangeForm(
        instance=alice,
        data={
            "username": alice.username,
            "role": Role.WORKER,
            "title": Title.SOCIAL_WORKER,
            "area": alice.area_id,
            "units": [unit_a.pk, foreign.pk],
            "date_joined": "2026-01-01 00:00",
        },
    )
    assert not form.is_valid()
    assert "Muu alue" in str(form.errors["units"])
    assert list(alice.units.all()) == [unit_a]


def test_role_label_shows_the_title_of_a_worker(alice, supervisor):
    assert alice.role_label == "sosiaalityöntekijä"
    assert supervisor.role_label == "esihenkilö"


def test_staff_count_by_role_counts_active_users_in_the_database(alice, bob, supervisor):
    UserFactory(username="gone", area=alice.area, is_active=False)
    counts = {row["role"]: row["count"] for row in staff_count_by_role()}
    assert counts == {"työntekijä": 2, "esihenkilö": 1, "koordinaattori": 0, "pääkäyttäjä": 0}


def test_password_change_with_field_errors_in_finnish(client, alice):
    client.force_login(alice)
    url = reverse("password_change")
    response = client.post(
        url, {"old_password": "väärä", "new_password1": "a", "new_password2": "b"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Vanha salasana on virheellinen" in page
    assert "invalid-feedback" in page  # shown at the field, not only on top
    alice.refresh_from_db()
    assert alice.check_password(TEST_PASSWORD)

    new = "Uusi-pitka-salasana-2026"
    response = client.post(
        url, {"old_password": TEST_PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(new)


def test_logout_is_a_post_and_ends_the_session(client, alice):
    client.force_login(alice)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("clients:mine")).status_code == 302


def test_health_answers_without_login(client):
    assert client.get(reverse("health")).json() == {"status": "ok"}
