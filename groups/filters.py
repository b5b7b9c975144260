"""Filters of the group list (django-filter).  A group's name is no client
data, so the criteria may travel in the address."""

import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.access import client_units
from accounts.models import Municipality
from clients.forms import DateInput
from groups.models import GroupKind


class GroupFilter(django_filters.FilterSet):
    """Groups whose period overlaps the chosen one, by unit, municipality
    and kind."""

    period_from = django_filters.DateFilter(
        label=_("Period from"),
        field_name="ends_on",
        lookup_expr="gte",
        widget=DateInput(),
    )
    period_until = django_filters.DateFilter(
        label=_("Period until"),
        field_name="starts_on",
        lookup_expr="lte",
        widget=DateInput(),
    )
    unit = django_filters.ModelChoiceFilter(label=_("Unit"), queryset=None)
    municipality = django_filters.ModelChoiceFilter(label=_("Municipality"), queryset=None)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=GroupKind.choices)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = client_units(user)
        self.filters["municipality"].queryset = Municipality.objects.filter(area_id=user.area_id)
