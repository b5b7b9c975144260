"""Reads of the final report's narrative sections."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from reports.final_report.services import NEW_VERSION
from reports.models import NarrativeSection, ReportNarrative


class NarrativeStatus:
    EMPTY = "empty"
    DRAFT = "draft"
    PUBLISHED = "published"

    LABELS = {
        EMPTY: pgettext_lazy("narrative status", "empty"),
        DRAFT: pgettext_lazy("narrative status", "draft"),
        PUBLISHED: pgettext_lazy("narrative status", "published"),
    }


@dataclass
class SectionState:
    section: NarrativeSection
    narrative: ReportNarrative

    @property
    def status(self) -> str:
        """Published: the draft is what prints.  Draft: there is text that
        does not print as it stands (never published, or changed since).
        Empty: nothing written."""
        if self.narrative.text and self.narrative.text == self.narrative.draft:
            return NarrativeStatus.PUBLISHED
        if self.narrative.draft or self.narrative.text:
            return NarrativeStatus.DRAFT
        return NarrativeStatus.EMPTY

    @property
    def status_label(self):
        return NarrativeStatus.LABELS[self.status]

    @property
    def has_unpublished_changes(self) -> bool:
        return bool(self.narrative.text) and self.narrative.text != self.narrative.draft

    @property
    def version(self) -> int:
        return self.narrative.version if self.narrative.pk else NEW_VERSION


UNPUBLISHED_NOTE = _("Changed since publishing: the report prints the published text.")


def narrative_of(*, area, section: str) -> ReportNarrative:
    """The area's narrative of a section, or a new unsaved one."""
    found = ReportNarrative.objects.filter(area=area, section=section).select_related("updated_by")
    return found.first() or ReportNarrative(area=area, section=section)


def narrative_sections(*, area) -> list[SectionState]:
    """Every section of the area's final report in the report's order, with
    its narrative (an unsaved one where nothing is written).  One query."""
    saved = {
        n.section: n for n in ReportNarrative.objects.filter(area=area).select_related("updated_by")
    }
    return [
        SectionState(
            section, saved.get(section.value) or ReportNarrative(area=area, section=section)
        )
        for section in NarrativeSection
    ]
