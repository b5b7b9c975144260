"""Writes of the final report's narrative sections."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.models import ReportNarrative

# The version a form carries for a section that has never been saved.
NEW_VERSION = 0


class StaleNarrative(Exception):
    """Someone else saved the section after this user opened it."""

    message = _(
        "Someone else saved this section while you were editing it, so your text was not "
        "saved. Your text is still in the box below: compare it with the saved version, "
        "then save again."
    )


@transaction.atomic
def narrative_save(
    *, narrative: ReportNarrative, draft: str, version: int, by, publish: bool = False
) -> ReportNarrative:
    """Save the draft of a section; with `publish`, also make it the text
    that the report prints.

    `version` is the version the user's form was opened at (NEW_VERSION for
    a section never saved).  The save is one conditional UPDATE on it (or an
    INSERT that the unique (area, section) key refuses if someone created the
    section first), so of two people editing at once the second is refused
    with StaleNarrative and nothing of either is lost.
    """
    now = timezone.now()
    fields = {"draft": draft, "updated_by": by, "updated_at": now}
    if publish:
        fields.update(text=draft, published_at=now)
    if narrative.pk is None:
        if version != NEW_VERSION:
            raise StaleNarrative
        try:
            with transaction.atomic():
                return ReportNarrative.objects.create(
                    area=narrative.area, section=narrative.section, version=1, **fields
                )
        except IntegrityError as error:
            raise StaleNarrative from error
    updated = ReportNarrative.objects.filter(pk=narrative.pk, version=version).update(
        version=F("version") + 1, **fields
    )
    if not updated:
        raise StaleNarrative
    narrative.refresh_from_db()
    return narrative
