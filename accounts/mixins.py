"""Base view mixins: every portal view inherits one of these.

`PortalView` checks the role; `ClientRecordMixin` adds the row-level scope and
the access log for views that show client-level data.  Login itself is
required for every view by LoginRequiredMiddleware; the mixins repeat the
check so that a view stays closed even if the middleware were removed.
"""

import logging
from typing import ClassVar

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.access import CLIENT_DATA_ROLES, ClientRecord
from accounts.access_log import AccessAction, AccessBasis
from accounts.models import Role
from accounts.services import access_log_record

security_log = logging.getLogger("essote_sos.security")


class PortalView(LoginRequiredMixin):
    """Login and a role.  A user whose role is not allowed gets 403."""

    allowed_roles: ClassVar[frozenset[str]] = frozenset(Role.values)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if request.user.role not in self.allowed_roles:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ScopedRecordMixin(PortalView):
    """Row-level scope for views of records that are not client data
    (UnitRecord, AreaRecord): the queryset is restricted, and a record outside
    the user's scope answers 404, as one that does not exist."""

    allowed_roles = CLIENT_DATA_ROLES

    def get_queryset(self):
        return self.model.objects.restrict(self.request.user)


class ClientRecordMixin(PortalView):
    """Row-level scope and access log for views of client-level records.

    * `get_queryset()` returns only records in the user's units;
    * a record outside them answers 404, as one that does not exist, and the
      refused attempt is written to the access log;
    * a single record shown or changed, and every record listed, is written to
      the access log.
    """

    allowed_roles = CLIENT_DATA_ROLES
    model: ClassVar[type[ClientRecord]]
    # What showing this view does to the data, for the access log.
    access_action: ClassVar[str] = AccessAction.VIEW

    def get_queryset(self):
        return self.model.objects.restrict(self.request.user, self.access_action)

    def get_object(self, queryset=None):
        try:
            obj = super().get_object(queryset)
        except Http404:
            self._log_refused()
            raise
        action = AccessAction.CHANGE if self.request.method == "POST" else self.access_action
        (entry,) = access_log_record(request=self.request, records=[obj], action=action)
        # Seen under a break-the-glass grant (accounts.access): the page may say so.
        self.access_reason_given = entry.reason if entry.basis == AccessBasis.REASON_GIVEN else None
        return obj

    def _log_refused(self) -> None:
        """Record an attempt at a record outside the user's scope.

        The record is looked up without the scope only to name it in the log;
        nothing of it reaches the response.
        """
        lookup = {
            key: self.kwargs[key]
            for key in (self.pk_url_kwarg, self.slug_url_kwarg)
            if key in self.kwargs
        }
        if self.slug_url_kwarg in lookup:
            lookup[self.get_slug_field()] = lookup.pop(self.slug_url_kwarg)
        hidden = self.model.objects.filter(**lookup).first() if lookup else None
        if hidden is None:
            return
        action = AccessAction.CHANGE if self.request.method == "POST" else self.access_action
        access_log_record(request=self.request, records=[hidden], action=action, allowed=False)
        security_log.warning(
            "refused %s id=%s to user id=%s",
            self.model._meta.label_lower,
            hidden.pk,
            self.request.user.pk,
        )


class ClientListMixin(ClientRecordMixin):
    """A list of client-level records: each record on the page is logged."""

    access_action = AccessAction.LIST

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        shown = context.get("page_obj") or context.get("object_list") or []
        access_log_record(request=self.request, records=list(shown), action=self.access_action)
        return context
