"""No view can forget the access rules: every URL of the portal is either a
PortalView (login and role; client data through ClientRecordMixin) or one of
the few public pages named here, or Django's admin (staff only)."""

from django.urls import URLPattern, URLResolver, get_resolver
from django.views.generic import CreateView

from accounts.access import ClientRecord
from accounts.mixins import ClientRecordMixin, PortalView, ScopedRecordMixin

# Pages anyone may open, and why.
PUBLIC = {
    "login": "the login page itself",
    "logout": "ends a session; harmless without one",
    "set_language": "the language choice of the login page",
    "health": "load balancers' health check; shows no data",
    "robots": "tells crawlers to stay away",
    "structural:survey_public": "clients' anonymous satisfaction survey at a random token; "
    "rate-limited, CSRF-protected, no client data",
}


def walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue  # Django's admin: staff only, checked by the admin site
            namespace = f"{pattern.namespace}:" if pattern.namespace else prefix
            yield from walk(pattern.url_patterns, namespace)
        elif isinstance(pattern, URLPattern):
            yield f"{prefix}{pattern.name}", pattern.callback


def test_every_view_is_a_portal_view_or_named_public():
    seen = set()
    for name, callback in walk(get_resolver().url_patterns):
        seen.add(name)
        view_class = getattr(callback, "view_class", None)
        if name in PUBLIC:
            continue
        assert view_class is not None and issubclass(view_class, PortalView), (
            f"{name} is neither a PortalView nor listed as public"
        )
        model = getattr(view_class, "model", None)
        # A create view shows no existing record; it logs what it creates.
        if issubclass(view_class, CreateView):
            continue
        if model is not None and issubclass(model, ClientRecord):
            assert issubclass(view_class, ClientRecordMixin), (
                f"{name} shows client records without ClientRecordMixin"
            )
        elif model is not None and hasattr(model.objects, "restrict"):
            assert issubclass(view_class, ScopedRecordMixin | ClientRecordMixin), (
                f"{name} shows scoped records without ScopedRecordMixin"
            )
    assert set(PUBLIC) <= seen


def test_public_views_are_the_only_ones_without_login(client, db):
    from django.urls import reverse

    for name in ("home", "clients:list", "reports:index", "administration"):
        assert client.get(reverse(name)).status_code == 302
    for name in ("login", "health", "robots"):
        assert client.get(reverse(name)).status_code == 200


def test_no_client_data_model_is_in_the_admin():
    """The admin writes no access log, so client records stay out of it."""
    from django.contrib import admin

    registered = [m for m in admin.site._registry if issubclass(m, ClientRecord)]
    assert registered == []
