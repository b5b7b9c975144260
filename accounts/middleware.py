"""The portal's own middleware: caching headers, the interface language,
the limits of a session and two-factor login."""

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from accounts import two_factor, user_sessions

security_log = logging.getLogger("essote_sos.security")


class NoStoreForSignedInMiddleware:
    """Pages shown to a signed-in user hold client data: no browser or proxy
    may keep a copy (a shared office computer's cache is readable by the next
    person who sits down)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store, private"
        return response


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Finnish unless the user has chosen another language in the portal.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and
    many Finnish social workers' browsers are set to English; the portal's
    language is chosen in the portal (the footer's language form sets the
    cookie), never guessed.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen not in dict(settings.LANGUAGES):
            chosen = settings.LANGUAGE_CODE
        translation.activate(chosen)
        request.LANGUAGE_CODE = translation.get_language()


class SessionLimitsMiddleware:
    """Ends a signed-in session 30 minutes after its last request or 12 hours
    after login (settings SESSION_IDLE_TIMEOUT, SESSION_ABSOLUTE_TIMEOUT),
    and sends the user to the login page with a message saying why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # In process_view, so that the redirect passes the response side of
        # every middleware (security headers, CSP) like any other page.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            passed = user_sessions.session_limit_passed(request.session)
            if passed:
                return self._end(request, passed)
            user_sessions.user_session_touch(request=request)
        return None

    def _end(self, request, passed: str):
        security_log.info("session of user id=%s ended: %s limit", request.user.pk, passed)
        logout(request)
        if passed == "idle":
            minutes = settings.SESSION_IDLE_TIMEOUT // 60
            text = ngettext(
                "You were logged out after %(minutes)d minute without activity. "
                "Please log in again.",
                "You were logged out after %(minutes)d minutes without activity. "
                "Please log in again.",
                minutes,
            ) % {"minutes": minutes}
        else:
            hours = settings.SESSION_ABSOLUTE_TIMEOUT // 3600
            text = ngettext(
                "Your session ended %(hours)d hour after you logged in. Please log in again.",
                "Your session ended %(hours)d hours after you logged in. Please log in again.",
                hours,
            ) % {"hours": hours}
        messages.info(request, text)
        return redirect_to_login(
            request.get_full_path() if request.method == "GET" else "/",
            resolve_url(settings.LOGIN_URL),
        )


class TwoFactorMiddleware:
    """Every page asks for the second factor (accounts/two_factor.py) once a
    user has given their password: one who has not enrolled is sent to
    enrolment, one who has to the code page, before anything else.  Only the
    public pages (marked login_not_required, as LoginRequiredMiddleware reads
    them) and the steps of logging in themselves are open without it.
    Django's admin goes through here like every other page.

    With TWO_FACTOR_REQUIRED off (the one-machine demo only; the deploy check
    refuses it) nothing is asked, and every page says so.
    """

    # Logging out is always possible (Django's LogoutView is not marked
    # login_not_required, so it is named here).
    ALWAYS_OPEN = frozenset({"logout", "admin:logout"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.TWO_FACTOR_REQUIRED:
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if getattr(view_func, "login_required", True) is False:
            return None
        if getattr(getattr(view_func, "view_class", None), "two_factor_step", False):
            return None
        match = getattr(request, "resolver_match", None)
        if match is not None and match.view_name in self.ALWAYS_OPEN:
            return None
        if two_factor.session_is_verified(request):
            return None
        target = (
            "two_factor_verify" if two_factor.has_confirmed_device(user) else "two_factor_enrol"
        )
        next_url = request.get_full_path() if request.method == "GET" else ""
        url = reverse(target)
        if next_url and next_url != "/":
            url = f"{url}?{urlencode({REDIRECT_FIELD_NAME: next_url})}"
        return HttpResponseRedirect(url)
