"""Home, administration and the public pages of the portal."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView, View

from accounts import selectors, two_factor, user_sessions
from accounts.forms import CODE_NOT_ACCEPTED, TwoFactorCodeForm, TwoFactorReplaceForm
from accounts.mixins import PortalView
from accounts.models import Role

# Where each role starts (issue "Foundation": a home page for each role).
HOME_BY_ROLE = {
    Role.WORKER: "assessments:my_work",
    Role.SUPERVISOR: "reports:dashboard",
    Role.COORDINATOR: "reports:index",
    Role.ADMINISTRATOR: "administration",
}


class HomeView(PortalView, TemplateView):
    """Sends each user to the home page of their role."""

    def get(self, request, *args, **kwargs):
        return redirect(HOME_BY_ROLE[request.user.role])


class AdministrationView(PortalView, TemplateView):
    """The administrator's home: users and reference data, no client data."""

    allowed_roles = frozenset({Role.ADMINISTRATOR})
    template_name = "accounts/administration.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["staff_by_role"] = selectors.staff_count_by_role()
        return context


class PasswordChangeView(PortalView, auth_views.PasswordChangeView):
    """The user's own password (Django's validators: at least 12 characters,
    not common, not all digits, not like the user's name).  Every other
    session of the user ends: someone who knew the old password is out."""

    template_name = "accounts/password_change.html"

    def form_valid(self, form):
        response = super().form_valid(form)  # keeps this session, with a new key
        user_sessions.user_sessions_end_all(
            user=self.request.user, keep_session_key=self.request.session.session_key
        )
        user_sessions.user_session_record(request=self.request, user=self.request.user)
        return response


class PasswordChangeDoneView(PortalView, auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


def _next_url(request) -> str:
    """Where to go after a step of logging in: the page asked for, if it is
    one of the portal's own, else the home page."""
    candidate = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def app_setup(device) -> dict:
    """What accounts/_two_factor_app_setup.html shows of an app being added:
    the QR code, the key in groups of four, and the name in the app."""
    secret = device.secret_base32
    return {
        "qr_code": two_factor.qr_code_svg(device.config_url()),
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        "issuer": settings.TWO_FACTOR_ISSUER,
    }


class TwoFactorStep(PortalView, TemplateView):
    """A step of logging in: open to a user who has given their password but
    not yet the second factor (accounts.middleware.TwoFactorMiddleware)."""

    two_factor_step = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["next"] = _next_url(self.request)
        return context


class TwoFactorEnrolView(TwoFactorStep):
    """First login: the user adds the portal to an authenticator app (QR code,
    or the key typed in) and confirms with one code; then sees their recovery
    codes, once."""

    template_name = "accounts/two_factor_enrol.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and two_factor.has_confirmed_device(request.user):
            # Enrolment adds no second app: a new one replaces the old
            # (TwoFactorReplaceView), or comes after an administrator's reset.
            return redirect(f"{resolve_url('two_factor_verify')}?{request.GET.urlencode()}")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        device = two_factor.totp_device_start(user=self.request.user)
        context.update(
            app_setup(device),
            form=form or TwoFactorCodeForm(help_text=_("The six digits the app shows now.")),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = TwoFactorCodeForm(request.POST)
        if form.is_valid():
            device = two_factor.totp_device_start(user=request.user)
            codes = two_factor.totp_device_confirm(
                request=request, device=device, token=form.cleaned_data["otp_token"]
            )
            if codes is not None:
                return TemplateResponse(
                    request,
                    "accounts/recovery_codes_new.html",
                    {"codes": codes, "next": _next_url(request), "enrolled": True},
                )
            form.add_error("otp_token", CODE_NOT_ACCEPTED)
        return self.render_to_response(self.get_context_data(form=form))


class TwoFactorVerifyView(TwoFactorStep):
    """The second step of every login: a code from the app or a recovery code."""

    template_name = "accounts/two_factor_verify.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not two_factor.has_confirmed_device(request.user):
            return redirect(f"{resolve_url('two_factor_enrol')}?{request.GET.urlencode()}")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = form or TwoFactorCodeForm(
            help_text=_(
                "The six digits your authenticator app shows, or one of your recovery codes."
            )
        )
        return context

    def post(self, request, *args, **kwargs):
        form = TwoFactorCodeForm(request.POST)
        if form.is_valid():
            result, detail = two_factor.two_factor_verify(
                request=request, token=form.cleaned_data["otp_token"]
            )
            if result == two_factor.VerifyResult.OK:
                if isinstance(detail, two_factor.RecoveryCodeDevice):
                    remaining = detail.remaining()
                    messages.warning(
                        request,
                        ngettext(
                            "You logged in with a recovery code, which cannot be used again. "
                            "%(remaining)d recovery code is left.",
                            "You logged in with a recovery code, which cannot be used again. "
                            "%(remaining)d recovery codes are left.",
                            remaining,
                        )
                        % {"remaining": remaining},
                    )
                return HttpResponseRedirect(_next_url(request))
            if result == two_factor.VerifyResult.THROTTLED:
                form.add_error(
                    "otp_token",
                    _("Too many wrong codes. Wait a moment and try again with the newest code."),
                )
            else:
                form.add_error("otp_token", _("The code was not accepted."))
        return self.render_to_response(self.get_context_data(form=form))


class RecoveryCodesView(PortalView, TemplateView):
    """How many recovery codes are left; new ones replace them all."""

    template_name = "accounts/recovery_codes.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        device = two_factor.RecoveryCodeDevice.objects.filter(user=self.request.user).first()
        context["enrolled"] = two_factor.has_confirmed_device(self.request.user)
        context["remaining"] = device.remaining() if device else 0
        return context

    def post(self, request, *args, **kwargs):
        if not two_factor.has_confirmed_device(request.user):
            return redirect("two_factor_enrol")
        codes = two_factor.recovery_codes_generate(user=request.user)
        return TemplateResponse(
            request,
            "accounts/recovery_codes_new.html",
            {"codes": codes, "next": resolve_url("recovery_codes")},
        )


class TwoFactorReplaceView(PortalView, TemplateView):
    """A new phone, or a lost one: the user adds the portal to the app on
    their new phone and confirms with their password and one code from it.
    A user who lost their phone logs in with a recovery code first.  The old
    app stops working, new recovery codes are shown, once, and every other
    session of the user ends (two_factor.totp_device_replace)."""

    template_name = "accounts/two_factor_replace.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not two_factor.has_confirmed_device(request.user):
            # Nothing to replace: the first app is added at enrolment.
            return redirect("two_factor_enrol")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        device = two_factor.totp_replacement_device(self.request)
        context.update(app_setup(device), form=form or TwoFactorReplaceForm(request=self.request))
        return context

    def post(self, request, *args, **kwargs):
        form = TwoFactorReplaceForm(request.POST, request=request)
        if form.is_valid():
            codes = two_factor.totp_device_replace(
                request=request, token=form.cleaned_data["otp_token"]
            )
            if codes is not None:
                return TemplateResponse(
                    request,
                    "accounts/recovery_codes_new.html",
                    {"codes": codes, "next": resolve_url("recovery_codes"), "replaced": True},
                )
            form.add_error("otp_token", CODE_NOT_ACCEPTED)
        return self.render_to_response(self.get_context_data(form=form))


class SessionListView(PortalView, TemplateView):
    """The user's own signed-in sessions; any of them can be ended."""

    template_name = "accounts/sessions.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sessions"] = list(user_sessions.user_session_list(user=self.request.user))
        context["current_key"] = self.request.session.session_key
        context["idle_minutes"] = settings.SESSION_IDLE_TIMEOUT // 60
        context["absolute_hours"] = settings.SESSION_ABSOLUTE_TIMEOUT // 3600
        return context


class SessionEndView(PortalView, View):
    """Ends one of the user's own sessions (POST).  Another user's session
    answers 404, as one that does not exist."""

    http_method_names = ["post"]

    def post(self, request, pk):
        if user_sessions.UserSession.objects.filter(
            pk=pk, user=request.user, session_id=request.session.session_key
        ).exists():
            logout(request)  # this very session: as the logout button
            return redirect(settings.LOGIN_URL)
        if not user_sessions.user_session_end(user=request.user, session_id=pk):
            raise Http404
        messages.success(request, _("The session was ended."))
        return redirect("sessions")


def login_locked(request, original_response=None, credentials=None):
    """The page django-axes shows instead of the login form during a lockout
    (settings.AXES_LOCKOUT_CALLABLE).  It says neither whether the username
    exists nor which of the username or the address was locked."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(
        request,
        "accounts/lockout.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


@login_not_required
@never_cache
def health(request):
    """For load balancers: answers 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_not_required
def robots(request):
    return HttpResponse("User-agent: *\nDisallow: /\n", content_type="text/plain")
