"""Writes of the assessments app: the life cycle of an assessment."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import (
    Amendment,
    AssessmentStatus,
    Measurement,
    MeasurementScore,
    ServiceNeedAssessment,
)
from clients.services import ConcurrentEditError

# What a completed assessment must hold: the conclusion and the structured
# fields the statistics count (a missing one would silently drop the client
# from a figure).
REQUIRED_FOR_COMPLETION = (
    "professional_conclusion",
    "housing_type",
    "education",
    "labour_market_status",
    "income_sufficiency",
    "violence",
)
REQUIRED_MANY_FOR_COMPLETION = ("support_needs", "illnesses")


def assessment_start(*, client, by, started_on: datetime.date, initiation=None):
    """Open a draft assessment."""
    if initiation is None:
        initiation = client.initiations.filter(initiated_on__lte=started_on).first()
    return ServiceNeedAssessment.objects.create(
        client=client, initiation=initiation, started_on=started_on, started_by=by
    )


@transaction.atomic
def assessment_save(
    *, assessment: ServiceNeedAssessment, expected_version: int, fields: dict, many: dict
) -> ServiceNeedAssessment:
    """Save a draft.  Refused if it is locked or someone else saved first.

    The conditional UPDATE on `version` claims the row: of two people saving
    the same version, exactly one succeeds and the other is told.
    """
    claimed = ServiceNeedAssessment.objects.filter(
        pk=assessment.pk, version=expected_version, status=AssessmentStatus.DRAFT
    ).update(version=F("version") + 1, updated_at=timezone.now(), **fields)
    if not claimed:
        assessment.refresh_from_db()
        if assessment.is_locked:
            raise ValidationError(_("The assessment is completed; correct it with an amendment."))
        raise ConcurrentEditError
    for name, codes in many.items():
        getattr(assessment, name).set(codes)
    assessment.refresh_from_db()
    return assessment


def missing_for_completion(assessment: ServiceNeedAssessment) -> list[str]:
    """Names of the fields still empty that completion needs."""
    missing = [
        name
        for name in REQUIRED_FOR_COMPLETION
        if not getattr(assessment, name + "_id", None) and not getattr(assessment, name, None)
    ]
    missing += [
        name for name in REQUIRED_MANY_FOR_COMPLETION if not getattr(assessment, name).exists()
    ]
    return missing


@transaction.atomic
def assessment_complete(
    *, assessment: ServiceNeedAssessment, by, completed_on: datetime.date, expected_version: int
) -> ServiceNeedAssessment:
    """Complete and lock the assessment, with a snapshot for the statistics."""
    missing = missing_for_completion(assessment)
    if missing:
        raise ValidationError(
            _("Fill in before completing: %(fields)s"),
            params={
                "fields": ", ".join(
                    str(ServiceNeedAssessment._meta.get_field(name).verbose_name)
                    for name in missing
                )
            },
            code="incomplete",
        )
    if completed_on < assessment.started_on:
        raise ValidationError(_("The assessment cannot be completed before it started."))
    if completed_on > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."))
    client = assessment.client
    claimed = ServiceNeedAssessment.objects.filter(
        pk=assessment.pk, version=expected_version, status=AssessmentStatus.DRAFT
    ).update(
        status=AssessmentStatus.COMPLETED,
        completed_on=completed_on,
        completed_by=by,
        age_at_completion=client.age_on(completed_on),
        sex_at_completion=client.sex,
        unit_at_completion=client.unit_id,
        municipality_at_completion=client.municipality_id,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    if not claimed:
        raise ConcurrentEditError
    assessment.refresh_from_db()
    return assessment


def _shown(value) -> str:
    if hasattr(value, "all"):
        return ", ".join(str(code) for code in value.all())
    if value is None or value == "":
        return "–"
    return str(value)


@transaction.atomic
def assessment_amend(
    *, assessment: ServiceNeedAssessment, by, reason: str, fields: dict, many: dict
) -> Amendment:
    """Correct a completed assessment; the amendment records what changed."""
    if not assessment.is_locked:
        raise ValidationError(_("A draft is edited directly, not amended."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for the amendment."))
    locked = ServiceNeedAssessment.objects.select_for_update().get(pk=assessment.pk)
    changes = {}
    for name, value in fields.items():
        before = getattr(locked, name)
        if before != value:
            label = str(ServiceNeedAssessment._meta.get_field(name).verbose_name)
            changes[label] = [_shown(before), _shown(value)]
            setattr(locked, name, value)
    for name, codes in many.items():
        before = set(getattr(locked, name).all())
        if before != set(codes):
            label = str(ServiceNeedAssessment._meta.get_field(name).verbose_name)
            changes[label] = [
                _shown(getattr(locked, name)),
                ", ".join(str(c) for c in codes) or "–",
            ]
            getattr(locked, name).set(codes)
    if not changes:
        raise ValidationError(_("The amendment changes nothing."))
    locked.version += 1
    locked.save()
    return Amendment.objects.create(assessment=locked, by=by, reason=reason, changes=changes)


@transaction.atomic
def measurement_record(
    *, client, measure, by, measured_on: datetime.date, scores: dict, notes: str = ""
):
    """Record one measurement with a score for every area of the measure."""
    areas = list(measure.areas.all())
    missing = [area.name for area in areas if scores.get(area) is None]
    if missing:
        raise ValidationError(
            _("Give a score for every area: %(areas)s"), params={"areas": ", ".join(missing)}
        )
    measurement = Measurement.objects.create(
        client=client, measure=measure, by=by, measured_on=measured_on, notes=notes
    )
    MeasurementScore.objects.bulk_create(
        MeasurementScore(measurement=measurement, area=area, score=scores[area]) for area in areas
    )
    return measurement
