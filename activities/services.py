"""Writes of the activities app.  Each is keyword-only and atomic, and
validates the whole row (the model's rules and constraints) before saving, so
a refused write raises ValidationError and leaves nothing half-saved."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import Area
from activities.models import (
    FollowerCount,
    MediaItem,
    ParticipationEvent,
    Training,
    TrainingDay,
    Workshop,
)


def _validated_save(record, fields: dict):
    """Set the fields, check every rule of the row, save it."""
    for name, value in fields.items():
        setattr(record, name, value)
    record.full_clean()
    record.save()
    return record


# --- Staff development ----------------------------------------------------------


@transaction.atomic
def workshop_record(*, area: Area, **fields) -> Workshop:
    """Record a workshop of the area (held_on, topic, participants, notes)."""
    return _validated_save(Workshop(area=area), fields)


@transaction.atomic
def workshop_update(*, workshop: Workshop, **fields) -> Workshop:
    return _validated_save(workshop, fields)


def _training_days_set(training: Training, days: Iterable[datetime.date]) -> None:
    """Make the training's days exactly `days`: keep those that stay, add the
    new ones, remove the rest."""
    wanted = set(days)
    if not wanted:
        raise ValidationError({"days": _("Give at least one day of the training.")})
    training.days.exclude(held_on__in=wanted).delete()
    existing = set(training.days.values_list("held_on", flat=True))
    TrainingDay.objects.bulk_create(
        [TrainingDay(training=training, held_on=day) for day in sorted(wanted - existing)]
    )


@transaction.atomic
def training_record(*, area: Area, days: Iterable[datetime.date], **fields) -> Training:
    """Record a training of the area with its days (name, provider, started,
    finished, notes; `days` at least one date)."""
    training = _validated_save(Training(area=area), fields)
    _training_days_set(training, days)
    return training


@transaction.atomic
def training_update(
    *, training: Training, days: Iterable[datetime.date] | None = None, **fields
) -> Training:
    """Change a training; `days`, when given, replaces its days."""
    _validated_save(training, fields)
    if days is not None:
        _training_days_set(training, days)
    return training


# --- Client participation -------------------------------------------------------


@transaction.atomic
def participation_event_record(*, area: Area, **fields) -> ParticipationEvent:
    """Record an event of client participation (kind, held_on, title,
    participants, notes)."""
    return _validated_save(ParticipationEvent(area=area), fields)


@transaction.atomic
def participation_event_update(*, event: ParticipationEvent, **fields) -> ParticipationEvent:
    return _validated_save(event, fields)


# --- Communications -------------------------------------------------------------


@transaction.atomic
def media_item_record(*, area: Area, **fields) -> MediaItem:
    """Record a news item or blog post (kind, published_on, outlet, title, url)."""
    return _validated_save(MediaItem(area=area), fields)


@transaction.atomic
def media_item_update(*, item: MediaItem, **fields) -> MediaItem:
    return _validated_save(item, fields)


def _channel_spelling(area_id: int, channel: str, *, other_than: int | None = None) -> str:
    """The channel as the area already spells it: "facebook " becomes
    "Facebook" if that is recorded, so that one channel stays one channel."""
    channel = channel.strip()
    known = (
        FollowerCount.objects.filter(area_id=area_id, channel__iexact=channel)
        .exclude(pk=other_than)
        .values_list("channel", flat=True)
        .first()
    )
    return known or channel


@transaction.atomic
def follower_count_record(*, area: Area, channel: str, **fields) -> FollowerCount:
    """Record a channel's followers as read on a day (channel, counted_on,
    followers)."""
    channel = _channel_spelling(area.pk, channel)
    return _validated_save(FollowerCount(area=area), {"channel": channel, **fields})


@transaction.atomic
def follower_count_update(*, count: FollowerCount, **fields) -> FollowerCount:
    if "channel" in fields:
        fields["channel"] = _channel_spelling(count.area_id, fields["channel"], other_than=count.pk)
    return _validated_save(count, fields)
