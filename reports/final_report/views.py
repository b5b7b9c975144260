"""The coordinator's editor of the final report's narrative sections.

The area is always the coordinator's own: a section is named by its key in
the address, never an area, so no one can reach another area's text.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from accounts.mixins import PortalView
from accounts.models import Role
from reports.final_report import selectors, services
from reports.final_report.forms import NarrativeForm
from reports.models import NarrativeSection


class NarrativeListView(PortalView, TemplateView):
    """The sections of the area's final report with their status."""

    allowed_roles = frozenset({Role.COORDINATOR})
    template_name = "reports/narratives/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["area"] = self.request.user.area
        context["sections"] = selectors.narrative_sections(area=self.request.user.area)
        return context


class NarrativeEditView(PortalView, TemplateView):
    """Edit one section: save the draft, or save and publish it."""

    allowed_roles = frozenset({Role.COORDINATOR})
    template_name = "reports/narratives/edit.html"

    def dispatch(self, request, *args, **kwargs):
        if kwargs["section"] not in NarrativeSection.values:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def setup_state(self):
        section = NarrativeSection(self.kwargs["section"])
        narrative = selectors.narrative_of(area=self.request.user.area, section=section.value)
        return selectors.SectionState(section, narrative)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        state = kwargs.get("state") or self.setup_state()
        context.setdefault(
            "form",
            NarrativeForm(initial={"draft": state.narrative.draft, "version": state.version}),
        )
        context.update(state=state, area=self.request.user.area)
        return context

    def post(self, request, *args, **kwargs):
        state = self.setup_state()
        form = NarrativeForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, state=state))
        publish = "publish" in request.POST
        try:
            services.narrative_save(
                narrative=state.narrative,
                draft=form.cleaned_data["draft"],
                version=form.cleaned_data["version"],
                by=request.user,
                publish=publish,
            )
        except services.StaleNarrative as error:
            # The user's text stays in the box, the saved one is shown beside
            # it, and the form now carries the saved version: after comparing,
            # saving again is a deliberate choice.
            state = self.setup_state()
            data = request.POST.copy()
            data["version"] = state.version
            form = NarrativeForm(data)
            form.is_valid()
            form.add_error(None, error.message)
            return self.render_to_response(
                self.get_context_data(form=form, state=state, stale=True), status=409
            )
        if publish:
            messages.success(request, _("The section was saved and published."))
        else:
            messages.success(request, _("The draft was saved."))
        return redirect("reports:narrative_edit", section=state.section.value)
