"""The form of a narrative section."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

# Far more than a section needs; a guard against pasting a whole book.
MAX_LENGTH = 50_000


class NarrativeForm(forms.Form):
    draft = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=MAX_LENGTH,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_(
            "Plain text. Separate paragraphs with an empty line. The report prints the "
            "published text."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field("draft"), Field("version"))
