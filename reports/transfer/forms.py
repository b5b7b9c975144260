"""The import page's form."""

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from reports.models import ImportKind

MAX_UPLOAD_BYTES = getattr(settings, "IMPORT_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=ImportKind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8, separated by ; or ,) or XLSX. The formats are in docs/import.md."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Choose a CSV or XLSX file."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is too large (at most 20 MB)."))
        return upload
