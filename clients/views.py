"""Views of client-level data.  Each goes through the access choke point."""

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from accounts.access import CLIENT_DATA_ROLES
from accounts.access_log import AccessAction
from accounts.exports import ExportMixin
from accounts.mixins import ClientListMixin, ClientRecordMixin, PortalView
from accounts.services import access_log_record
from clients import break_glass, selectors, services
from clients.exports import CLIENT_COLUMNS, client_export_queryset
from clients.forms import (
    ClientForm,
    ClientPlanForm,
    ClosureForm,
    InitiationForm,
    SpecialSupportAssessmentForm,
    SupportPersonServiceForm,
    UrgencyAssessmentForm,
)
from clients.models import Client
from clients.timeline import client_panels, client_timeline, step_actions

# How many searches a session remembers (each is a few short strings).
SEARCHES_KEPT = 10


class ClientListView(ExportMixin, ClientListMixin, ListView):
    """Clients of the user's units, with a search.

    The search form is POSTed; its criteria are kept in the session under a
    random key and the list is shown at ?haku=<key>.  So a name or an
    identity code is never part of an address, a proxy log or the browser
    history, and the result can still be paged and reloaded.
    """

    model = Client
    template_name = "clients/client_list.html"
    context_object_name = "clients"
    paginate_by = 50
    export_columns = CLIENT_COLUMNS
    export_name = "asiakkaat"
    export_queryset = staticmethod(client_export_queryset)

    def criteria(self) -> dict:
        return self.request.session.get("client_searches", {}).get(self.request.GET.get("haku"))

    def get_queryset(self):
        self.filterset = selectors.client_search(user=self.request.user, criteria=self.criteria())
        return self.filterset.qs

    def post(self, request, *args, **kwargs):
        filterset = selectors.client_search(user=request.user, criteria=request.POST)
        if not filterset.is_valid():
            self.object_list = filterset.queryset.none()
            self.filterset = filterset
            return self.render_to_response(self.get_context_data())
        searches = request.session.get("client_searches", {})
        key = secrets.token_urlsafe(8)
        searches[key] = filterset.criteria_to_keep(
            {k: v for k, v in request.POST.items() if k in filterset.filters}
        )
        request.session["client_searches"] = dict(list(searches.items())[-SEARCHES_KEPT:])
        return HttpResponseRedirect(f"{request.path}?haku={key}")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        context["searched"] = self.criteria() is not None
        if context["searched"] and not context["clients"]:
            # An exact search found a client of another unit: offer to open it
            # for a reason (clients/break_glass.py), naming only the unit.
            found = break_glass.candidates(user=self.request.user, criteria=self.criteria())
            context["break_glass_units"] = sorted({c.unit.name for c in found})
            context["search_key"] = self.request.GET.get("haku")
        return context


class MyClientsView(ExportMixin, ClientListMixin, ListView):
    """The user's own caseload (omat asiakkaat)."""

    model = Client
    template_name = "clients/my_clients.html"
    context_object_name = "clients"
    paginate_by = 50
    export_columns = CLIENT_COLUMNS
    export_name = "omat-asiakkaat"
    export_queryset = staticmethod(client_export_queryset)

    def get_queryset(self):
        return selectors.my_clients(user=self.request.user)


class ClientDetailView(ClientRecordMixin, DetailView):
    """One client and the timeline of their process.

    The URL carries the pseudonymous client number only.
    """

    model = Client
    template_name = "clients/client_detail.html"
    context_object_name = "client"
    slug_field = "client_number"
    slug_url_kwarg = "client_number"

    def get_queryset(self):
        return super().get_queryset().select_related("unit", "responsible_worker", "municipality")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        client = self.object
        context["timeline"] = client_timeline(client)
        context["step_actions"] = step_actions(client)
        context["panels"] = client_panels(client)
        context["age"] = client.age_on(timezone.localdate())
        context["duplicates"] = selectors.identity_code_duplicates(client)
        context["break_glass_reason"] = self.access_reason_given
        return context


class ClientFormMixin:
    model = Client
    form_class = ClientForm
    template_name = "clients/client_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def model_fields(self, form) -> dict:
        return {name: form.cleaned_data[name] for name in ClientForm.Meta.fields}

    def duplicate_in_scope(self, form, exclude=None) -> bool:
        """Refuse a second record of the same person in the user's own units."""
        code = form.cleaned_data.get("identity_code")
        if not code:
            return False
        same = services.clients_with_identity_code(code, exclude=exclude).filter(
            pk__in=Client.objects.restrict(self.request.user).values("pk")
        )
        existing = same.values_list("client_number", flat=True).first()
        if existing:
            form.add_error(
                "identity_code",
                _("A client with this identity code is already registered: %(number)s.")
                % {"number": existing},
            )
            return True
        return False


class ClientCreateView(ClientFormMixin, PortalView, CreateView):
    """Register a new client in one of the user's units."""

    allowed_roles = CLIENT_DATA_ROLES

    def form_valid(self, form):
        if self.duplicate_in_scope(form):
            return self.form_invalid(form)
        with transaction.atomic():
            client = services.client_create(
                identity_code=form.cleaned_data.get("identity_code") or None,
                **self.model_fields(form),
            )
            access_log_record(request=self.request, records=[client], action=AccessAction.CREATE)
        messages.success(self.request, _("The client was registered."))
        return redirect("clients:detail", client.client_number)


class ClientUpdateView(ClientFormMixin, ClientRecordMixin, UpdateView):
    """Change a client's details; a concurrent change is refused, not overwritten."""

    slug_field = "client_number"
    slug_url_kwarg = "client_number"

    def form_valid(self, form):
        if self.duplicate_in_scope(form, exclude=self.object):
            return self.form_invalid(form)
        expected = form.cleaned_data.get("version") or 0
        try:
            services.client_update(
                client=self.object,
                expected_version=expected,
                identity_code=form.identity_code_change(),
                **self.model_fields(form),
            )
        except services.ConcurrentEditError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The changes were saved."))
        return redirect("clients:detail", self.object.client_number)

    def get_success_url(self):
        return reverse("clients:detail", args=[self.object.client_number])


@dataclass(frozen=True)
class CaseStepSpec:
    """One step of the process as the portal records it."""

    form_class: type
    title: str
    save: Callable  # (form, client, by) -> the new row


CASE_STEPS = {
    "vireilletulo": CaseStepSpec(
        InitiationForm,
        gettext_lazy("Record an initiation"),
        lambda form, client: services.initiation_record(client=client, **form.cleaned_data),
    ),
    "kiireellisyys": CaseStepSpec(
        UrgencyAssessmentForm,
        gettext_lazy("Record the urgency assessment"),
        lambda form, client: services.urgency_record(**form.cleaned_data),
    ),
    "erityinen-tuki": CaseStepSpec(
        SpecialSupportAssessmentForm,
        gettext_lazy("Record the special-support assessment"),
        lambda form, client: services.special_support_record(**form.cleaned_data),
    ),
    "asiakassuunnitelma": CaseStepSpec(
        ClientPlanForm,
        gettext_lazy("Add a client plan"),
        lambda form, client: services.client_plan_record(client=client, **form.cleaned_data),
    ),
    "tukihenkilo": CaseStepSpec(
        SupportPersonServiceForm,
        gettext_lazy("Record a support-person service"),
        lambda form, client: services.support_person_record(client=client, **form.cleaned_data),
    ),
    "paattyminen": CaseStepSpec(
        ClosureForm,
        gettext_lazy("Close the client relationship"),
        lambda form, client: services.closure_record(client=client, **form.cleaned_data),
    ),
}


class CaseStepCreateView(ClientRecordMixin, DetailView):
    """Record one step of a client's process.

    The client is fetched through the choke point (404 outside the user's
    units); opening the form logs a view of the client, saving logs a change.
    """

    model = Client
    template_name = "clients/case_step_form.html"
    context_object_name = "client"
    slug_field = "client_number"
    slug_url_kwarg = "client_number"

    def dispatch(self, request, *args, **kwargs):
        if kwargs["step"] not in CASE_STEPS:
            raise Http404
        self.step = CASE_STEPS[kwargs["step"]]
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        data = self.request.POST if self.request.method == "POST" else None
        return self.step.form_class(data, user=self.request.user, client=self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.get_form())
        context["title"] = self.step.title
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.get_form()
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        with transaction.atomic():
            self.step.save(form, self.object)
        messages.success(request, _("Saved."))
        return redirect("clients:detail", self.object.client_number)
