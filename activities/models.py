"""Staff development, client participation and communications of an area.

What the final report tells of these (DOMAIN.md, "Staff development",
"Client participation", "Communications"): the workshops (työpaja) and the
trainings (valmennus) with their days, the events through which clients took
part in developing the services, the news items and blog posts, and the
followers of the social-media channels.

Every record here belongs to a whole area, not to a unit, and holds no client
data: head-counts only, never names.  They are `AreaRecord`s, so every member
of staff of the area sees them (accounts/access.py).

The developer-client group (kehittäjäasiakasryhmä, "met 3 times") is not
modelled here: its meetings are the held sessions of a `groups`
FunctionalGroup of the kind developer_client, counted by the groups app.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.access import AreaRecord
from accounts.models import Area


def _not_in_future(day: datetime.date | None, field: str, message) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationError({field: message})


def _head_count_only_when_held(held_on, participants) -> None:
    """A head-count is a fact about something that has happened: an event
    planned ahead may be recorded, but its participants only once it is held."""
    if held_on is not None and participants is not None and held_on > timezone.localdate():
        raise ValidationError(
            {"participants": _("Record the participants once the event has been held.")}
        )


class Workshop(AreaRecord):
    """A workshop (työpaja) for the area's staff, e.g. on the client process
    of the Social Welfare Act or on structural social work."""

    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="workshops", verbose_name=_("area")
    )
    held_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    participants = models.PositiveIntegerField(
        _("participants"),
        null=True,
        blank=True,
        help_text=_("How many members of staff took part. Leave empty if not known."),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        indexes = [models.Index(fields=["area", "held_on"], name="workshop_area_held_on")]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "held_on", "topic"],
                name="workshop_unique_topic_on_day",
                violation_error_message=_(
                    "A workshop on this topic is already recorded on this day."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.topic

    def get_absolute_url(self) -> str:
        return reverse("activities:workshop_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        _head_count_only_when_held(self.held_on, self.participants)


class Training(AreaRecord):
    """A training (valmennus) bought for the area's staff, held on one or
    more days (`TrainingDay`).

    `started` counts the staff who started it, `finished` those who took part
    to the end (e.g. dialogism: 17 started, 13 finished).  For a one-day
    training both are the head-count of the day.
    """

    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="trainings", verbose_name=_("area")
    )
    name = models.CharField(_("name"), max_length=200)
    provider = models.CharField(
        _("organised by"), max_length=200, blank=True, help_text=_("Who organised or taught it.")
    )
    started = models.PositiveIntegerField(_("staff who started"))
    finished = models.PositiveIntegerField(
        _("staff who finished"),
        null=True,
        blank=True,
        help_text=_("Leave empty while the training is still under way."),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "name"],
                name="training_unique_name_in_area",
                violation_error_message=_("A training of this name is already recorded."),
            ),
            models.CheckConstraint(
                condition=Q(finished__isnull=True) | Q(finished__lte=F("started")),
                name="training_finished_not_above_started",
                violation_error_message=_("More staff cannot finish the training than started it."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("activities:training_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.started is not None and self.finished is not None and self.finished > self.started:
            raise ValidationError(
                {"finished": _("More staff cannot finish the training than started it.")}
            )


class TrainingDay(AreaRecord):
    """One day of a training.  The report counts these ("8 training days")."""

    access_area_path = "training__area"

    training = models.ForeignKey(
        Training, on_delete=models.CASCADE, related_name="days", verbose_name=_("training")
    )
    held_on = models.DateField(_("date"))

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("training day")
        verbose_name_plural = _("training days")
        indexes = [models.Index(fields=["held_on"], name="training_day_held_on")]
        constraints = [
            models.UniqueConstraint(
                fields=["training", "held_on"],
                name="training_day_unique_per_training",
                violation_error_message=_("The training already has this day."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.training} {self.held_on:%d.%m.%Y}"


class ParticipationKind(models.TextChoices):
    """How clients took part in developing the services."""

    CLIENT_AFTERNOON = "client_afternoon", _("client afternoon")
    SURVEY = "survey", _("survey")
    CONTEST = "contest", _("contest")
    OTHER = "other", _("other")


class ParticipationEvent(AreaRecord):
    """An event of client participation (asiakasosallisuus): a client
    afternoon, a survey of wished-for groups, a picture contest.  Only the
    head-count of clients is recorded, never who they were."""

    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="participation_events",
        verbose_name=_("area"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ParticipationKind.choices)
    held_on = models.DateField(
        _("date"), help_text=_("For a survey or a contest, the day it closed.")
    )
    title = models.CharField(_("name"), max_length=200)
    participants = models.PositiveIntegerField(
        _("clients who took part"),
        null=True,
        blank=True,
        help_text=_("A head-count only. Leave empty if not known."),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("participation event")
        verbose_name_plural = _("participation events")
        indexes = [
            models.Index(fields=["area", "held_on"], name="participation_area_held_on"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "held_on", "title"],
                name="participation_unique_title_on_day",
                violation_error_message=_(
                    "An event of this title is already recorded on this day."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:participation_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        _head_count_only_when_held(self.held_on, self.participants)


class MediaKind(models.TextChoices):
    """Where the news of the work appeared."""

    TV = "tv", _("television")
    RADIO = "radio", _("radio")
    NEWSPAPER = "newspaper", _("newspaper")
    BLOG = "blog", _("blog post")
    SOCIAL_MEDIA = "social_media", _("social media")
    OTHER = "other", _("other")


class MediaItem(AreaRecord):
    """A news item, interview or blog post about the area's adult social work."""

    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="media_items", verbose_name=_("area")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MediaKind.choices)
    published_on = models.DateField(_("published on"))
    outlet = models.CharField(
        _("outlet"), max_length=200, help_text=_("E.g. Yle, the local paper, Essote's blog.")
    )
    title = models.CharField(_("headline"), max_length=300)
    url = models.URLField(_("web address"), blank=True)

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("media item")
        verbose_name_plural = _("media items")
        indexes = [
            models.Index(fields=["area", "published_on"], name="media_item_area_published"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "kind", "published_on", "outlet", "title"],
                name="media_item_unique_per_outlet_day",
                violation_error_message=_(
                    "This item of the outlet is already recorded on this day."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.outlet}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("activities:media_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        _not_in_future(self.published_on, "published_on", _("The date cannot be in the future."))


class FollowerCount(AreaRecord):
    """The followers of a social-media channel (e.g. the Facebook page) as
    read on a day.  An observation: it cannot be dated in the future."""

    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="follower_counts", verbose_name=_("area")
    )
    channel = models.CharField(
        _("social-media channel"), max_length=100, help_text=_("E.g. Facebook.")
    )
    counted_on = models.DateField(_("counted on"))
    followers = models.PositiveIntegerField(_("followers"))

    class Meta:
        ordering = ["channel", "-counted_on", "-id"]
        verbose_name = _("follower count")
        verbose_name_plural = _("follower counts")
        constraints = [
            # Also the index of "the latest count on or before a day".
            models.UniqueConstraint(
                fields=["area", "channel", "counted_on"],
                name="follower_count_one_per_day",
                violation_error_message=_("This channel already has a count on this day."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.counted_on:%d.%m.%Y}: {self.followers}"

    def get_absolute_url(self) -> str:
        return reverse("activities:followers_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        _not_in_future(self.counted_on, "counted_on", _("A count cannot be dated in the future."))
