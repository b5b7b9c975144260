"""Reads of the assessments app: deadlines, compliance, the timeline."""

import datetime
import operator
from collections.abc import Sequence
from functools import reduce

from django.db.models import Count, Exists, F, Func, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import ExtractYear, TruncMonth
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.access import figure_unit_ids, figure_units
from assessments.models import (
    AssessmentStatus,
    Measurement,
    MeasurementScore,
    OutcomeMeasure,
    ServiceNeedAssessment,
)
from clients.deadlines import DUE_SOON_DAYS
from clients.models import Client, ClientPlan, Closure, Initiation
from clients.timeline import (
    Panel,
    StepAction,
    TimelineEvent,
    register,
    register_actions,
    register_panels,
)


def _first_start():
    """The day the first assessment of the initiation started."""
    return Subquery(
        ServiceNeedAssessment.objects.filter(initiation=OuterRef("pk"))
        .order_by("started_on")
        .values("started_on")[:1]
    )


def _open_initiations(queryset: QuerySet[Initiation]) -> QuerySet[Initiation]:
    """Initiations whose client relationship has not been closed since."""
    closed_since = Closure.objects.filter(
        client=OuterRef("client"), closed_on__gte=OuterRef("initiated_on")
    )
    return queryset.annotate(closed=Exists(closed_since)).filter(closed=False)


def my_deadlines(*, user, today: datetime.date) -> QuerySet[Initiation]:
    """Initiations of the user's own clients (named responsible worker, or
    recorded by the user) whose assessment has not yet started or whose
    statutory completion limit is still open, soonest due first.

    One query; each row carries `first_start` and `completed`.
    """
    completed = ServiceNeedAssessment.objects.filter(
        initiation=OuterRef("pk"), status=AssessmentStatus.COMPLETED
    )
    rows = (
        Initiation.objects.restrict(user)
        .filter(Q(client__responsible_worker=user) | Q(by=user))
        .annotate(first_start=_first_start(), completed=Exists(completed))
        .filter(
            Q(first_start__isnull=True)
            | Q(assessment_completion_due_on__isnull=False, completed=False)
        )
        .select_related("client")
        .order_by(F("assessment_start_due_on").asc(nulls_last=True), "initiated_on", "id")
    )
    return _open_initiations(rows)


def deadline_counts(*, user, today: datetime.date) -> dict:
    """How many of the user's statutory deadlines are overdue or due soon.

    Definitions (SHL §36, the rules in clients/deadlines.py):
    * overdue: the assessment has not started and its start limit has passed,
      or a child's assessment is not completed and its completion limit has passed;
    * due soon: not yet done and the limit is within the next DUE_SOON_DAYS
      days, today included.
    """
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS - 1)
    not_started = Q(first_start__isnull=True)
    not_completed = Q(completed=False, assessment_completion_due_on__isnull=False)
    return my_deadlines(user=user, today=today).aggregate(
        overdue=Count(
            "pk",
            filter=(not_started & Q(assessment_start_due_on__lt=today))
            | (not_completed & Q(assessment_completion_due_on__lt=today)),
        ),
        due_soon=Count(
            "pk",
            filter=(not_started & Q(assessment_start_due_on__range=(today, soon)))
            | (not_completed & Q(assessment_completion_due_on__range=(today, soon))),
        ),
    )


def plan_reviews_due(*, user, today: datetime.date) -> QuerySet[ClientPlan]:
    """Client plans of the user's own clients whose review day has come or
    comes within DUE_SOON_DAYS days."""
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS - 1)
    return (
        ClientPlan.objects.restrict(user)
        .filter(client__responsible_worker=user, review_on__lte=soon)
        .exclude(client__closures__closed_on__gte=F("drawn_up_on"))
        .select_related("client")
        .order_by("review_on", "id")
    )


def _statutory_outcomes(today: datetime.date) -> dict:
    """The counts of `statutory_compliance`, as aggregates over initiations
    annotated with `first_start`."""
    with_limit = Q(assessment_start_due_on__isnull=False)
    not_started = Q(first_start__isnull=True)
    due = "assessment_start_due_on"
    return {
        "initiations": Count("pk"),
        "statutory": Count("pk", filter=with_limit),
        "on_time": Count("pk", filter=with_limit & Q(first_start__lte=F(due))),
        "late": Count("pk", filter=with_limit & Q(first_start__gt=F(due))),
        "overdue": Count(
            "pk", filter=with_limit & not_started & Q(assessment_start_due_on__lt=today)
        ),
        "running": Count(
            "pk", filter=with_limit & not_started & Q(assessment_start_due_on__gte=today)
        ),
    }


def _initiations_for_compliance(*, user, start, end, periods=None) -> QuerySet[Initiation]:
    initiations = Initiation.objects.filter(
        client__unit__in=figure_units(user).values("pk"),
        initiated_on__range=(start, end),
    )
    if periods is not None:
        if not periods:
            return initiations.none()
        initiations = initiations.filter(
            reduce(operator.or_, (Q(initiated_on__range=period) for period in periods))
        )
    return initiations.annotate(first_start=_first_start())


def statutory_compliance(
    *,
    user,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date,
) -> list[dict]:
    """Per unit: how the assessments of initiations in the period kept the
    7-working-day start limit of SHL §36 (units whose figures the user sees).

    Definitions (_statutory_outcomes), over initiations of the period:
    * initiations: all of them;
    * statutory: initiations with a start limit;
    * on_time: the first assessment started on or before the limit;
    * late: it started after the limit;
    * overdue: not started, and the limit has passed;
    * running: not started, the limit not yet passed.
    Counted in the database, one row per unit that has initiations.
    """
    return list(compliance_by_unit(user=user, start=start, end=end, today=today))


def compliance_by_unit(
    *,
    user,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date,
    periods: Sequence[tuple[datetime.date, datetime.date]] | None = None,
) -> QuerySet:
    """The rows of `statutory_compliance` as a query, to be added up with
    other sources in the database (reports.sums).  `periods` [(first, last),
    ...] narrows the period to those days (the months for which the
    dashboards cannot use the stored summary)."""
    return (
        _initiations_for_compliance(user=user, start=start, end=end, periods=periods)
        .values("client__unit__name")
        .annotate(**_statutory_outcomes(today))
        .order_by("client__unit__name")
    )


def statutory_compliance_totals(
    *, user, start: datetime.date, end: datetime.date, today: datetime.date
) -> dict:
    """`statutory_compliance` over all the user's units at once, one query."""
    return _initiations_for_compliance(user=user, start=start, end=end).aggregate(
        **_statutory_outcomes(today)
    )


@register
def assessment_timeline(client: Client) -> list[TimelineEvent]:
    """The client's assessments on the timeline (one query)."""
    events = []
    for assessment in ServiceNeedAssessment.objects.filter(client=client).select_related(
        "started_by", "completed_by"
    ):
        url = reverse(
            "assessments:detail" if assessment.is_locked else "assessments:edit",
            args=[assessment.pk],
        )
        details = [(_("Status"), assessment.get_status_display())]
        events.append(
            TimelineEvent(
                assessment.started_on,
                "assessment",
                _("Service-need assessment started"),
                str(assessment.started_by),
                details,
                url=url,
                order=3,
            )
        )
        if assessment.completed_on:
            events.append(
                TimelineEvent(
                    assessment.completed_on,
                    "assessment",
                    _("Service-need assessment completed"),
                    str(assessment.completed_by),
                    url=url,
                    order=3,
                )
            )
    return events


@register_actions
def assessment_actions(client: Client) -> list[StepAction]:
    """Links on the client page: an assessment, and each active measure."""
    actions = [
        StepAction(
            _("Service-need assessment"), reverse("assessments:start", args=[client.client_number])
        )
    ]
    for measure in OutcomeMeasure.objects.filter(is_active=True).only("code", "name"):
        actions.append(
            StepAction(
                measure.name,
                reverse("assessments:measure", args=[client.client_number, measure.code]),
            )
        )
    return actions


def measurement_history(client: Client) -> list[dict]:
    """The client's measurements, per measure: for each area the scores in
    date order and the change from the first measurement to the latest.

    One query.  Each entry: {"measure", "dates", "areas": [{"name",
    "scores", "change"}]}.
    """
    scores = (
        MeasurementScore.objects.filter(measurement__client=client)
        .select_related("measurement__measure", "area")
        .order_by(
            "measurement__measure__name",
            "measurement__measured_on",
            "measurement_id",
            "area__order",
        )
    )
    history: dict[int, dict] = {}
    for row in scores:
        measurement = row.measurement
        entry = history.setdefault(
            measurement.measure_id,
            {"measure": measurement.measure, "dates": [], "ids": [], "areas": {}},
        )
        if not entry["ids"] or entry["ids"][-1] != measurement.pk:
            entry["ids"].append(measurement.pk)
            entry["dates"].append(measurement.measured_on)
        entry["areas"].setdefault(row.area_id, {"name": row.area.name, "scores": []})
        entry["areas"][row.area_id]["scores"].append(row.score)
    result = []
    for entry in history.values():
        areas = list(entry["areas"].values())
        for area in areas:
            area["change"] = area["scores"][-1] - area["scores"][0]
        result.append({**entry, "areas": areas})
    return result


@register_panels
def measurement_panel(client: Client) -> list[Panel]:
    history = measurement_history(client)
    return [Panel("assessments/_measurements_panel.html", {"history": history})] if history else []


def measurement_figures(*, user, start: datetime.date, end: datetime.date) -> dict:
    """Outcome measurements done in the period, and how many different
    measures were used ("measures trialled": the seed trialled 3), by the
    client's unit.  One query."""
    return Measurement.objects.filter(
        measured_on__range=(start, end), client__unit__in=figure_unit_ids(user)
    ).aggregate(measurements=Count("pk"), measures_trialled=Count("measure", distinct=True))


def _completed_in(*, user, start, end):
    return ServiceNeedAssessment.objects.filter(
        status=AssessmentStatus.COMPLETED,
        completed_on__range=(start, end),
        unit_at_completion__in=figure_unit_ids(user),
    )


def completed_by_month(*, user, start: datetime.date, end: datetime.date) -> list[dict]:
    """`assessments_completed` month by month: [{"month", "count"}], one
    query; months without any left out."""
    return list(
        _completed_in(user=user, start=start, end=end)
        .annotate(month=TruncMonth("completed_on"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("month")
    )


def completed_by_unit(*, user, start: datetime.date, end: datetime.date) -> QuerySet:
    """`assessments_completed` per unit at completion: rows {"unit" (its
    name), "count"}, one query; units without any left out."""
    return (
        _completed_in(user=user, start=start, end=end)
        .values(unit=F("unit_at_completion__name"))
        .annotate(count=Count("pk"))
        .order_by("unit")
    )


def completed_by_year(*, user, start: datetime.date, end: datetime.date) -> dict[int, int]:
    """`assessments_completed` calendar year by calendar year, in one query:
    {year: count}, years without any left out."""
    rows = (
        _completed_in(user=user, start=start, end=end)
        .annotate(year=ExtractYear("completed_on"))
        .values("year")
        .annotate(count=Count("pk"))
        .order_by("year")
    )
    return {row["year"]: row["count"] for row in rows}


def _count(queryset: QuerySet) -> Subquery:
    """COUNT(*) of `queryset` as a scalar subquery (COUNT as a plain
    function, so that Django adds no GROUP BY)."""
    return Subquery(queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"))


def assessment_figures(*, user, start: datetime.date, end: datetime.date) -> dict:
    """`assessments_completed` and `assessments_started` with their own
    definitions, in one query: {"completed", "started"}.

    Each count is a scalar subquery with its unit condition in its own WHERE,
    so that PostgreSQL reads the viewer's rows through the indexes
    (assessment_unit_completed, assessment_client_started).  Counted with
    FILTERs over `completed_on OR started_on`, or even with the unit repeated
    in an OR, it read every assessment of the country in the period to count
    one unit's (docs/performance.md).  The figures are the same.
    """
    units = figure_units(user)
    completed = ServiceNeedAssessment.objects.filter(
        status=AssessmentStatus.COMPLETED,
        completed_on__range=(start, end),
        unit_at_completion__in=figure_unit_ids(user),
    )
    started = ServiceNeedAssessment.objects.filter(
        started_on__range=(start, end), client__unit__in=figure_unit_ids(user)
    )
    # The one row the two counts are selected on: any of the viewer's units
    # (without one, both counts are 0 by definition).
    row = (
        units.order_by()
        .annotate(completed=_count(completed), started=_count(started))
        .values("completed", "started")
        .first()
    )
    return row or {"completed": 0, "started": 0}
