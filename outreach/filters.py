"""Filters of the visit list (django-filter).  The same criteria choose the
rows listed and the visits the summary figures count."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.access import figure_units
from accounts.models import Municipality
from clients.forms import DateInput
from outreach.models import OutreachVisit, VisitKind


class VisitFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The period cannot end before it starts."))
        return cleaned


class OutreachVisitFilter(django_filters.FilterSet):
    """Period (both days included), unit, municipality and kind."""

    start = django_filters.DateFilter(
        label=_("From"), field_name="date", lookup_expr="gte", widget=DateInput()
    )
    end = django_filters.DateFilter(
        label=_("To"), field_name="date", lookup_expr="lte", widget=DateInput()
    )
    unit = django_filters.ModelChoiceFilter(label=_("Unit"), queryset=None)
    municipality = django_filters.ModelChoiceFilter(label=_("Municipality"), queryset=None)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=VisitKind.choices)

    class Meta:
        model = OutreachVisit
        fields = ["start", "end", "unit", "municipality", "kind"]
        form = VisitFilterForm

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The figures may cover more units than the rows (a coordinator's
        # cover the whole area), so the choice is of the figures' units.
        self.filters["unit"].queryset = figure_units(user).order_by("name")
        self.filters["municipality"].queryset = Municipality.objects.filter(area_id=user.area_id)

    def criteria(self) -> dict:
        """The valid criteria, as the selectors of figures take them."""
        if self.is_bound:
            self.is_valid()
        data = getattr(self.form, "cleaned_data", {}) if self.is_bound else {}
        return {
            "start": data.get("start"),
            "end": data.get("end"),
            "unit": data.get("unit"),
            "municipality": data.get("municipality"),
            "kind": data.get("kind") or None,
        }
