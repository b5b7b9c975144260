"""Forms of the service-need assessment, in the sections of THL's structure."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import ServiceNeedAssessment
from clients.forms import DateInput
from clients.models import Code

YES_NO_UNKNOWN = ((None, _("not assessed")), (True, _("yes")), (False, _("no")))

SECTIONS = [
    (_("The client's situation"), ["client_situation", "client_view", "children_situation"]),
    (
        _("Circumstances"),
        [
            "housing_type",
            "housing_problems",
            "social_network",
            "education",
            "labour_market_status",
            "illnesses",
            "income_sufficiency",
            "violence",
        ],
    ),
    (_("Support needs (Social Welfare Act §11)"), ["support_needs"]),
    (
        _("Conclusion"),
        [
            "professional_conclusion",
            "needs_special_support",
            "relationship_continues",
            "needs_responsible_worker",
            "services_needed",
            "services_needed_notes",
        ],
    ),
]
FIELDS = [name for _title, names in SECTIONS for name in names]


def nullable_yes_no(label):
    return forms.NullBooleanField(
        label=label,
        required=False,
        widget=forms.RadioSelect(choices=YES_NO_UNKNOWN),
    )


class AssessmentForm(forms.ModelForm):
    """The whole assessment.  Everything may stay empty in a draft; completion
    checks what the statistics need (assessments.services)."""

    needs_special_support = nullable_yes_no(_("the client needs special support"))
    relationship_continues = nullable_yes_no(_("the client relationship continues"))
    needs_responsible_worker = nullable_yes_no(_("a named responsible worker is needed"))
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = ServiceNeedAssessment
        fields = FIELDS
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in (
                "client_situation",
                "client_view",
                "children_situation",
                "professional_conclusion",
                "services_needed_notes",
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The widget first: setting the queryset hands its choices to the widget.
        for name, list_key in ServiceNeedAssessment.CODE_FIELDS.items():
            self.fields[name].widget = forms.RadioSelect()
            self.fields[name].empty_label = _("not recorded")
            self.fields[name].queryset = Code.objects.of(list_key)
        for name, list_key in ServiceNeedAssessment.MULTI_CODE_FIELDS.items():
            self.fields[name].widget = forms.CheckboxSelectMultiple()
            self.fields[name].queryset = Code.objects.of(list_key)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            *(Fieldset(title, *names) for title, names in SECTIONS), "version"
        )

    def split(self) -> tuple[dict, dict]:
        """(plain fields, many-to-many fields) of the cleaned data."""
        many = {n: self.cleaned_data[n] for n in ServiceNeedAssessment.MULTI_CODE_FIELDS}
        plain = {n: self.cleaned_data[n] for n in FIELDS if n not in many}
        return plain, many


class AmendmentForm(AssessmentForm):
    """The same fields, plus why the completed assessment is corrected."""

    reason = forms.CharField(
        label=_("Reason for the amendment"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout.insert(0, "reason")


class CompleteForm(forms.Form):
    completed_on = forms.DateField(label=_("Completed on"), widget=DateInput())
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["completed_on"].initial = timezone.localdate()
        self.helper = FormHelper()
        self.helper.form_tag = False


class StartForm(forms.Form):
    started_on = forms.DateField(label=_("Started on"), widget=DateInput())

    def clean_started_on(self):
        day = self.cleaned_data["started_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day


class MeasurementForm(forms.Form):
    """A score for every area of one measure, within its scale."""

    measured_on = forms.DateField(label=_("Measured on"), widget=DateInput())
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, measure, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure = measure
        self.areas = list(measure.areas.all())
        self.fields["measured_on"].initial = timezone.localdate()
        for area in self.areas:
            self.fields[f"area_{area.pk}"] = forms.DecimalField(
                label=area.name,
                min_value=measure.scale_min,
                max_value=measure.scale_max,
                decimal_places=1,
                max_digits=4,
                help_text=_("%(low)s–%(high)s")
                % {"low": measure.scale_min, "high": measure.scale_max},
            )
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_measured_on(self):
        day = self.cleaned_data["measured_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day

    def scores(self) -> dict:
        return {area: self.cleaned_data[f"area_{area.pk}"] for area in self.areas}
