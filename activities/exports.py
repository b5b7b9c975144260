"""Columns of the activities lists' CSV and XLSX exports (accounts/exports.py)."""

from django.utils.translation import gettext_lazy as _

from accounts.exports import Column, model_columns
from activities.models import FollowerCount, MediaItem, ParticipationEvent, Training, Workshop

WORKSHOP_COLUMNS = model_columns(Workshop, ["held_on", "topic", "participants", "notes"])
TRAINING_COLUMNS = [
    *model_columns(Training, ["name", "provider", "started", "finished", "notes"]),
    Column("first_day", _("first day")),
    Column("last_day", _("last day")),
    Column("day_count", _("days")),
]
PARTICIPATION_COLUMNS = model_columns(
    ParticipationEvent, ["held_on", "kind", "title", "participants", "notes"]
)
MEDIA_COLUMNS = model_columns(MediaItem, ["published_on", "kind", "outlet", "title", "url"])
FOLLOWER_COLUMNS = model_columns(FollowerCount, ["counted_on", "channel", "followers"])
