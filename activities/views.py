"""Views of the activities app: area-wide records, no client data.

Every view is open to the staff of the area (workers, supervisors,
coordinators).  Lists, detail and edit pages go through ScopedRecordMixin, so a
record of another area answers 404; a create view takes the area from the user.
"""

from typing import ClassVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, ListView, TemplateView, UpdateView

from accounts.access import CLIENT_DATA_ROLES
from accounts.exports import ExportMixin
from accounts.mixins import PortalView, ScopedRecordMixin
from activities import exports, selectors, services
from activities.forms import (
    FollowerCountForm,
    IndexPeriodForm,
    MediaItemForm,
    ParticipationEventForm,
    TrainingForm,
    WorkshopForm,
)
from activities.models import (
    FollowerCount,
    MediaItem,
    MediaKind,
    ParticipationEvent,
    Training,
    Workshop,
)


def show_errors(form, error: ValidationError) -> None:
    """Put a service's refusal on the form: on the field it names when the
    form has that field, otherwise above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def shown(record, name: str) -> str:
    """A field of a record as a detail page shows it."""
    value = getattr(record, name)
    field = record._meta.get_field(name)
    if field.choices:
        return getattr(record, f"get_{name}_display")()
    if value is None or value == "":
        return "–"
    if hasattr(value, "isoformat"):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


# --- The index ---------------------------------------------------------------------


class ActivitiesIndexView(PortalView, TemplateView):
    """Staff development, client participation and communications: the
    period's figures from the selectors, and the way to each list."""

    allowed_roles = CLIENT_DATA_ROLES
    template_name = "activities/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        start, end = IndexPeriodForm.default_period()
        data = {"start": start.isoformat(), "end": end.isoformat()}
        data.update({k: v for k, v in self.request.GET.items() if k in data and v})
        form = IndexPeriodForm(data)
        period = form.period()
        figures = None
        if period:
            figures = selectors.activity_figures(user=user, start=period[0], end=period[1])
            context["media_rows"] = [
                (MediaKind(kind).label, count) for kind, count in figures["media_items"].items()
            ]
        context.update(
            form=form,
            period=period,
            figures=figures,
            years=selectors.activity_years(user=user),
        )
        return context


# --- Generic pages -----------------------------------------------------------------


class ActivityListView(ExportMixin, ScopedRecordMixin, ListView):
    """A filtered, paged list of one kind of record of the user's area."""

    paginate_by = 25
    search: ClassVar  # a selector returning the FilterSet

    def get_queryset(self):
        self.filterset = self.search(user=self.request.user, criteria=self.request.GET)
        if self.filterset.is_bound and not self.filterset.is_valid():
            return self.filterset.queryset.none()
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        context["filtered"] = any(
            value for key, value in self.request.GET.items() if key in self.filterset.filters
        )
        return context


class ActivityDetailView(ScopedRecordMixin, DetailView):
    """One record; `fields` are shown in this order."""

    template_name = "activities/record_detail.html"
    fields: ClassVar[list[str]]
    list_url: ClassVar[str]
    list_title: ClassVar[str]
    update_url: ClassVar[str]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = self.object
        context.update(
            details=[
                (record._meta.get_field(name).verbose_name, shown(record, name))
                for name in self.fields
            ],
            kind_label=record._meta.verbose_name,
            list_url=reverse(self.list_url),
            list_title=self.list_title,
            update_url=reverse(self.update_url, args=[record.pk]),
        )
        return context


class ActivityFormMixin:
    """Create and edit pages: validate, call the service, answer.  A refusal
    of the service (a rule of the row) is shown on the form, nothing saved."""

    template_name = "activities/record_form.html"
    list_url: ClassVar[str]
    list_title: ClassVar[str]
    title: ClassVar[str]

    def save(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.object = self.save(form)
        except ValidationError as error:
            show_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.title, list_url=reverse(self.list_url), list_title=self.list_title
        )
        return context


class ActivityCreateView(ActivityFormMixin, PortalView, CreateView):
    """A new record of the user's own area."""

    allowed_roles = CLIENT_DATA_ROLES
    record: ClassVar  # a service (*, area, **fields)

    def save(self, form):
        return self.record(area=self.request.user.area, **form.cleaned_data)


class ActivityUpdateView(ActivityFormMixin, ScopedRecordMixin, UpdateView):
    """Change a record of the user's area (another area's answers 404)."""

    update: ClassVar  # a service (*, <record>, **fields)
    record_argument: ClassVar[str]

    def save(self, form):
        return self.update(**{self.record_argument: self.object}, **form.cleaned_data)


# --- Workshops ---------------------------------------------------------------------


class WorkshopPages:
    model = Workshop
    form_class = WorkshopForm
    list_url = "activities:workshops"
    list_title = gettext_lazy("Workshops")


class WorkshopListView(WorkshopPages, ActivityListView):
    template_name = "activities/workshop_list.html"
    search = staticmethod(selectors.workshop_search)
    export_columns = exports.WORKSHOP_COLUMNS
    export_name = "tyopajat"


class WorkshopDetailView(WorkshopPages, ActivityDetailView):
    fields = ["held_on", "topic", "participants", "notes"]
    update_url = "activities:workshop_update"


class WorkshopCreateView(WorkshopPages, ActivityCreateView):
    title = gettext_lazy("Record a workshop")
    record = staticmethod(services.workshop_record)


class WorkshopUpdateView(WorkshopPages, ActivityUpdateView):
    title = gettext_lazy("Edit the workshop")
    update = staticmethod(services.workshop_update)
    record_argument = "workshop"


# --- Trainings ---------------------------------------------------------------------


class TrainingPages:
    model = Training
    form_class = TrainingForm
    list_url = "activities:trainings"
    list_title = gettext_lazy("Trainings")


class TrainingListView(TrainingPages, ActivityListView):
    template_name = "activities/training_list.html"
    search = staticmethod(selectors.training_search)
    export_columns = exports.TRAINING_COLUMNS
    export_name = "koulutukset"


class TrainingDetailView(TrainingPages, ActivityDetailView):
    template_name = "activities/training_detail.html"
    fields = ["name", "provider", "started", "finished", "notes"]
    update_url = "activities:training_update"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["days"] = list(self.object.days.all())
        return context


class TrainingCreateView(TrainingPages, ActivityCreateView):
    title = gettext_lazy("Record a training")

    def save(self, form):
        return services.training_record(
            area=self.request.user.area, days=form.cleaned_data["days"], **form.model_fields()
        )


class TrainingUpdateView(TrainingPages, ActivityUpdateView):
    title = gettext_lazy("Edit the training")

    def save(self, form):
        return services.training_update(
            training=self.object, days=form.cleaned_data["days"], **form.model_fields()
        )


# --- Client participation ----------------------------------------------------------


class ParticipationPages:
    model = ParticipationEvent
    form_class = ParticipationEventForm
    list_url = "activities:participation"
    list_title = gettext_lazy("Client participation")


class ParticipationListView(ParticipationPages, ActivityListView):
    template_name = "activities/participation_list.html"
    search = staticmethod(selectors.participation_search)
    export_columns = exports.PARTICIPATION_COLUMNS
    export_name = "osallisuus"


class ParticipationDetailView(ParticipationPages, ActivityDetailView):
    fields = ["kind", "held_on", "title", "participants", "notes"]
    update_url = "activities:participation_update"


class ParticipationCreateView(ParticipationPages, ActivityCreateView):
    title = gettext_lazy("Record a participation event")
    record = staticmethod(services.participation_event_record)


class ParticipationUpdateView(ParticipationPages, ActivityUpdateView):
    title = gettext_lazy("Edit the participation event")
    update = staticmethod(services.participation_event_update)
    record_argument = "event"


# --- Communications ----------------------------------------------------------------


class MediaPages:
    model = MediaItem
    form_class = MediaItemForm
    list_url = "activities:media"
    list_title = gettext_lazy("Communications")


class MediaListView(MediaPages, ActivityListView):
    """News items and blog posts, with each channel's latest follower count."""

    template_name = "activities/media_list.html"
    search = staticmethod(selectors.media_search)
    export_columns = exports.MEDIA_COLUMNS
    export_name = "viestinta"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context["followers_on"] = today
        context["followers"] = selectors.latest_follower_counts(user=self.request.user, on=today)
        return context


class MediaDetailView(MediaPages, ActivityDetailView):
    template_name = "activities/media_detail.html"
    fields = ["kind", "published_on", "outlet", "title"]
    update_url = "activities:media_update"


class MediaCreateView(MediaPages, ActivityCreateView):
    title = gettext_lazy("Record a media item")
    record = staticmethod(services.media_item_record)


class MediaUpdateView(MediaPages, ActivityUpdateView):
    title = gettext_lazy("Edit the media item")
    update = staticmethod(services.media_item_update)
    record_argument = "item"


class FollowerPages:
    model = FollowerCount
    form_class = FollowerCountForm
    list_url = "activities:followers"
    list_title = gettext_lazy("Follower counts")


class FollowerListView(FollowerPages, ActivityListView):
    template_name = "activities/followers_list.html"
    search = staticmethod(selectors.follower_search)
    export_columns = exports.FOLLOWER_COLUMNS
    export_name = "seuraajat"


class FollowerDetailView(FollowerPages, ActivityDetailView):
    fields = ["channel", "counted_on", "followers"]
    update_url = "activities:followers_update"


class FollowerCreateView(FollowerPages, ActivityCreateView):
    title = gettext_lazy("Record a follower count")
    record = staticmethod(services.follower_count_record)


class FollowerUpdateView(FollowerPages, ActivityUpdateView):
    title = gettext_lazy("Edit the follower count")
    update = staticmethod(services.follower_count_update)
    record_argument = "count"
