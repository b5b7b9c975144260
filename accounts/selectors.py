"""Reads of the accounts app."""

from django.db.models import Count

from accounts.models import Role, User


def staff_count_by_role() -> list[dict]:
    """Active user accounts per role, for the administrator's home page.

    Definition: users with is_active set, grouped by role, counted in the
    database.  Every role is listed, with 0 where there is nobody.
    """
    counted = dict(
        User.objects.filter(is_active=True)
        .values_list("role")
        .annotate(n=Count("id"))
        .values_list("role", "n")
    )
    return [{"role": role.label, "count": counted.get(role.value, 0)} for role in Role]
