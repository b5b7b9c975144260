"""Forms of the groups app (crispy-forms, Bootstrap 5).

The forms check what they can see (a session within the group's period, a
reason for cancelling) so that the error stands next to its field; the
services check the same rules again, for every other caller.
"""

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.access import client_units
from accounts.models import Municipality, Role, User
from clients.forms import DateInput
from clients.selectors import client_list
from groups.esf import DISADVANTAGE_ITEMS, EXIT_RESULTS, UNEMPLOYED_STATUSES
from groups.models import (
    Enrollment,
    EnrollmentStatus,
    Feedback,
    FeedbackGiver,
    FunctionalGroup,
    GroupKind,
    GroupSession,
    SessionStatus,
    new_group_code,
)

# Who may lead a group: the unit's workers and the project worker
# (coordinator), who led groups together in the project.
LEADER_ROLES = (Role.WORKER, Role.COORDINATOR)

ESF_START_FIELDS = [
    "labour_market_status",
    "months_unemployed",
    "education_level",
    "age_group",
    *(name for name, _label in DISADVANTAGE_ITEMS),
]
ESF_EXIT_FIELDS = ["exit_recorded_on", *(name for name, _label in EXIT_RESULTS)]


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    return helper


def _not_asked(form: forms.Form, names) -> None:
    """An ESF item left empty reads "not asked", not a row of dashes."""
    for name in names:
        field = form.fields.get(name)
        if isinstance(field, forms.TypedChoiceField):
            field.choices = [("", _("not asked")), *field.choices[1:]]


class GroupForm(forms.ModelForm):
    class Meta:
        model = FunctionalGroup
        fields = [
            "name",
            "code",
            "kind",
            "unit",
            "municipality",
            "place",
            "starts_on",
            "ends_on",
            "leaders",
            "external_instructors",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "kind": forms.RadioSelect,
            "leaders": forms.CheckboxSelectMultiple,
            "external_instructors": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = client_units(user)
        self.fields["kind"].choices = GroupKind.choices  # radios need no empty choice
        self.fields["code"].required = False
        self.fields["unit"].queryset = units
        self.fields["municipality"].queryset = Municipality.objects.filter(area_id=user.area_id)
        self.fields["leaders"].queryset = User.objects.filter(
            area_id=user.area_id, role__in=LEADER_ROLES, is_active=True
        ).order_by("last_name", "first_name", "username")
        if not self.instance.pk:
            self.fields["leaders"].initial = [user.pk]
            if len(units) == 1:
                self.fields["unit"].initial = units[0]
        self.helper = _helper()
        self.helper.layout = Layout(
            Fieldset(_("Group"), "name", "code", InlineRadios("kind"), "unit"),
            Fieldset(_("Where and when"), "municipality", "place", "starts_on", "ends_on"),
            Fieldset(_("Leaders"), "leaders", "external_instructors"),
        )

    def clean_code(self):
        # Left empty: a random code, as for a group founded without one.
        return self.cleaned_data.get("code") or new_group_code()

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The period cannot end before it starts."))
        return cleaned


class SessionForm(forms.ModelForm):
    class Meta:
        model = GroupSession
        fields = ["date", "duration_minutes", "topic", "place", "status", "cancel_reason"]
        widgets = {
            "date": DateInput(),
            "status": forms.RadioSelect,
            "cancel_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, group: FunctionalGroup, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        self.fields["date"].help_text = _("Within the group's period, %(starts)s–%(ends)s.") % {
            "starts": f"{group.starts_on:%d.%m.%Y}",
            "ends": f"{group.ends_on:%d.%m.%Y}",
        }
        self.fields["cancel_reason"].help_text = _("Required when the session is cancelled.")
        if not self.instance.pk:
            self.fields["place"].initial = group.place
            self.fields["duration_minutes"].initial = 120
            today = timezone.localdate()
            self.fields["date"].initial = today if group.covers(today) else group.starts_on
        self.helper = _helper()
        self.helper.layout = Layout(
            "date",
            "duration_minutes",
            "topic",
            "place",
            InlineRadios("status"),
            "cancel_reason",
        )

    def clean(self):
        cleaned = super().clean()
        day = cleaned.get("date")
        if day and not self.group.covers(day):
            self.add_error(
                "date",
                _("The session must fall within the group's period, %(starts)s–%(ends)s.")
                % {
                    "starts": f"{self.group.starts_on:%d.%m.%Y}",
                    "ends": f"{self.group.ends_on:%d.%m.%Y}",
                },
            )
        if (
            cleaned.get("status") == SessionStatus.CANCELLED
            and not (cleaned.get("cancel_reason") or "").strip()
        ):
            self.add_error("cancel_reason", _("Give the reason for cancelling."))
        return cleaned


class AttendanceForm(forms.Form):
    """The attendance grid: the enrollments ticked present.  Only enrollments
    on the sheet can be chosen: anyone else is not enrolled in the group."""

    present = forms.ModelMultipleChoiceField(
        queryset=Enrollment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("The client is not enrolled in this group."),
            "invalid_pk_value": _("The client is not enrolled in this group."),
        },
    )

    def __init__(self, *args, sheet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = sheet


class EnrollmentForm(forms.ModelForm):
    """Sign a client of the user's units up for the group, with the ESF
    start form."""

    class Meta:
        model = Enrollment
        fields = ["client", "signed_up_on", *ESF_START_FIELDS]
        widgets = {"signed_up_on": DateInput()}

    def __init__(self, *args, user, group: FunctionalGroup, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        self.fields["client"].queryset = client_list(user=user).exclude(
            group_enrollments__group=group
        )
        self.fields["client"].label_from_instance = lambda client: (
            f"{client.last_name} {client.first_name} ({client.client_number})"
        )
        self.fields["signed_up_on"].initial = timezone.localdate()
        self.fields["age_group"].help_text = _(
            "Worked out from the date of birth when the client has one."
        )
        _not_asked(self, ESF_START_FIELDS)
        self.helper = _helper()
        self.helper.layout = Layout(
            Fieldset(_("Client"), "client", "signed_up_on"),
            Fieldset(_("ESF start form"), *ESF_START_FIELDS),
        )

    def clean(self):
        cleaned = super().clean()
        _check_months(self, cleaned)
        return cleaned

    def shown_clients(self) -> list:
        """The clients the form lists by name (for the access log)."""
        return list(self.fields["client"].queryset)


def _check_months(form: forms.Form, cleaned: dict) -> None:
    months = cleaned.get("months_unemployed")
    if months is not None and cleaned.get("labour_market_status") not in UNEMPLOYED_STATUSES:
        form.add_error(
            "months_unemployed", _("Give the months of unemployment only for the unemployed.")
        )


class EnrollmentUpdateForm(forms.ModelForm):
    """An enrollment's status and its ESF start and exit forms."""

    class Meta:
        model = Enrollment
        fields = ["status", *ESF_START_FIELDS, *ESF_EXIT_FIELDS]
        widgets = {"status": forms.RadioSelect, "exit_recorded_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.status != EnrollmentStatus.DROPPED_OUT:
            # Dropping out has its own form, with the day and the reason.
            self.fields["status"].choices = [
                choice
                for choice in self.fields["status"].choices
                if choice[0] != EnrollmentStatus.DROPPED_OUT
            ]
        _not_asked(self, [*ESF_START_FIELDS, *ESF_EXIT_FIELDS])
        self.helper = _helper()
        self.helper.layout = Layout(
            InlineRadios("status"),
            Fieldset(_("ESF start form"), *ESF_START_FIELDS),
            Fieldset(_("ESF exit form"), *ESF_EXIT_FIELDS),
        )

    def clean(self):
        cleaned = super().clean()
        _check_months(self, cleaned)
        return cleaned


class DropOutForm(forms.Form):
    dropped_out_on = forms.DateField(label=_("Dropped out on"), widget=DateInput())
    drop_out_reason = forms.CharField(
        label=_("Reason for dropping out"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, enrollment: Enrollment, **kwargs):
        super().__init__(*args, **kwargs)
        self.enrollment = enrollment
        self.fields["dropped_out_on"].initial = timezone.localdate()
        self.helper = _helper()

    def clean_dropped_out_on(self):
        day = self.cleaned_data["dropped_out_on"]
        if day < self.enrollment.signed_up_on:
            raise forms.ValidationError(_("The day is before the client signed up."))
        return day


class FeedbackForm(forms.ModelForm):
    class Meta:
        model = Feedback
        fields = ["given_by", "session", "received_on", "rating", "text"]
        widgets = {
            "given_by": forms.RadioSelect,
            "received_on": DateInput(),
            "text": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, group: FunctionalGroup, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_by"].choices = FeedbackGiver.choices  # radios need no empty choice
        self.fields["session"].queryset = group.sessions.order_by("date", "id")
        self.fields["session"].label_from_instance = lambda session: (
            f"{session.date:%d.%m.%Y}" + (f" – {session.topic}" if session.topic else "")
        )
        self.fields["session"].help_text = _("Leave empty for feedback on the whole group.")
        self.fields["received_on"].initial = timezone.localdate()
        self.fields["text"].help_text = _(
            "A participant's feedback is anonymous: do not write the name of the participant."
        )
        self.helper = _helper()
        self.helper.layout = Layout(
            InlineRadios("given_by"), "session", "received_on", "rating", "text"
        )
