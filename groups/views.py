"""Views of functional groups.

Group, session and feedback pages are records of a unit (ScopedRecordMixin:
outside the user's units they answer 404).  Enrollments and attendance are
client data: they are reached only through `restrict()`, and every client
shown or changed is written to the access log.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from accounts.access import CLIENT_DATA_ROLES
from accounts.access_log import AccessAction
from accounts.exports import ExportMixin
from accounts.mixins import ClientRecordMixin, PortalView, ScopedRecordMixin
from accounts.services import access_log_record
from groups import exports, selectors, services
from groups.filters import GroupFilter
from groups.forms import (
    AttendanceForm,
    DropOutForm,
    EnrollmentForm,
    EnrollmentUpdateForm,
    FeedbackForm,
    GroupForm,
    SessionForm,
)
from groups.models import Attendance, Enrollment, Feedback, FunctionalGroup, GroupSession


def _show_errors(form, error: ValidationError) -> None:
    """A service's refusal, next to the field it names when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class GroupListView(ExportMixin, ScopedRecordMixin, ListView):
    """Groups of the user's units with the sessions held and participants of
    each, counted in the database (the same queries for any page size)."""

    model = FunctionalGroup
    template_name = "groups/group_list.html"
    context_object_name = "groups"
    paginate_by = 25
    export_columns = exports.GROUP_COLUMNS
    export_name = "ryhmat"

    def export_queryset(self, queryset):
        return queryset.prefetch_related("leaders")

    def get_queryset(self):
        user = self.request.user
        self.filterset = GroupFilter(
            self.request.GET or None, queryset=selectors.group_list(user=user), user=user
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        return context


class GroupFormMixin:
    model = FunctionalGroup
    form_class = GroupForm
    template_name = "groups/group_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def fields_of(self, form) -> dict:
        fields = {name: form.cleaned_data[name] for name in GroupForm.Meta.fields}
        return {"leaders": fields.pop("leaders"), **fields}


class GroupCreateView(GroupFormMixin, PortalView, CreateView):
    """Found a group in one of the user's units."""

    allowed_roles = CLIENT_DATA_ROLES

    def form_valid(self, form):
        try:
            group = services.group_create(**self.fields_of(form))
        except ValidationError as error:
            _show_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The group was created."))
        return redirect("groups:detail", group.pk)


class GroupUpdateView(GroupFormMixin, ScopedRecordMixin, UpdateView):
    def form_valid(self, form):
        try:
            services.group_update(group=self.object, **self.fields_of(form))
        except ValidationError as error:
            _show_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The changes were saved."))
        return redirect("groups:detail", self.object.pk)


class GroupDetailView(ScopedRecordMixin, DetailView):
    """A group: its sessions, its enrolled clients (those of the user's
    units, each written to the access log), participants and feedback."""

    model = FunctionalGroup
    template_name = "groups/group_detail.html"
    context_object_name = "group"

    def get_queryset(self):
        groups = super().get_queryset().select_related("unit", "municipality")
        return selectors.participant_counts(selectors.sessions_held_counts(groups))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        group, user = self.object, self.request.user
        enrollments = list(selectors.group_enrollments(user=user, group=group))
        access_log_record(request=self.request, records=enrollments, action=AccessAction.LIST)
        context.update(
            leaders=group.leaders.order_by("last_name", "first_name"),
            sessions=selectors.group_sessions(group),
            enrollments=enrollments,
            hidden_enrollments=selectors.hidden_enrollment_count(user=user, group=group),
            feedback=Feedback.objects.filter(group=group).select_related("session"),
            feedback_summary=selectors.feedback_summary(group=group),
            export_links={
                table: {
                    fmt: reverse(f"groups:{table}_export", args=[group.pk]) + f"?muoto={fmt}"
                    for fmt in ("csv", "xlsx")
                }
                for table in ("sessions", "enrollments", "attendance")
            },
        )
        return context


class GroupTableExportMixin(ExportMixin):
    """A table of the group page as a download: the group is fetched
    through the choke point (404 outside the user's units), the rows are
    restricted on their own (client data: the clients of the user's units,
    each written to the access log)."""

    export_only = True
    access_action = AccessAction.EXPORT

    def get(self, request, *args, **kwargs):
        # The group first, whatever the format asked: a group outside the
        # user's units is refused (and logged) before anything else.
        self.group = self.get_group()
        return super().get(request, *args, **kwargs)

    def get_group(self) -> FunctionalGroup:
        if getattr(self, "group", None) is not None:
            return self.group
        groups = FunctionalGroup.objects.restrict(self.request.user)
        try:
            return get_object_or_404(groups, pk=self.kwargs["pk"])
        except Http404:
            # An attempt at another unit's clients: logged, as the choke point
            # logs a refused record (accounts/mixins.py).
            hidden = FunctionalGroup.objects.filter(pk=self.kwargs["pk"]).first()
            if hidden is not None and isinstance(self, ClientRecordMixin):
                access_log_record(
                    request=self.request, records=[hidden], action=self.access_action, allowed=False
                )
            raise


class SessionExportView(GroupTableExportMixin, ScopedRecordMixin, ListView):
    model = GroupSession
    export_columns = exports.SESSION_COLUMNS
    export_name = "ryhmakerrat"

    def get_queryset(self):
        group = self.get_group()
        return super().get_queryset().filter(group=group).select_related("group")


class EnrollmentExportView(GroupTableExportMixin, ClientRecordMixin, ListView):
    model = Enrollment
    export_columns = exports.ENROLLMENT_COLUMNS
    export_name = "ilmoittautumiset"

    def get_queryset(self):
        group = self.get_group()
        return selectors.group_enrollments(user=self.request.user, group=group).select_related(
            "group", "client"
        )


class AttendanceExportView(GroupTableExportMixin, ClientRecordMixin, ListView):
    model = Attendance
    export_columns = exports.ATTENDANCE_COLUMNS
    export_name = "lasnaolot"

    def get_queryset(self):
        group = self.get_group()
        return (
            Attendance.objects.restrict(self.request.user)
            .filter(session__group=group)
            .select_related("session__group", "enrollment__client")
            .order_by("session__date", "session_id", "enrollment__client__client_number")
        )


class GroupChildFormView(ScopedRecordMixin, DetailView):
    """A form that adds something to a group: the group is fetched through
    the choke point, the form is shown on GET and saved on POST."""

    model = FunctionalGroup
    context_object_name = "group"
    title = ""

    def get_form(self):
        raise NotImplementedError

    def save(self, form):
        """Call the service; return the URL to go to."""
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.get_form())
        context["title"] = self.title
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.get_form()
        if form.is_valid():
            try:
                url = self.save(form)
            except ValidationError as error:
                _show_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect(url)
        return self.render_to_response(self.get_context_data(form=form))


class SessionCreateView(GroupChildFormView):
    template_name = "groups/group_child_form.html"

    @property
    def title(self):
        return _("Add a session")

    def get_form(self):
        data = self.request.POST if self.request.method == "POST" else None
        return SessionForm(data, group=self.object)

    def save(self, form):
        session = services.session_create(group=self.object, **form.cleaned_data)
        return reverse("groups:detail", args=[session.group_id])


class SessionUpdateView(ScopedRecordMixin, UpdateView):
    """Change a session: its details, or mark it held or cancelled."""

    model = GroupSession
    form_class = SessionForm
    template_name = "groups/session_form.html"
    context_object_name = "session"

    def get_queryset(self):
        return super().get_queryset().select_related("group")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "group": self.object.group}

    def form_valid(self, form):
        try:
            services.session_update(session=self.object, **form.cleaned_data)
        except ValidationError as error:
            _show_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The changes were saved."))
        return redirect("groups:detail", self.object.group_id)


class AttendanceView(ScopedRecordMixin, DetailView):
    """The attendance grid of one session: one tick per enrolled client, all
    saved with one POST in a bounded number of queries.

    It shows client names, so every client on the sheet is written to the
    access log: "shown in a list" on GET, "change" on POST, one insert each.
    """

    model = GroupSession
    template_name = "groups/attendance.html"
    context_object_name = "session"

    def get_queryset(self):
        return super().get_queryset().select_related("group")

    def sheet(self):
        return selectors.attendance_sheet(user=self.request.user, session=self.object)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        rows = list(self.sheet())
        access_log_record(request=request, records=rows, action=AccessAction.LIST)
        chosen = {row.pk for row in rows if row.present}
        return self.render_to_response(self.get_context_data(rows=rows, chosen=chosen))

    def post(self, request, *args, **kwargs):
        self.object = session = self.get_object()
        sheet = self.sheet()
        form = AttendanceForm(request.POST, sheet=sheet)
        rows = list(sheet)
        if form.is_valid():
            present = {enrollment.pk for enrollment in form.cleaned_data["present"]}
            try:
                # The rows and their access-log entries are written together or not at all.
                with transaction.atomic():
                    services.attendance_record(
                        session=session, enrollments=rows, present=present, by=request.user
                    )
                    access_log_record(request=request, records=rows, action=AccessAction.CHANGE)
            except ValidationError as error:
                _show_errors(form, error)
            else:
                messages.success(request, _("The attendance was saved."))
                return redirect("groups:detail", session.group_id)
        # Refused: nothing was saved, and the sheet is shown again.
        access_log_record(request=request, records=rows, action=AccessAction.LIST)
        chosen = {int(pk) for pk in request.POST.getlist("present") if pk.isdigit()}
        return self.render_to_response(self.get_context_data(rows=rows, chosen=chosen, form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["group"] = self.object.group
        return context


class EnrollmentCreateView(GroupChildFormView):
    """Sign a client up.  The form lists the user's clients by name, so each
    of them is written to the access log."""

    template_name = "groups/group_child_form.html"

    @property
    def title(self):
        return _("Sign a client up")

    def get_form(self):
        data = self.request.POST if self.request.method == "POST" else None
        return EnrollmentForm(data, user=self.request.user, group=self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        access_log_record(
            request=self.request,
            records=context["form"].shown_clients(),
            action=AccessAction.LIST,
        )
        return context

    def save(self, form):
        with transaction.atomic():
            enrollment = services.enrollment_create(
                group=self.object, by=self.request.user, **form.cleaned_data
            )
            access_log_record(
                request=self.request, records=[enrollment], action=AccessAction.CREATE
            )
        return reverse("groups:detail", args=[self.object.pk])


class EnrollmentMixin(ClientRecordMixin):
    model = Enrollment
    context_object_name = "enrollment"

    def get_queryset(self):
        return super().get_queryset().select_related("client", "group")

    def get_success_url(self):
        return reverse("groups:detail", args=[self.object.group_id])


class EnrollmentUpdateView(EnrollmentMixin, UpdateView):
    """An enrollment's status and its ESF start and exit forms."""

    form_class = EnrollmentUpdateForm
    template_name = "groups/enrollment_form.html"

    def form_valid(self, form):
        try:
            services.enrollment_update(enrollment=self.object, **form.cleaned_data)
        except ValidationError as error:
            _show_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The changes were saved."))
        return redirect(self.get_success_url())


class DropOutView(EnrollmentMixin, UpdateView):
    """Record that a client left the group, with the day and the reason."""

    form_class = DropOutForm
    template_name = "groups/drop_out_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        return {**kwargs, "enrollment": self.object}

    def form_valid(self, form):
        try:
            services.enrollment_drop_out(
                enrollment=self.object,
                dropped_out_on=form.cleaned_data["dropped_out_on"],
                reason=form.cleaned_data["drop_out_reason"],
            )
        except ValidationError as error:
            _show_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The drop-out was recorded."))
        return redirect(self.get_success_url())


class FeedbackCreateView(GroupChildFormView):
    template_name = "groups/group_child_form.html"

    @property
    def title(self):
        return _("Record feedback")

    def get_form(self):
        data = self.request.POST if self.request.method == "POST" else None
        return FeedbackForm(data, group=self.object)

    def save(self, form):
        services.feedback_record(group=self.object, by=self.request.user, **form.cleaned_data)
        return reverse("groups:detail", args=[self.object.pk])
