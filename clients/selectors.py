"""Reads of the clients app: every one takes the requesting user or a client
already fetched through the access choke point."""

from django.db.models import Count, Min, Q, QuerySet, Sum
from django.template.defaultfilters import date as date_filter
from django.utils.translation import gettext as _

from accounts.access import figure_unit_ids, figure_units
from clients.filters import ClientFilter
from clients.models import (
    Client,
    ClientPlan,
    Closure,
    Initiation,
    SpecialSupportAssessment,
    SupportPersonService,
    UrgencyAssessment,
)
from clients.timeline import TimelineEvent, register


def client_list(*, user) -> QuerySet[Client]:
    """Clients the user may see, with what a list page shows."""
    return (
        Client.objects.restrict(user)
        .select_related("unit", "responsible_worker")
        .order_by("last_name", "first_name", "id")
    )


def client_search(*, user, criteria: dict | None = None) -> ClientFilter:
    """The user's clients filtered by the search criteria (name, client
    number, identity code, unit, own clients)."""
    return ClientFilter(criteria or None, queryset=client_list(user=user), user=user)


def my_clients(*, user) -> QuerySet[Client]:
    """The user's own caseload: clients whose named responsible worker they are."""
    return client_list(user=user).filter(responsible_worker=user)


def client_count_by_unit(*, user) -> list[dict]:
    """Clients per unit, for the units whose figures the user may see.

    Definition: the number of client records whose unit is the unit, counted
    in the database.  Units with no clients are listed with 0.
    """
    return list(
        figure_units(user)
        .annotate(client_count=Count("clients"))
        .values("code", "name", "client_count")
        .order_by("name")
    )


def identity_code_duplicates(client: Client) -> int:
    """How many other client records, in any unit, have the same identity code.

    Shown on the client page as a warning with no detail of the other records,
    which may lie outside the user's scope.
    """
    if not client.identity_code_digest:
        return 0
    return (
        Client.objects.filter(identity_code_digest=client.identity_code_digest)
        .exclude(pk=client.pk)
        .count()
    )


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _day(value) -> str:
    return date_filter(value, "SHORT_DATE_FORMAT") if value else "–"


@register
def case_timeline(client: Client) -> list[TimelineEvent]:
    """The steps of the client process recorded in this app (six queries)."""
    events = []
    for step in Initiation.objects.filter(client=client).select_related("by", "notifier"):
        details = [(_("Channel"), step.get_channel_display())]
        if step.notifier:
            details.append((_("Notifier"), step.notifier.label))
        if step.assessment_start_due_on:
            details.append((_("Assessment must start by"), _day(step.assessment_start_due_on)))
        if step.assessment_completion_due_on:
            details.append(
                (_("Assessment must be completed by"), _day(step.assessment_completion_due_on))
            )
        if step.summary:
            details.append((_("Concerns"), step.summary))
        events.append(
            TimelineEvent(step.initiated_on, "initiation", _("Initiation"), str(step.by), details)
        )
    for step in UrgencyAssessment.objects.filter(client=client).select_related("by"):
        details = [(_("Immediate need for help"), _yes_no(step.immediate_need))]
        if step.notes:
            details.append((_("Notes"), step.notes))
        events.append(
            TimelineEvent(
                step.assessed_on, "urgency", _("Urgency assessment"), str(step.by), details, order=1
            )
        )
    for step in SpecialSupportAssessment.objects.filter(client=client).select_related("by"):
        details = [
            (_("Needs special support"), _yes_no(step.needs_special_support)),
            (_("Grounds"), step.grounds),
        ]
        events.append(
            TimelineEvent(
                step.assessed_on,
                "special-support",
                _("Special-support need"),
                str(step.by),
                details,
                order=2,
            )
        )
    for step in ClientPlan.objects.filter(client=client).select_related("by"):
        details = [(_("Goals"), step.goals), (_("Agreed services"), step.agreed_services)]
        if step.review_on:
            details.append((_("Review on"), _day(step.review_on)))
        events.append(
            TimelineEvent(
                step.drawn_up_on, "plan", _("Client plan"), str(step.by), details, order=4
            )
        )
    for step in SupportPersonService.objects.filter(client=client).select_related("by"):
        details = [
            (_("Provider"), step.provider),
            (_("Hours per month"), str(step.hours_per_month)),
            (_("Ends on"), _day(step.ends_on)),
        ]
        events.append(
            TimelineEvent(
                step.starts_on,
                "support-person",
                _("Support-person service"),
                str(step.by),
                details,
                order=4,
            )
        )
    for step in Closure.objects.filter(client=client).select_related("by", "reason"):
        details = [(_("Reason"), step.reason.label)]
        if step.notes:
            details.append((_("Notes"), step.notes))
        events.append(
            TimelineEvent(step.closed_on, "closure", _("Closure"), str(step.by), details, order=5)
        )
    return events


def case_figures(*, user, start, end) -> dict:
    """Figures of the client process in the period, by the client's unit:
    case_counts (initiations, new clients, client plans) and
    support_person_clients.  Three queries."""
    return {
        **case_counts(user=user, start=start, end=end),
        "support_person_clients": support_person_clients(user=user, start=start, end=end),
    }


def case_counts(*, user, start, end) -> dict:
    """Counts of the client process in the period, by the client's unit:

    * initiations: initiations dated in the period;
    * new_clients: clients whose first initiation ever lies in the period;
    * client_plans: client plans drawn up in the period.
    Each adds up over months (a client's first initiation lies in one month),
    so the stored summary can answer for a period of whole months.  Two
    queries: the first two figures from one pass over the clients'
    initiations, grouped by client (the first initiation of each, and how
    many lie in the period), added up in the database.
    """
    in_scope = {"client__unit__in": figure_unit_ids(user)}
    period = Q(initiated_on__range=(start, end))
    return {
        **Initiation.objects.filter(**in_scope)
        .values("client")
        .annotate(first=Min("initiated_on"), in_period=Count("pk", filter=period))
        .aggregate(
            initiations=Sum("in_period", default=0),
            new_clients=Count("client", filter=Q(first__range=(start, end))),
        ),
        "client_plans": ClientPlan.objects.filter(
            drawn_up_on__range=(start, end), **in_scope
        ).count(),
    }


def support_person_clients(*, user, start, end) -> int:
    """Different clients with a support-person service running at some time
    in the period, by the client's unit (one query).  Distinct clients: the
    figure of a period is not the sum of its months'."""
    return (
        SupportPersonService.objects.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=start),
            starts_on__lte=end,
            client__unit__in=figure_unit_ids(user),
        )
        .values("client")
        .distinct()
        .count()
    )
