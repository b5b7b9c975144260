from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# A code that did not match the secret of the app being added.
CODE_NOT_ACCEPTED = _(
    "The code was not accepted. Enter the newest code the app shows; "
    "check that the phone's clock is right."
)


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
        # Not the "Code" of the code lists (fi "Tunnus"): a code to type in.
        label=pgettext_lazy("two-factor login", "Code"),
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


class TwoFactorReplaceForm(TwoFactorCodeForm):
    """Replacing one's authenticator app: the password again, and a code
    from the new app.  The password goes through the login's own checks
    (django-axes counts wrong ones and locks the account as at login)."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["password", "otp_token"]

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        # The password comes first on the page, so the code does not take focus.
        self.fields["otp_token"].widget.attrs.pop("autofocus", None)

    def clean_password(self):
        password = self.cleaned_data["password"]
        user = authenticate(
            self.request, username=self.request.user.get_username(), password=password
        )
        if user is None or user.pk != self.request.user.pk:
            raise forms.ValidationError(_("The password is not right."))
        return password
