"""Forms of structural social work (crispy-forms, Bootstrap 5)."""

from crispy_forms.helper import FormHelper
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.access import CLIENT_DATA_ROLES, client_units
from accounts.models import Municipality, Role, Unit, User
from clients.forms import DateInput
from clients.models import Code
from outreach.models import PartnerOrganisation
from structural import services
from structural.models import (
    THEME_CODE_LIST,
    Observation,
    ObservationStatus,
    RespondentServiceLine,
    SurveyRound,
)

CONFIRM_LABEL = _("I have checked that the text does not identify a client")
NAME_WARNING = _(
    "The text may contain a person's name (%(phrases)s). Observations must not "
    "identify clients: rewrite it, or confirm that it does not identify anyone."
)


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    return helper


def staff_of_area(area_id, *, roles=CLIENT_DATA_ROLES):
    return User.objects.filter(area_id=area_id, is_active=True, role__in=roles).order_by(
        "last_name", "first_name", "username"
    )


class IdentityCheckMixin:
    """Refuses identity codes in `checked_fields`; asks for the confirmation
    checkbox when a text looks like a name (services.name_like_phrases)."""

    checked_fields: tuple[str, ...] = ()

    def add_confirmation_field(self):
        self.fields["confirm_no_identification"] = forms.BooleanField(
            label=CONFIRM_LABEL, required=False
        )
        self.name_warning = ""

    def check_identification(self, cleaned):
        phrases = []
        for name in self.checked_fields:
            text = cleaned.get(name) or ""
            if services.identity_codes_in(text):
                self.add_error(
                    name,
                    forms.ValidationError(services.IDENTITY_CODE_MESSAGE, code="identity_code"),
                )
            phrases += services.name_like_phrases(text)
        if phrases and not cleaned.get("confirm_no_identification"):
            self.name_warning = NAME_WARNING % {"phrases": ", ".join(dict.fromkeys(phrases))}
            self.add_error(
                "confirm_no_identification",
                forms.ValidationError(self.name_warning, code="name_like"),
            )
        return cleaned


class ObservationForm(IdentityCheckMixin, forms.ModelForm):
    checked_fields = ("title", "description")

    class Meta:
        model = Observation
        fields = [
            "title",
            "theme",
            "description",
            "municipality",
            "unit",
            "clients_concerned",
            "recorded_on",
        ]
        widgets = {
            "recorded_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 5}),
            "clients_concerned": forms.TextInput(attrs={"inputmode": "numeric"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        area_id = self.instance.area_id or user.area_id
        themes = Q(code_list__key=THEME_CODE_LIST, is_active=True)
        if self.instance.theme_id:
            themes |= Q(pk=self.instance.theme_id)
        self.fields["theme"].queryset = Code.objects.filter(themes)
        self.fields["municipality"].queryset = Municipality.objects.filter(area_id=area_id)
        self.fields["unit"].queryset = Unit.objects.filter(area_id=area_id)
        if not self.instance.pk:
            units = client_units(user)
            if units.count() == 1:
                self.fields["unit"].initial = units.first()
        self.add_confirmation_field()
        self.helper = _helper()

    def clean_recorded_on(self):
        day = self.cleaned_data["recorded_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day

    def clean(self):
        return self.check_identification(super().clean())

    def observation_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class CheckedForm(IdentityCheckMixin, forms.Form):
    """A plain form whose texts are checked for client identities."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_confirmation_field()
        self.helper = _helper()

    def clean(self):
        return self.check_identification(super().clean())


class FollowUpForm(CheckedForm):
    checked_fields = ("text",)

    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    text = forms.CharField(
        label=_("What has happened"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("No names, no identity codes."),
    )

    def clean_on(self):
        day = self.cleaned_data["on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day


class RaisedForm(forms.Form):
    raised_in_team_on = forms.DateField(
        label=_("Raised in the team on"), widget=DateInput(), initial=timezone.localdate
    )


class SupervisorForm(forms.Form):
    supervisor_informed = forms.ModelChoiceField(label=_("Supervisor informed"), queryset=None)
    supervisor_informed_on = forms.DateField(
        label=_("Informed on"), widget=DateInput(), initial=timezone.localdate
    )


class ActionForm(CheckedForm):
    checked_fields = ("action_agreed",)

    action_agreed = forms.CharField(
        label=_("Action agreed"), widget=forms.Textarea(attrs={"rows": 4})
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    responsible = forms.ModelChoiceField(label=_("Responsible"), queryset=None)
    action_agreed_on = forms.DateField(
        label=_("Agreed on"), widget=DateInput(), initial=timezone.localdate
    )


class CloseForm(CheckedForm):
    checked_fields = ("outcome",)

    closed_on = forms.DateField(
        label=_("Closed on"), widget=DateInput(), initial=timezone.localdate
    )
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 4}))


STEP_FORMS = {
    "raised": (RaisedForm, _("Raised in the team")),
    "supervisor": (SupervisorForm, _("Supervisor informed")),
    "action": (ActionForm, _("Action agreed")),
    "close": (CloseForm, _("Close the observation")),
}
# The step that follows each status (closing is offered at every status).
NEXT_STEP = {
    ObservationStatus.RECORDED: "raised",
    ObservationStatus.RAISED: "supervisor",
    ObservationStatus.SUPERVISOR_INFORMED: "action",
}


def step_form(step: str, *, observation: Observation, data=None):
    """The form of one step, with its choices limited to the observation's
    area and its initial values from the observation."""
    form_class, _title = STEP_FORMS[step]
    initial = {}
    for name in form_class.base_fields:
        if name == "partners":
            value = list(observation.partners.values_list("pk", flat=True))
        else:
            value = getattr(observation, name, None)
        if value not in (None, "", []):
            initial[name] = value
    form = form_class(data=data, initial=initial)
    if "supervisor_informed" in form.fields:
        form.fields["supervisor_informed"].queryset = staff_of_area(
            observation.area_id, roles=(Role.SUPERVISOR, Role.COORDINATOR)
        )
    if "responsible" in form.fields:
        form.fields["responsible"].queryset = staff_of_area(observation.area_id)
    if "partners" in form.fields:
        form.fields["partners"].queryset = PartnerOrganisation.objects.filter(
            Q(area_id=observation.area_id, is_active=True)
            | Q(pk__in=observation.partners.values("pk"))
        )
    form.helper = _helper()
    return form


# --- Surveys -----------------------------------------------------------------

VALUE_ERRORS = {
    "invalid": _("Answer with a number from 1 to 5."),
    "invalid_choice": _("Answer with a number from 1 to 5."),
    "min_value": _("Answer with a number from 1 to 5."),
    "max_value": _("Answer with a number from 1 to 5."),
}


class ResponseForm(forms.Form):
    """One response: the service line, a value 1-5 (or nothing) for each
    statement, and the open answers.

    `public=False` is the staff's paper-form entry: one row of number inputs,
    typed from the keyboard.  `public=True` is the client's page: a row of
    radio buttons for each statement.
    """

    service_line = forms.ChoiceField(
        label=_("Service"),
        choices=RespondentServiceLine.choices,
        initial=RespondentServiceLine.NOT_SAID,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, round: SurveyRound, public: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round
        self.statements = list(round.survey.statements.order_by("order", "id"))
        self.questions = list(round.survey.open_questions.order_by("order", "id"))
        for statement in self.statements:
            if public:
                field = forms.TypedChoiceField(
                    label=statement.text,
                    choices=[(v, str(v)) for v in range(1, 6)],
                    coerce=int,
                    empty_value=None,
                    required=False,
                    widget=forms.RadioSelect(attrs={"class": "survey-scale"}),
                )
            else:
                field = forms.IntegerField(
                    label=statement.text,
                    min_value=1,
                    max_value=5,
                    required=False,
                    widget=forms.TextInput(
                        attrs={
                            "inputmode": "numeric",
                            "pattern": "[1-5]",
                            "maxlength": "1",
                            "size": "1",
                            "autocomplete": "off",
                            "class": "form-control text-center",
                        }
                    ),
                )
            field.error_messages.update(VALUE_ERRORS)
            self.fields[f"s{statement.pk}"] = field
        for question in self.questions:
            self.fields[f"q{question.pk}"] = forms.CharField(
                label=question.text,
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.helper = _helper()

    def statement_fields(self):
        return [self[f"s{s.pk}"] for s in self.statements]

    def question_fields(self):
        return [self[f"q{q.pk}"] for q in self.questions]

    def response_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "service_line": data["service_line"],
            "values": {s: data.get(f"s{s.pk}") for s in self.statements},
            "open_answers": {q: data.get(f"q{q.pk}") or "" for q in self.questions},
        }


class ObservationFilterForm(forms.Form):
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=None, required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", "---------"), *ObservationStatus.choices],
        required=False,
    )
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=None, required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, required=False)
    start = forms.DateField(label=_("From"), widget=DateInput(), required=False)
    end = forms.DateField(label=_("To"), widget=DateInput(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Code.objects.filter(code_list__key=THEME_CODE_LIST)
        self.fields["municipality"].queryset = Municipality.objects.filter(area_id=user.area_id)
        self.fields["unit"].queryset = Unit.objects.filter(area_id=user.area_id)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The period cannot end before it starts."))
        return cleaned

    def criteria(self) -> dict:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {name: data.get(name) or None for name in self.fields}
