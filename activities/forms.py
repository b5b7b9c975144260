"""Forms of the activities app (crispy-forms, Bootstrap 5)."""

import datetime
import re

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import FollowerCount, MediaItem, ParticipationEvent, Training, Workshop
from clients.forms import DateInput

# Days may be separated by new lines, commas or semicolons.
DAY_SEPARATORS = re.compile(r"[\n\r,;]+")


def format_day(day: datetime.date) -> str:
    """A day as the Finnish write it and as the days field reads it: 27.4.2018."""
    return f"{day.day}.{day.month}.{day.year}"


class TrainingDaysField(forms.Field):
    """The days of a training, one per line as d.m.yyyy.

    One labelled text area rather than a row of date inputs: any number of
    days, no script, and a screen reader meets one field with its
    instructions.  Every bad entry is named in the error, and nothing is
    saved until all are good.
    """

    widget = forms.Textarea(attrs={"rows": 4})
    default_error_messages = {
        "required": _("Give at least one day of the training."),
        "invalid_day": _("“%(entry)s” is not a date in the form d.m.yyyy (for example 27.4.2018)."),
        "repeated_day": _("%(day)s is given more than once."),
    }

    def to_python(self, value) -> list[datetime.date]:
        if isinstance(value, list | tuple):
            return sorted(value)
        days, errors = [], []
        for entry in DAY_SEPARATORS.split(value or ""):
            entry = entry.strip()
            if not entry:
                continue
            try:
                day = datetime.datetime.strptime(entry, "%d.%m.%Y").date()
            except ValueError:
                errors.append(
                    ValidationError(
                        self.error_messages["invalid_day"],
                        code="invalid_day",
                        params={"entry": entry},
                    )
                )
                continue
            if day in days:
                errors.append(
                    ValidationError(
                        self.error_messages["repeated_day"],
                        code="repeated_day",
                        params={"day": format_day(day)},
                    )
                )
                continue
            days.append(day)
        if errors:
            raise ValidationError(errors)
        return sorted(days)

    def validate(self, value) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(format_day(day) for day in value)
        return value

    def has_changed(self, initial, data) -> bool:
        try:
            return self.to_python(initial or []) != self.to_python(data)
        except ValidationError:
            return True


class ActivityForm(forms.ModelForm):
    """Common to every form here: date pickers and a crispy helper without
    the form tag (the template draws the form and its buttons)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DateInput()
        self.helper = FormHelper()
        self.helper.form_tag = False


class WorkshopForm(ActivityForm):
    class Meta:
        model = Workshop
        fields = ["held_on", "topic", "participants", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}


class TrainingForm(ActivityForm):
    days = TrainingDaysField(
        label=_("Training days"),
        help_text=_(
            "One day per line, as day.month.year (for example 27.4.2018). "
            "A training of two days has two lines."
        ),
    )

    field_order = ["name", "provider", "days", "started", "finished", "notes"]

    class Meta:
        model = Training
        fields = ["name", "provider", "started", "finished", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["days"] = [day.held_on for day in self.instance.days.all()]

    def model_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class ParticipationEventForm(ActivityForm):
    class Meta:
        model = ParticipationEvent
        fields = ["kind", "held_on", "title", "participants", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}


def https_by_default(field, **kwargs):
    """An address typed without a scheme is taken as https://."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class MediaItemForm(ActivityForm):
    class Meta:
        model = MediaItem
        fields = ["kind", "published_on", "outlet", "title", "url"]
        formfield_callback = https_by_default


class FollowerCountForm(ActivityForm):
    class Meta:
        model = FollowerCount
        fields = ["channel", "counted_on", "followers"]


class IndexPeriodForm(forms.Form):
    """The period of the index page's figures; by default this year so far."""

    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    @staticmethod
    def default_period() -> tuple[datetime.date, datetime.date]:
        today = timezone.localdate()
        return datetime.date(today.year, 1, 1), today

    def clean(self):
        cleaned = super().clean()
        default_start, default_end = self.default_period()
        cleaned["start"] = cleaned.get("start") or default_start
        cleaned["end"] = cleaned.get("end") or default_end
        valid = "start" not in self.errors and "end" not in self.errors
        if valid and cleaned["end"] < cleaned["start"]:
            self.add_error("end", _("The period cannot end before it starts."))
        return cleaned

    def period(self) -> tuple[datetime.date, datetime.date] | None:
        """The chosen period, or None when the form has errors."""
        if not self.is_valid():
            return None
        return self.cleaned_data["start"], self.cleaned_data["end"]
