"""A user's sessions: the limits on them, the list of them, ending them.

A session ends 30 minutes after its last request (SESSION_IDLE_TIMEOUT) and
12 hours after login whatever the activity (SESSION_ABSOLUTE_TIMEOUT).  Both
are decided by stamps kept in the session itself (`accounts.middleware.
SessionLimitsMiddleware`).  The last-request stamp is renewed at most once
every `activity_note_seconds()` (a minute with the 30-minute limit), and the
session row is written only when its data change, so most requests write
nothing; the idle limit then counts from up to a minute before the last
request: a session ends 29 to 30 minutes after it, never later.

`UserSession` lists a user's signed-in sessions so that they can see them
(when it started, when it was last used, the browser, the address) and end
any of them.  It is a one-to-one companion of Django's session row: when the
session goes (logout, an ended session, `clearsessions`), the companion goes
with it by cascade.  Its last-activity time is refreshed at most once a
minute, to keep the list from costing a write on every request.
"""

import logging
import re
import time
from datetime import UTC, datetime, timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

security_log = logging.getLogger("essote_sos.security")

# Keys of the stamps in the session (seconds since the epoch).
STARTED_KEY = "_session_started_at"
LAST_SEEN_KEY = "_session_last_seen_at"
LISTED_KEY = "_session_listed_at"
# How often the listed last-activity time is refreshed.
LIST_REFRESH_SECONDS = 60


class UserSession(models.Model):
    """A signed-in session of a user, as the user's session list shows it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="signed_in_sessions",
        verbose_name=_("user"),
    )
    # The session key is a secret: it never leaves the server (pages and
    # forms name a session by this row's id).
    session = models.OneToOneField(
        Session, on_delete=models.CASCADE, related_name="+", verbose_name=_("session")
    )
    started_at = models.DateTimeField(_("started"))
    last_activity = models.DateTimeField(_("last activity"))
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)

    class Meta:
        ordering = ["user", "-last_activity"]
        verbose_name = _("signed-in session")
        verbose_name_plural = _("signed-in sessions")
        indexes = [models.Index(fields=["user", "-last_activity"])]

    def __str__(self) -> str:
        return f"session {self.pk} of user {self.user_id}"

    @property
    def browser_summary(self) -> str:
        return browser_summary(self.user_agent)


# Order matters: Edge and Opera say "Chrome", Chrome says "Safari".
_BROWSERS = [
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
]
_SYSTEMS = [
    ("Windows", "Windows"),
    ("Android", "Android"),
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
]


def browser_summary(user_agent: str) -> str:
    """'Firefox, Windows' from a User-Agent header; '' when nothing is known."""
    browser = next((name for marker, name in _BROWSERS if marker in user_agent), "")
    system = next((name for marker, name in _SYSTEMS if marker in user_agent), "")
    if browser and (match := re.search(re.escape(_marker(browser)) + r"(\d+)", user_agent)):
        browser = f"{browser} {match[1]}"
    return ", ".join(part for part in (browser, system) if part)


def _marker(browser: str) -> str:
    return next(marker for marker, name in _BROWSERS if name == browser)


# --- Services ----------------------------------------------------------------------


def _aware(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC)


def on_user_logged_in(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        user_session_start(request=request, user=user)


def user_session_start(*, request, user) -> None:
    """At login: stamp the session and list it.  Called from the
    user_logged_in signal, which every way of logging in sends."""
    session = request.session
    now = time.time()
    session[STARTED_KEY] = now
    session[LAST_SEEN_KEY] = now
    user_session_record(request=request, user=user)


def user_session_record(*, request, user) -> None:
    """List the current session (again, after its key has changed)."""
    session = request.session
    if session.session_key is None:
        session.save()
    started = session.get(STARTED_KEY) or time.time()
    now = time.time()
    session[LISTED_KEY] = now
    from accounts.services import client_ip

    UserSession.objects.update_or_create(
        session_id=session.session_key,
        defaults={
            "user": user,
            "started_at": _aware(started),
            "last_activity": _aware(now),
            "ip_address": client_ip(request),
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
        },
    )


def activity_note_seconds() -> float:
    """How often a request renews the session's last-request stamp: at most
    once a minute, and at most once in a thirtieth of the idle limit, so
    that a short limit stays almost exact."""
    return min(LIST_REFRESH_SECONDS, settings.SESSION_IDLE_TIMEOUT / 30)


def user_session_touch(*, request) -> None:
    """A request in the session: note it, for the idle limit and the list.

    Only a stamp older than activity_note_seconds() is renewed, which
    writes the session row; between renewals the request writes nothing
    (SESSION_SAVE_EVERY_REQUEST is off).  The stamp can only lag the last
    request, so the idle limit can end a session early by that lag, never
    late."""
    session = request.session
    now = time.time()
    if now - session.get(LAST_SEEN_KEY, 0) >= activity_note_seconds():
        session[LAST_SEEN_KEY] = now
    if now - session.get(LISTED_KEY, 0) >= LIST_REFRESH_SECONDS:
        session[LISTED_KEY] = now
        UserSession.objects.filter(session_id=session.session_key).update(last_activity=_aware(now))


def session_limit_passed(session) -> str | None:
    """'idle' or 'absolute' when the session is past a limit, else None.

    A signed-in session without stamps predates the limits, or was made some
    way that skipped login: it is treated as past them.
    """
    started, last_seen = session.get(STARTED_KEY), session.get(LAST_SEEN_KEY)
    if started is None or last_seen is None:
        return "absolute"
    now = time.time()
    if now - started >= settings.SESSION_ABSOLUTE_TIMEOUT:
        return "absolute"
    if now - last_seen >= settings.SESSION_IDLE_TIMEOUT:
        return "idle"
    return None


def user_session_list(*, user):
    """The user's sessions that are still alive, the latest used first."""
    now = timezone.now()
    return UserSession.objects.filter(
        user=user,
        session__expire_date__gt=now,
        started_at__gt=now - timedelta(seconds=settings.SESSION_ABSOLUTE_TIMEOUT),
        # The listed time may lag the real one by up to LIST_REFRESH_SECONDS.
        last_activity__gt=now
        - timedelta(seconds=settings.SESSION_IDLE_TIMEOUT + LIST_REFRESH_SECONDS),
    ).order_by("-last_activity")


def _session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore()


def user_session_end(*, user, session_id: int) -> bool:
    """End one of the user's own sessions; False if there is no such session
    of theirs.  The session is deleted from the session store, so the
    browser holding it is signed out at its next request."""
    row = UserSession.objects.filter(user=user, pk=session_id).first()
    if row is None:
        return False
    _session_store().delete(row.session_id)
    UserSession.objects.filter(pk=row.pk).delete()
    security_log.info("session %s of user id=%s ended by the user", row.pk, user.pk)
    return True


def user_sessions_end_all(*, user, keep_session_key: str | None = None) -> int:
    """End every session of the user (but the one kept, if any)."""
    rows = UserSession.objects.filter(user=user)
    if keep_session_key:
        rows = rows.exclude(session_id=keep_session_key)
    keys = list(rows.values_list("session_id", flat=True))
    store = _session_store()
    for key in keys:
        store.delete(key)
    UserSession.objects.filter(session_id__in=keys).delete()
    return len(keys)
