"""Forms of the outreach app (crispy-forms, Bootstrap 5).

Two forms for a visit: the quick one a worker fills in on a phone at the
event, standing up (few fields, big targets, sensible defaults), and the full
one at the desk afterwards, which also links the clients met.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.access import CLIENT_DATA_ROLES, client_units
from accounts.models import Municipality, User
from clients.forms import DateInput
from clients.selectors import client_list
from outreach.models import OutreachVisit, PartnerOrganisation
from outreach.selectors import partner_list

HEAD_COUNT_ERRORS = {
    "required": _("Give the number of people met; 0 if nobody came."),
    "invalid": _("Give the number as digits, e.g. 12."),
    "min_value": _("The number of people cannot be negative."),
}
NEW_CONTACT_ERRORS = {
    "invalid": _("Give the number as digits, e.g. 2."),
    "min_value": _("The number of new contacts cannot be negative."),
}


class HeadCountInput(forms.TextInput):
    """A number keypad on a phone without the spinner of type="number"."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={
                "inputmode": "numeric",
                "pattern": "[0-9]*",
                "autocomplete": "off",
                **(attrs or {}),
            }
        )


class ClientChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.last_name} {obj.first_name} ({obj.client_number})"


def first_municipality(unit) -> Municipality | None:
    """The default municipality of a unit's visit: the first of its municipalities."""
    return unit.municipalities.order_by("name", "code").first() if unit else None


class BaseVisitForm(forms.ModelForm):
    """What both visit forms share: the choices the user may make and the
    rules of the head-counts and the date (OutreachVisit.clean)."""

    class Meta:
        model = OutreachVisit
        fields = [
            "kind",
            "date",
            "people_met",
            "new_contacts",
            "place",
            "municipality",
            "unit",
            "workers",
            "partners",
        ]
        widgets = {"kind": forms.RadioSelect, "date": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        visit = self.instance
        self.units = list(client_units(user).order_by("name"))
        self.fields["unit"].queryset = client_units(user).order_by("name")
        self.fields["unit"].required = False
        self.fields["municipality"].queryset = Municipality.objects.filter(area_id=user.area_id)
        self.fields["municipality"].required = False
        # People already on a visit stay choosable even if they have left.
        staff = Q(area_id=user.area_id, is_active=True, role__in=CLIENT_DATA_ROLES)
        partners = Q(pk__in=partner_list(user=user).filter(is_active=True).values("pk"))
        if visit.pk:
            staff |= Q(pk__in=visit.workers.values("pk"))
            partners |= Q(pk__in=visit.partners.values("pk"))
        self.fields["workers"].queryset = User.objects.filter(staff).order_by(
            "last_name", "first_name", "username"
        )
        self.fields["partners"].queryset = PartnerOrganisation.objects.filter(partners)
        for name, errors in (
            ("people_met", HEAD_COUNT_ERRORS),
            ("new_contacts", NEW_CONTACT_ERRORS),
        ):
            field = self.fields[name]
            field.widget = HeadCountInput()
            field.error_messages.update(errors)
        self.fields["new_contacts"].required = False
        # A radio button for each kind and none for "not chosen".
        self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0]]
        if not visit.pk:
            self.fields["date"].initial = timezone.localdate()
            self.fields["workers"].initial = [user.pk]
            self.fields["new_contacts"].initial = 0
        if not self.is_bound and not visit.pk:
            unit = self.units[0] if self.units else None
            self.fields["unit"].initial = unit
            self.fields["municipality"].initial = first_municipality(unit)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_new_contacts(self):
        value = self.cleaned_data.get("new_contacts")
        return 0 if value is None else value

    def clean(self):
        cleaned = super().clean()
        if "unit" in self.errors:
            return cleaned
        unit = cleaned.get("unit")
        if unit is None:
            if self.instance.unit_id:
                unit = self.instance.unit
            elif len(self.units) == 1:
                unit = self.units[0]
            else:
                self.add_error(
                    "unit", forms.ValidationError(_("Choose the unit that went."), code="required")
                )
                return cleaned
            cleaned["unit"] = unit
        if cleaned.get("municipality") is None and "municipality" not in self.errors:
            municipality = first_municipality(unit)
            if municipality is None:
                self.add_error(
                    "municipality",
                    forms.ValidationError(_("Choose the municipality."), code="required"),
                )
            else:
                cleaned["municipality"] = municipality
        return cleaned

    def visit_fields(self) -> dict:
        """The cleaned fields that services.visit_create/visit_update take."""
        data = self.cleaned_data
        names = [n for n in self.Meta.fields if n not in ("workers", "partners")]
        return {
            **{name: data[name] for name in names},
            "workers": list(data.get("workers") or []),
            "partners": list(data.get("partners") or []),
        }


class QuickVisitForm(BaseVisitForm):
    """The visit in half a minute, on a phone: kind, head-count, date, place.

    Everything else has a default: today, the user's unit and its first
    municipality, the user as the worker.  With a single unit the unit field
    is hidden.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if len(self.units) == 1:
            self.fields["unit"].widget = forms.HiddenInput()
        # Big buttons for the kind (Bootstrap's .btn-check: the radio itself
        # stays in the page for keyboards and screen readers).
        self.fields["kind"].widget.attrs.update({"class": "btn-check", "autocomplete": "off"})
        for name in ("date", "people_met", "new_contacts", "place", "municipality", "unit"):
            widget = self.fields[name].widget
            if not isinstance(widget, forms.HiddenInput):
                css = "form-select-lg" if isinstance(widget, forms.Select) else "form-control-lg"
                widget.attrs["class"] = css
        self.fields["workers"].widget.attrs["size"] = 4
        self.fields["partners"].widget.attrs["size"] = 4
        self.fields["workers"].help_text = _("You are already chosen. Add your pair if they came.")
        self.fields["partners"].help_text = _("Optional.")
        self.fields["place"].widget.attrs["autocomplete"] = "off"


class VisitForm(BaseVisitForm):
    """Everything about a visit, including the clients met (linked to their
    records; only the user's own units' clients can be chosen)."""

    clients_met = ClientChoiceField(
        label=_("Clients met"),
        queryset=None,
        required=False,
        help_text=_(
            "Clients of your units who were met, if they should be linked to their records."
        ),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta(BaseVisitForm.Meta):
        fields = [*BaseVisitForm.Meta.fields, "notes"]
        widgets = {
            **BaseVisitForm.Meta.widgets,
            "workers": forms.CheckboxSelectMultiple,
            "partners": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, clients_met=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clients_met"].queryset = client_list(user=self.user)
        self.fields["clients_met"].initial = [link.client_id for link in clients_met]
        self.helper.layout = Layout(
            Fieldset(_("The visit"), "kind", "date", "place", "municipality", "unit"),
            Fieldset(_("Who went"), "workers", "partners"),
            Fieldset(_("People met"), "people_met", "new_contacts", "clients_met"),
            Fieldset(_("Notes"), "notes"),
        )

    def visit_fields(self) -> dict:
        return {**super().visit_fields(), "notes": self.cleaned_data["notes"]}


class PartnerForm(forms.ModelForm):
    """A partner organisation of the user's area."""

    class Meta:
        model = PartnerOrganisation
        fields = ["name", "kind", "municipality", "is_active"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.area_id = self.instance.area_id or user.area_id
        self.fields["municipality"].queryset = Municipality.objects.filter(area_id=self.area_id)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_name(self):
        # The area is not a field of the form, so the unique constraint on
        # (area, name) would not be checked by the form itself.
        name = " ".join(self.cleaned_data["name"].split())
        same = PartnerOrganisation.objects.filter(area_id=self.area_id, name__iexact=name)
        if self.instance.pk:
            same = same.exclude(pk=self.instance.pk)
        if same.exists():
            raise forms.ValidationError(_("The area already has a partner of this name."))
        return name
