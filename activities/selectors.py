"""Reads of the activities app, and the figures of the final report's
nutshell that come from it (DOMAIN.md: "trainings staff attended / training
days 4 / 8", "workshops 6", "Facebook followers over 200").

Every selector takes the requesting user: the scope is the user's area
(AreaScopedQuerySet.restrict), so a user of another area, or one without an
area role, gets nothing.  A period is given as `start` and `end`, both days
included.  Each figure is counted in the database, and its definition is
written beside it.
"""

import datetime

from django.db.models import Count, Exists, Max, Min, OuterRef, QuerySet, Sum
from django.db.models.functions import ExtractYear

from activities.filters import (
    FollowerCountFilter,
    MediaItemFilter,
    ParticipationEventFilter,
    TrainingFilter,
    WorkshopFilter,
)
from activities.models import (
    FollowerCount,
    MediaItem,
    MediaKind,
    ParticipationEvent,
    Training,
    TrainingDay,
    Workshop,
)

# --- Figures -----------------------------------------------------------------------


def workshop_count(*, user, start: datetime.date, end: datetime.date) -> int:
    """Workshops held in the period.

    Definition: the area's Workshop rows whose date falls in the period.
    """
    return Workshop.objects.restrict(user).filter(held_on__range=(start, end)).count()


def training_count(*, user, start: datetime.date, end: datetime.date) -> int:
    """Trainings staff attended in the period.

    Definition: the area's trainings with at least one training day in the
    period.  A training whose days fall in two years counts in both years;
    over the whole project it counts once.
    """
    days_in_period = TrainingDay.objects.filter(
        training=OuterRef("pk"), held_on__range=(start, end)
    )
    return Training.objects.restrict(user).filter(Exists(days_in_period)).count()


def training_days(*, user, start: datetime.date, end: datetime.date) -> int:
    """Training days in the period.

    Definition: the TrainingDay rows of the area's trainings whose date falls
    in the period; a day is counted once per training, however many of the
    staff attended it.
    """
    return TrainingDay.objects.restrict(user).filter(held_on__range=(start, end)).count()


def participation_event_count(
    *, user, start: datetime.date, end: datetime.date, kind: str | None = None
) -> int:
    """Events of client participation in the period.

    Definition: the area's ParticipationEvent rows dated in the period (for
    a survey or a contest, the day it closed), of the given kind or of every
    kind.  Developer-client group meetings are not among them: they are
    sessions of a functional group (the groups app).
    """
    events = ParticipationEvent.objects.restrict(user).filter(held_on__range=(start, end))
    if kind:
        events = events.filter(kind=kind)
    return events.count()


def participation_participants(
    *, user, start: datetime.date, end: datetime.date, kind: str | None = None
) -> int:
    """Clients who took part in participation events of the period.

    Definition: the sum of the recorded head-counts of the events counted by
    `participation_event_count` (same period and kind).  An event whose
    head-count is not known adds nothing, and a client who came to two events
    is counted twice: it is a sum of head-counts, not of people.
    """
    events = ParticipationEvent.objects.restrict(user).filter(held_on__range=(start, end))
    if kind:
        events = events.filter(kind=kind)
    return events.aggregate(total=Sum("participants"))["total"] or 0


def media_item_count(*, user, start: datetime.date, end: datetime.date) -> dict[str, int]:
    """News items and blog posts of the period, by kind.

    Definition: the area's MediaItem rows published in the period, counted per
    kind; every kind is in the result, with 0 when there were none.
    """
    counts = dict.fromkeys(MediaKind.values, 0)
    rows = (
        MediaItem.objects.restrict(user)
        .filter(published_on__range=(start, end))
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts.update(dict(rows))
    return counts


def latest_follower_count(*, user, channel: str, on: datetime.date) -> FollowerCount | None:
    """The followers of a channel as last counted on or before a day.

    Definition: of the area's FollowerCount rows of the channel (its name
    compared without regard to case) dated on or before `on`, the latest one;
    None if the channel had not been counted by then.  The report's "over 200
    followers" is this on the project's last day.
    """
    return (
        FollowerCount.objects.restrict(user)
        .filter(channel__iexact=channel.strip(), counted_on__lte=on)
        .order_by("-counted_on", "-id")
        .first()
    )


def latest_follower_counts(*, user, on: datetime.date) -> list[FollowerCount]:
    """`latest_follower_count` of every channel of the area, in one query."""
    return list(
        FollowerCount.objects.restrict(user)
        .filter(counted_on__lte=on)
        .order_by("channel", "-counted_on", "-id")
        .distinct("channel")
    )


def activity_figures(*, user, start: datetime.date, end: datetime.date) -> dict:
    """The period's figures of the activities index page: each one from its
    own selector above (seven queries)."""
    media = media_item_count(user=user, start=start, end=end)
    return {
        "workshops": workshop_count(user=user, start=start, end=end),
        "trainings": training_count(user=user, start=start, end=end),
        "training_days": training_days(user=user, start=start, end=end),
        "participation_events": participation_event_count(user=user, start=start, end=end),
        "participants": participation_participants(user=user, start=start, end=end),
        "media_items": media,
        "media_total": sum(media.values()),
        "followers": latest_follower_counts(user=user, on=end),
    }


def activity_years(*, user) -> list[int]:
    """The years in which the area has anything recorded here, newest first
    (one query), for the period shortcuts of the index page."""
    years = (
        Workshop.objects.restrict(user)
        .values_list(ExtractYear("held_on"))
        .order_by()
        .union(
            *(
                model.objects.restrict(user).values_list(ExtractYear(field)).order_by()
                for model, field in (
                    (TrainingDay, "held_on"),
                    (ParticipationEvent, "held_on"),
                    (MediaItem, "published_on"),
                    (FollowerCount, "counted_on"),
                )
            )
        )
    )
    return sorted((year for (year,) in years), reverse=True)


# --- Lists -------------------------------------------------------------------------


def workshop_search(*, user, criteria=None) -> WorkshopFilter:
    """The area's workshops, newest first, filtered by period and topic."""
    return WorkshopFilter(criteria or None, queryset=Workshop.objects.restrict(user))


def training_list(*, user) -> QuerySet[Training]:
    """The area's trainings with their first and last day and their number
    of days, latest first (one query)."""
    return (
        Training.objects.restrict(user)
        .annotate(first_day=Min("days__held_on"), last_day=Max("days__held_on"))
        .annotate(day_count=Count("days"))
        .order_by("-first_day", "name", "id")
    )


def training_search(*, user, criteria=None) -> TrainingFilter:
    """The area's trainings, filtered by period (a day in it) and name."""
    return TrainingFilter(criteria or None, queryset=training_list(user=user))


def participation_search(*, user, criteria=None) -> ParticipationEventFilter:
    """The area's participation events, newest first, by period and kind."""
    return ParticipationEventFilter(
        criteria or None, queryset=ParticipationEvent.objects.restrict(user)
    )


def media_search(*, user, criteria=None) -> MediaItemFilter:
    """The area's media items, newest first, by period and kind."""
    return MediaItemFilter(criteria or None, queryset=MediaItem.objects.restrict(user))


def follower_search(*, user, criteria=None) -> FollowerCountFilter:
    """The area's follower counts, by channel and newest first, by period and channel."""
    return FollowerCountFilter(criteria or None, queryset=FollowerCount.objects.restrict(user))
