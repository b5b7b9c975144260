"""Reads of the groups app, including every figure about groups.

Each figure is computed here, once, with its definition beside it; reports
read them from here.  Figures take the requesting user and count only the
units whose figures that user may see (accounts.access.figure_units); pages
of group records use the choke point `restrict()` instead.

A period is given as `start` and `end` (both days included); None leaves
that side open.  The period applies to the day of the session.
"""

import datetime

from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber, TruncMonth
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.access import figure_unit_ids
from clients.timeline import TimelineEvent, register
from groups.esf import ESF_BREAKDOWN, ESF_INDICATORS
from groups.models import (
    RATING_MAX,
    RATING_MIN,
    Attendance,
    Enrollment,
    EnrollmentStatus,
    Feedback,
    FeedbackGiver,
    FunctionalGroup,
    GroupKind,
    GroupSession,
    SessionStatus,
)

# The kinds that the report's "functional groups held / clients who took
# part" (7 / 45) counts: every kind except the developer-client group, whose
# meetings the report gives as a figure of their own ("met 3 times").
FUNCTIONAL_KINDS = (
    GroupKind.SOCIAL_REHABILITATION,
    GroupKind.REHABILITATIVE_WORK,
    GroupKind.OTHER,
)


def _period(prefix: str, start: datetime.date | None, end: datetime.date | None) -> Q:
    """Session days within the period, `prefix` leading to the session's date."""
    condition = Q()
    if start is not None:
        condition &= Q(**{f"{prefix}__gte": start})
    if end is not None:
        condition &= Q(**{f"{prefix}__lte": end})
    return condition


def _held(prefix: str, start=None, end=None) -> Q:
    """Held sessions of the period; `prefix` leads to a GroupSession."""
    return Q(**{f"{prefix}status": SessionStatus.HELD}) & _period(f"{prefix}date", start, end)


def _attended_a_held_session(start=None, end=None) -> Exists:
    """On an Enrollment: present at least once at a held session of its own
    group in the period (the rule of `participants`)."""
    return Exists(
        Attendance.objects.filter(
            _held("session__", start, end),
            enrollment=OuterRef("pk"),
            present=True,
            session__group=OuterRef("group"),
        )
    )


def _day(value: datetime.date) -> str:
    return date_filter(value, "SHORT_DATE_FORMAT")


def _per_group(queryset: QuerySet, count: Count | Sum) -> Coalesce:
    """A count (or sum) over rows that point at a group (field `group`), as
    a subquery per group: annotations of several counts do not multiply."""
    counted = (
        queryset.filter(group=OuterRef("pk")).order_by().values("group").annotate(n=count)
    ).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


# --- Scope ---------------------------------------------------------------


def figure_groups(*, user) -> QuerySet[FunctionalGroup]:
    """Groups of every kind in the units whose figures the user may see."""
    return FunctionalGroup.objects.filter(unit__in=figure_unit_ids(user))


def functional_groups(*, user) -> QuerySet[FunctionalGroup]:
    """Functional groups (FUNCTIONAL_KINDS: not the developer-client group)
    in the units whose figures the user may see."""
    return figure_groups(user=user).filter(kind__in=FUNCTIONAL_KINDS)


# --- Participants ----------------------------------------------------------


def participants(
    groups: QuerySet[FunctionalGroup],
    *,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> QuerySet[Enrollment]:
    """The participants of the groups: one row per group and client.

    Definition: a client is a participant of a group when they were present
    at least once at a held session of that group (in the period).
    * signing up is not enough: a client who never came is not counted;
    * a client who came once and then dropped out is counted;
    * cancelled and planned sessions count for nothing;
    * a client in two groups is a participant of each.
    """
    return Enrollment.objects.filter(group__in=groups).filter(_attended_a_held_session(start, end))


def participant_counts(
    groups: QuerySet[FunctionalGroup],
    *,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> QuerySet[FunctionalGroup]:
    """The groups, each with `participant_count`: its distinct clients who
    are `participants` (the definition above), counted in the database."""
    counted = Enrollment.objects.filter(_attended_a_held_session(start, end))
    return groups.annotate(participant_count=_per_group(counted, Count("client", distinct=True)))


def participant_totals(*, user, start=None, end=None) -> dict[str, int]:
    """Clients who took part in functional groups, in one query.

    Definitions, over the `participants` of functional groups
    (FUNCTIONAL_KINDS):
    * "participants": counted per group; a client in two groups counts twice.
      This is how the report's "7 groups / 45 clients" adds up
      (8+6+6+5+8+8+4);
    * "distinct_participants": different clients; a client in two groups
      counts once.
    """
    return participants(functional_groups(user=user), start=start, end=end).aggregate(
        participants=Count("pk"), distinct_participants=Count("client", distinct=True)
    )


def participant_total(*, user, start=None, end=None) -> int:
    """Participants counted per group (`participant_totals`)."""
    return participant_totals(user=user, start=start, end=end)["participants"]


def distinct_participants(*, user, start=None, end=None) -> int:
    """Different clients who took part (`participant_totals`)."""
    return participant_totals(user=user, start=start, end=end)["distinct_participants"]


def _entries(start=None, end=None, *, groups) -> QuerySet[Enrollment]:
    """Each participant's entry: of a client's participating enrollments
    (`participants`), the first signed up (ties broken by id).  Numbered per
    client in one pass (a window function), not by looking for an earlier
    enrollment of each: that read the participants twice, 0.2 s more for a
    county's two years."""
    return (
        participants(groups, start=start, end=end)
        .annotate(
            entry_number=Window(
                RowNumber(), partition_by=[F("client")], order_by=[F("signed_up_on"), F("pk")]
            )
        )
        .filter(entry_number=1)
    )


def esf_participant_figures(*, user, start=None, end=None) -> dict[str, int]:
    """The ESF participant indicators of Regulation (EU) 1304/2013, Annex I,
    in total, for women and men, and for the rest (groups/esf.py,
    ESF_INDICATORS), in one query.

    Definition: a participant is a client who is a `participant` of a
    functional group (FUNCTIONAL_KINDS) in the period, counted once however
    many groups they attended, as Annex I counts persons entering the
    operation.  Their answers are those of their entry: the start form of the
    first such enrollment.  Result indicators count the exit form of that
    enrollment.  Gender is the client's recorded sex; women, men and "other or
    not known" add up to the total.  An answer "prefer not to say"
    counts as not meeting the condition.
    """
    aggregates = {}
    for indicator in ESF_INDICATORS:
        for suffix, _label, breakdown in ESF_BREAKDOWN:
            condition = indicator.condition & breakdown
            if indicator.result:
                condition &= Q(exit_recorded_on__isnull=False)
            aggregates[f"{indicator.code}{suffix}"] = Count("pk", filter=condition)
    return _entries(start, end, groups=functional_groups(user=user)).aggregate(**aggregates)


# --- Sessions and groups ----------------------------------------------------


def sessions_held_counts(
    groups: QuerySet[FunctionalGroup],
    *,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> QuerySet[FunctionalGroup]:
    """The groups, each with `sessions_held`.

    Definition: sessions of the group whose status is "held" (in the
    period); planned and cancelled sessions are not counted.
    """
    held = GroupSession.objects.filter(_held("", start, end))
    return groups.annotate(sessions_held=_per_group(held, Count("pk")))


def held_groups_by_kind(
    groups: QuerySet[FunctionalGroup],
    *,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> dict[str, int]:
    """Of `groups`, those with a session held in the period, per kind:
    {kind: count}, one query; kinds without any left out."""
    return dict(
        GroupSession.objects.filter(_held("", start, end), group__in=groups)
        .values_list("group__kind")
        .annotate(count=Count("group", distinct=True))
        .order_by()
    )


def held_session_totals(*, user, start=None, end=None) -> dict[str, int]:
    """The figures of held sessions, in one query over the held sessions of
    the period of the groups whose figures the user sees.

    Definitions:
    * "sessions_held": sessions of functional groups (FUNCTIONAL_KINDS) held
      in the period: status "held", dated within the period;
    * "groups_held": functional groups with at least one held session in the
      period.  A group whose sessions were all planned or cancelled was not
      held;
    * "developer_client_meetings": meetings of the developer-client group
      (kehittäjäasiakasryhmä): held sessions, in the period, of groups of
      kind "developer_client".
    """
    functional = Q(group__kind__in=FUNCTIONAL_KINDS)
    return GroupSession.objects.filter(
        _held("", start, end), group__in=figure_groups(user=user)
    ).aggregate(
        sessions_held=Count("pk", filter=functional),
        groups_held=Count("group", distinct=True, filter=functional),
        developer_client_meetings=Count("pk", filter=Q(group__kind=GroupKind.DEVELOPER_CLIENT)),
    )


def sessions_held_total(*, user, start=None, end=None) -> int:
    """Sessions held by functional groups (`held_session_totals`)."""
    return held_session_totals(user=user, start=start, end=end)["sessions_held"]


def groups_held(*, user, start=None, end=None) -> int:
    """Functional groups held in the period (`held_session_totals`)."""
    return held_session_totals(user=user, start=start, end=end)["groups_held"]


def developer_client_meetings(*, user, start=None, end=None) -> int:
    """Meetings of the developer-client group (`held_session_totals`)."""
    return held_session_totals(user=user, start=start, end=end)["developer_client_meetings"]


def group_figures(*, user, start=None, end=None) -> dict[str, int]:
    """The groups' part of the report's nutshell, as plain data (two
    queries: `held_session_totals` and `participant_totals`)."""
    period = {"user": user, "start": start, "end": end}
    return {**held_session_totals(**period), **participant_totals(**period)}


# --- Pages ---------------------------------------------------------------


def group_list(*, user) -> QuerySet[FunctionalGroup]:
    """Groups of the user's units, each with `sessions_held` and
    `participant_count` over its whole life (one query per page)."""
    groups = FunctionalGroup.objects.restrict(user).select_related("unit", "municipality")
    return participant_counts(sessions_held_counts(groups)).order_by("-starts_on", "name", "id")


def group_sessions(group: FunctionalGroup) -> QuerySet[GroupSession]:
    """The group's sessions, each with `present_count`: how many clients
    were marked present (any unit; a number, no names)."""
    return group.sessions.annotate(
        present_count=Count("attendances", filter=Q(attendances__present=True))
    ).order_by("date", "id")


def group_enrollments(*, user, group: FunctionalGroup) -> QuerySet[Enrollment]:
    """Enrollments of the group whose clients the user may see, each with
    `attended` (held sessions present at) and `is_participant`."""
    return (
        Enrollment.objects.restrict(user)
        .filter(group=group)
        .select_related("client")
        .annotate(
            attended=Count(
                "attendances",
                filter=Q(attendances__present=True) & _held("attendances__session__"),
            ),
            is_participant=_attended_a_held_session(),
        )
        .order_by("client__last_name", "client__first_name", "id")
    )


def hidden_enrollment_count(*, user, group: FunctionalGroup) -> int:
    """Enrollments of the group whose clients belong to units outside the
    user's scope: shown as a number only."""
    visible = Enrollment.objects.restrict(user).filter(group=group).values("pk")
    return group.enrollments.exclude(pk__in=visible).count()


def expected_at(session: GroupSession) -> Q:
    """On an Enrollment: expected at the session, that is, enrolled in its
    group and not dropped out before the day of the session."""
    return Q(group_id=session.group_id) & ~Q(
        status=EnrollmentStatus.DROPPED_OUT, dropped_out_on__lt=session.date
    )


def attendance_sheet(*, user, session: GroupSession) -> QuerySet[Enrollment]:
    """The rows of the attendance grid: enrollments expected at the session
    whose clients the user may see, each with `present` as recorded (None:
    not yet recorded).  One query, however big the group."""
    recorded = Attendance.objects.filter(session=session, enrollment=OuterRef("pk")).values(
        "present"
    )
    return (
        Enrollment.objects.restrict(user)
        .filter(expected_at(session))
        .select_related("client")
        .annotate(present=Subquery(recorded[:1]))
        .order_by("client__last_name", "client__first_name", "id")
    )


def feedback_summary(*, group: FunctionalGroup) -> dict:
    """Feedback on the group, counted in one query.

    * `count`: every feedback row, participants' and leaders';
    * `rated`, `mean_rating`, `ratings`: over the participants' ratings
      only (a leader's feedback is an observation, not a rating of the
      group): how many gave one, their mean (None without any), and how
      many gave each rating 1-5, so that the low ones stay visible and are
      not averaged away.
    """
    rated = Q(given_by=FeedbackGiver.PARTICIPANT, rating__isnull=False)
    by_rating = {
        f"rating_{n}": Count("pk", filter=rated & Q(rating=n))
        for n in range(RATING_MIN, RATING_MAX + 1)
    }
    row = Feedback.objects.filter(group=group).aggregate(
        count=Count("pk"),
        rated=Count("pk", filter=rated),
        mean_rating=Avg("rating", filter=rated),
        **by_rating,
    )
    return {
        "count": row["count"],
        "rated": row["rated"],
        "mean_rating": row["mean_rating"],
        "ratings": [(n, row[f"rating_{n}"]) for n in range(RATING_MIN, RATING_MAX + 1)],
    }


def feedback_counts(groups: QuerySet[FunctionalGroup]) -> QuerySet[FunctionalGroup]:
    """The groups, each with the figures of `feedback_summary` that a list
    of many groups needs, counted in the same query as the groups (one
    subquery each, not one query per group):

    * `feedback_count`: every feedback row, participants' and leaders';
    * `rated`: participants' feedback with a rating;
    * `rating_sum`: the sum of those ratings (their mean is
      rating_sum / rated, as `feedback_summary`'s `mean_rating`).
    """
    rated = Q(given_by=FeedbackGiver.PARTICIPANT, rating__isnull=False)
    every = Feedback.objects.all()
    return groups.annotate(
        feedback_count=_per_group(every, Count("pk")),
        rated=_per_group(every.filter(rated), Count("pk")),
        rating_sum=_per_group(every.filter(rated), Sum("rating")),
    )


# --- The client page --------------------------------------------------------


@register
def group_timeline(client) -> list[TimelineEvent]:
    """The client's groups on the client timeline, one event per enrollment
    (one query).  The group's page is linked when it belongs to the client's
    own unit: whoever sees the client may then open it."""
    enrollments = (
        Enrollment.objects.filter(client=client)
        .select_related("group", "recorded_by")
        .annotate(
            attended=Count(
                "attendances",
                filter=Q(attendances__present=True) & _held("attendances__session__"),
            )
        )
    )
    events = []
    for enrollment in enrollments:
        group = enrollment.group
        details = [
            (_("Kind"), group.get_kind_display()),
            (_("Status"), enrollment.get_status_display()),
            (_("Sessions attended"), str(enrollment.attended)),
        ]
        if enrollment.dropped_out_on:
            details.append((_("Dropped out on"), _day(enrollment.dropped_out_on)))
            details.append((_("Reason for dropping out"), enrollment.drop_out_reason))
        same_unit = group.unit_id == client.unit_id
        events.append(
            TimelineEvent(
                enrollment.signed_up_on,
                "group",
                _("Group: %(name)s") % {"name": group.name},
                str(enrollment.recorded_by),
                details,
                url=reverse("groups:detail", args=[group.pk]) if same_unit else "",
                order=3,
            )
        )
    return events


def sessions_held_by_month(*, user, start, end) -> list[dict]:
    """`sessions_held_total` month by month: [{"month", "count"}], one query."""
    return list(
        GroupSession.objects.filter(_held("", start, end), group__in=functional_groups(user=user))
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("month")
    )


def sessions_held_by_unit(*, user, start, end) -> QuerySet:
    """`sessions_held_total` per unit of the group: rows {"unit" (its name),
    "count"}, one query."""
    return (
        GroupSession.objects.filter(_held("", start, end), group__in=functional_groups(user=user))
        .values(unit=F("group__unit__name"))
        .annotate(count=Count("pk"))
        .order_by("unit")
    )
