"""load_demo: demo users of every role in at least two units, and run twice
it duplicates nothing."""

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from accounts.models import Area, Role, Unit, User
from clients.models import Client

pytestmark = pytest.mark.django_db


def counts():
    return {model.__name__: model.objects.count() for model in (Area, Unit, User, Client)} | {
        "unit memberships": User.units.through.objects.count()
    }


def test_demo_has_every_role_in_two_units_and_loads_idempotently(settings, capsys):
    settings.DEMO_DATA_ALLOWED = True
    call_command("load_demo")
    first = counts()
    call_command("load_demo")
    assert counts() == first
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    units_with_staff = Unit.objects.annotate(n=Count("members")).filter(n__gt=0)
    assert units_with_staff.count() >= 2
    assert Unit.objects.count() == 8
    output = capsys.readouterr().out
    for username in User.objects.values_list("username", flat=True):
        assert username in output


def test_demo_refuses_to_load_in_production(settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="known passwords"):
        call_command("load_demo")
    assert not User.objects.exists()
