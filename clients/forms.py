"""Forms of the clients app (crispy-forms, Bootstrap 5)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.access import client_units
from accounts.models import Municipality, Role, User
from clients.crypto import decrypt_identity_code
from clients.identity_code import IdentityCodeField, parse_identity_code
from clients.models import (
    Client,
    ClientPlan,
    Closure,
    Code,
    Initiation,
    InitiationChannel,
    SpecialSupportAssessment,
    SupportPersonService,
    UrgencyAssessment,
)


class DateInput(forms.DateInput):
    """A native date picker; the browser shows it in the user's locale."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ClientForm(forms.ModelForm):
    """A client's details.  The identity code is never shown back in full."""

    identity_code = IdentityCodeField(
        label=_("Personal identity code"),
        required=False,
        help_text=_("Optional. Stored encrypted; reports and addresses never show it."),
    )
    remove_identity_code = forms.BooleanField(
        label=_("Remove the stored identity code"), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Client
        fields = [
            "first_name",
            "last_name",
            "date_of_birth",
            "sex",
            "mother_tongue",
            "municipality",
            "unit",
            "responsible_worker",
            "highest_care_allowance",
            "phone",
            "email",
            "street_address",
            "postal_code",
            "post_office",
        ]
        widgets = {"date_of_birth": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        units = client_units(user)
        self.fields["unit"].queryset = units
        self.fields["municipality"].queryset = Municipality.objects.filter(area_id=user.area_id)
        self.fields["responsible_worker"].queryset = (
            User.objects.filter(units__in=units.values("pk"), role=Role.WORKER, is_active=True)
            .distinct()
            .order_by("last_name", "first_name")
        )
        self.fields["postal_code"].validators.append(
            RegexValidator(r"^[0-9]{5}$", _("A postal code has five digits."))
        )
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            if self.instance.has_identity_code:
                self.fields["identity_code"].help_text = _(
                    "A code is stored. Leave empty to keep it, or enter a new one to replace it."
                )
        else:
            del self.fields["remove_identity_code"]
        if units.count() == 1:
            self.fields["unit"].initial = units.get()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("Person"),
                "first_name",
                "last_name",
                "identity_code",
                *(["remove_identity_code"] if "remove_identity_code" in self.fields else []),
                "date_of_birth",
                "sex",
                "mother_tongue",
            ),
            Fieldset(
                _("Client relationship"),
                "unit",
                "responsible_worker",
                "municipality",
                "highest_care_allowance",
            ),
            Fieldset(
                _("Contact details"),
                "phone",
                "email",
                "street_address",
                "postal_code",
                "post_office",
            ),
            "version",
        )

    def clean(self):
        cleaned = super().clean()
        code = cleaned.get("identity_code")
        if not code and self.instance.has_identity_code and not cleaned.get("remove_identity_code"):
            # The stored code still holds: the date of birth must agree with it.
            code = decrypt_identity_code(self.instance.identity_code_token)
        if code:
            born = parse_identity_code(code).date_of_birth
            given = cleaned.get("date_of_birth")
            if given and given != born:
                self.add_error(
                    "date_of_birth",
                    _("The date of birth differs from the one in the identity code."),
                )
            else:
                cleaned["date_of_birth"] = born
        return cleaned

    def identity_code_change(self) -> str | None:
        """None keeps the stored code, "" removes it, a code replaces it."""
        if self.cleaned_data.get("remove_identity_code"):
            return ""
        return self.cleaned_data.get("identity_code") or None


class ClientSearchForm(forms.Form):
    """Search within the user's scope: name, client number or identity code.

    Sent by POST and kept in the session, so that no name or identity code is
    ever part of an address (clients.views.ClientListView).
    """

    q = forms.CharField(
        label=_("Name, client number or identity code"), required=False, max_length=100
    )
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, required=False)
    mine = forms.BooleanField(label=_("Only my own clients"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = client_units(user)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


# --- The client process -----------------------------------------------------

YES_NO = ((True, _("yes")), (False, _("no")))


def yes_no_field(label):
    """An explicit yes/no question: a checkbox cannot tell 'no' from 'not answered'."""
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value in (True, "True"),
        widget=forms.RadioSelect,
    )


class CaseStepForm(forms.ModelForm):
    """Common to every step: who did it (by default the user) and the
    initiation it belongs to, both limited to what the user may choose."""

    date_field: str = ""

    def __init__(self, *args, user, client, **kwargs):
        super().__init__(*args, **kwargs)
        self.client = client
        self.fields["by"].queryset = (
            User.objects.filter(units=client.unit_id, is_active=True)
            .exclude(role=Role.ADMINISTRATOR)
            .order_by("last_name", "first_name")
        )
        self.fields["by"].initial = user.pk
        if "initiation" in self.fields:
            self.fields["initiation"].queryset = client.initiations.all()
            self.fields["initiation"].initial = client.initiations.first()
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DateInput()
        if self.date_field:
            self.fields[self.date_field].initial = timezone.localdate()
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        day = cleaned.get(self.date_field)
        if day and day > timezone.localdate():
            self.add_error(self.date_field, _("The date cannot be in the future."))
        initiation = cleaned.get("initiation")
        if day and initiation and day < initiation.initiated_on:
            self.add_error(self.date_field, _("The date is before the initiation."))
        return cleaned


class InitiationForm(CaseStepForm):
    date_field = "initiated_on"

    class Meta:
        model = Initiation
        fields = ["initiated_on", "channel", "notifier", "summary", "by"]
        widgets = {"channel": forms.RadioSelect, "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notifier"].queryset = Code.objects.of("notifier")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("channel") == InitiationChannel.NOTICE and not cleaned.get("notifier"):
            self.add_error("notifier", _("A notice names who made it."))
        return cleaned


class UrgencyAssessmentForm(CaseStepForm):
    date_field = "assessed_on"
    immediate_need = yes_no_field(_("Immediate need for help"))

    class Meta:
        model = UrgencyAssessment
        fields = ["initiation", "assessed_on", "immediate_need", "notes", "by"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class SpecialSupportAssessmentForm(CaseStepForm):
    date_field = "assessed_on"
    needs_special_support = yes_no_field(_("Needs special support"))

    class Meta:
        model = SpecialSupportAssessment
        fields = ["initiation", "assessed_on", "needs_special_support", "grounds", "by"]
        widgets = {"grounds": forms.Textarea(attrs={"rows": 3})}


class ClientPlanForm(CaseStepForm):
    date_field = "drawn_up_on"

    class Meta:
        model = ClientPlan
        fields = ["drawn_up_on", "goals", "agreed_services", "review_on", "by"]
        widgets = {
            "goals": forms.Textarea(attrs={"rows": 4}),
            "agreed_services": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self):
        cleaned = super().clean()
        drawn_up, review = cleaned.get("drawn_up_on"), cleaned.get("review_on")
        if drawn_up and review and review < drawn_up:
            self.add_error("review_on", _("The review cannot be before the plan was drawn up."))
        return cleaned


class ClosureForm(CaseStepForm):
    date_field = "closed_on"

    class Meta:
        model = Closure
        fields = ["closed_on", "reason", "notes", "by"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].queryset = Code.objects.of("closure_reason")


class SupportPersonServiceForm(CaseStepForm):
    date_field = "starts_on"

    class Meta:
        model = SupportPersonService
        fields = ["provider", "starts_on", "ends_on", "hours_per_month", "by"]

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The period cannot end before it starts."))
        hours = cleaned.get("hours_per_month")
        if hours is not None and hours <= 0:
            self.add_error("hours_per_month", _("Give the hours as a positive number."))
        return cleaned
