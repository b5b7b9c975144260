"""Filters of the activity lists (django-filter): a period on every list,
the kind where there are kinds."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from activities.models import MediaKind, ParticipationKind, TrainingDay
from clients.forms import DateInput


class PeriodForm(forms.Form):
    """The filter form: a period that ends before it starts is an error."""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The period cannot end before it starts."))
        return cleaned


class PeriodFilter(django_filters.FilterSet):
    """Records dated in a period; both days included, either may be left open."""

    date_field = "held_on"

    start = django_filters.DateFilter(label=_("From"), method="from_day", widget=DateInput())
    end = django_filters.DateFilter(label=_("To"), method="to_day", widget=DateInput())

    class Meta:
        form = PeriodForm

    def from_day(self, queryset, name, value):
        return queryset.filter(**{f"{self.date_field}__gte": value})

    def to_day(self, queryset, name, value):
        return queryset.filter(**{f"{self.date_field}__lte": value})


class WorkshopFilter(PeriodFilter):
    topic = django_filters.CharFilter(
        label=_("Topic contains"), field_name="topic", lookup_expr="icontains", max_length=100
    )


class TrainingFilter(PeriodFilter):
    """A training is in the period when at least one of its days is."""

    name = django_filters.CharFilter(
        label=_("Name contains"), field_name="name", lookup_expr="icontains", max_length=100
    )

    def from_day(self, queryset, name, value):
        return queryset  # both ends at once, in filter_queryset

    to_day = from_day

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        start, end = self.form.cleaned_data.get("start"), self.form.cleaned_data.get("end")
        if not (start or end):
            return queryset
        # One day between both ends, not one after the start and another
        # before the end; and a subquery rather than a join, so that the
        # list's per-training aggregates still count every day.
        days = TrainingDay.objects.filter(training=OuterRef("pk"))
        if start:
            days = days.filter(held_on__gte=start)
        if end:
            days = days.filter(held_on__lte=end)
        return queryset.filter(Exists(days))


class ParticipationEventFilter(PeriodFilter):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=ParticipationKind.choices, empty_label=_("All kinds")
    )


class MediaItemFilter(PeriodFilter):
    date_field = "published_on"

    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=MediaKind.choices, empty_label=_("All kinds")
    )


class FollowerCountFilter(PeriodFilter):
    date_field = "counted_on"

    channel = django_filters.CharFilter(
        label=_("Social-media channel"), field_name="channel", lookup_expr="iexact", max_length=100
    )
