from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """The login form, laid out by crispy-forms."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"


class TwoFactorCodeForm(forms.Form):
    """A code from the authenticator app (or, at login, a recovery code)."""

    otp_token = forms.CharField(
        label=_("Code"),
        max_length=40,
        strip=True,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )

    def __init__(self, *args, help_text=None, **kwargs):
        super().__init__(*args, **kwargs)
        if help_text:
            self.fields["otp_token"].help_text = help_text
        self.helper = FormHelper()
        self.helper.form_tag = False
