"""Reads of the clients app: every one takes the requesting user."""

from django.db.models import Count, QuerySet

from accounts.access import figure_units
from clients.models import Client


def client_list(*, user) -> QuerySet[Client]:
    """Clients the user may see, with what a list page shows."""
    return (
        Client.objects.restrict(user)
        .select_related("unit", "responsible_worker")
        .order_by("last_name", "first_name", "id")
    )


def my_clients(*, user) -> QuerySet[Client]:
    """The user's own caseload: clients whose named responsible worker they are."""
    return client_list(user=user).filter(responsible_worker=user)


def client_count_by_unit(*, user) -> list[dict]:
    """Clients per unit, for the units whose figures the user may see.

    Definition: the number of client records whose unit is the unit, counted
    in the database.  Units with no clients are listed with 0.
    """
    return list(
        figure_units(user)
        .annotate(client_count=Count("clients"))
        .values("code", "name", "client_count")
        .order_by("name")
    )
