"""Forms that request a report run."""

import datetime

from django import forms
from django.utils import dates, timezone
from django.utils.translation import gettext_lazy as _

from clients.forms import DateInput

# The project's period (the seed's final report covers it).
PROJECT_START = datetime.date(2018, 2, 1)
PROJECT_END = datetime.date(2019, 12, 31)
# The first year whose months can be reported: the data reach back to 2017.
FIRST_YEAR = 2017
AREA = "area"


def _last_month(today: datetime.date) -> tuple[int, int]:
    previous = today.replace(day=1) - datetime.timedelta(days=1)
    return previous.year, previous.month


class MonthlyReportForm(forms.Form):
    """Any past or current month, for the whole area or one of its units."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    month = forms.TypedChoiceField(
        label=_("Month"),
        coerce=int,
        choices=[(n, dates.MONTHS[n].capitalize()) for n in range(1, 13)],
    )
    scope = forms.ChoiceField(label=_("Scope"))

    def __init__(self, *args, area, units, **kwargs):
        today = timezone.localdate()
        year, month = _last_month(today)
        kwargs.setdefault("initial", {"year": year, "month": month, "scope": AREA})
        super().__init__(*args, **kwargs)
        self.today = today
        self.area = area
        self.units = {unit.code: unit for unit in units}
        self.fields["year"].choices = [(y, str(y)) for y in range(today.year, FIRST_YEAR - 1, -1)]
        self.fields["scope"].choices = [
            (AREA, _("The whole area: %(area)s") % {"area": area.name}),
            *[(unit.code, unit.name) for unit in units],
        ]

    def clean(self):
        cleaned = super().clean()
        year, month = cleaned.get("year"), cleaned.get("month")
        if year and month and datetime.date(year, month, 1) > self.today:
            raise forms.ValidationError(_("The month has not begun yet."))
        return cleaned

    def period(self) -> tuple[datetime.date, datetime.date]:
        start = datetime.date(self.cleaned_data["year"], self.cleaned_data["month"], 1)
        following = (start + datetime.timedelta(days=32)).replace(day=1)
        return start, following - datetime.timedelta(days=1)

    def unit(self):
        scope = self.cleaned_data["scope"]
        return None if scope == AREA else self.units[scope]


class FinalReportForm(forms.Form):
    """The final report of the area for a period, by default the project's."""

    start = forms.DateField(label=_("From"), initial=PROJECT_START, widget=DateInput())
    end = forms.DateField(label=_("To"), initial=PROJECT_END, widget=DateInput())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The period ends before it starts."))
        return cleaned
