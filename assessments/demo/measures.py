"""Outcome measures trialled on clients (DOMAIN.md): about 30 Kykyviisari
measurements repeated on 12 clients, a few ESY and Aikuisväestön
hyvinvointimittari ("ahm") ones, each repeated so that the change shows."""

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from assessments.models import MeasureArea, Measurement, MeasurementScore, OutcomeMeasure
from clients.demo import working_days_before

# measure code: how many measurements each bulk client of 2019 gets.  The
# named clients add 3 Kykyviisari, 2 ESY and 2 ahm (assessments/demo/named.py).
BULK_SERIES = {
    "kykyviisari": (3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2),
    "esy": (2, 2),
    "ahm": (2, 2),
}
FIRST_DAY = datetime.date(2018, 5, 2)  # after the Kykyviisari workshop of 27.4.2018
LAST_FIRST_DAY = datetime.date(2019, 5, 31)  # so that a series ends within 2019
MONTHS_BETWEEN = 3


def scores(measure: OutcomeMeasure, areas, *, series: int, step: int) -> dict:
    """Scores of one measurement: each area starts low to middling and moves
    half a point or more per measurement, mostly for the better."""
    low, high = measure.scale_min, measure.scale_max
    width = high - low
    result = {}
    for a, area in enumerate(areas):
        start = low + width * (0.25 + 0.1 * ((series + a) % 4))
        change = width * (0.12 if (series + a) % 5 else -0.06)
        if not measure.higher_is_better:
            start, change = high - (start - low), -change
        value = round((start + change * step) * 2) / 2
        result[area] = Decimal(str(min(max(value, low), high)))
    return result


def write_measurements(cases_2019) -> None:
    """The bulk series, on clients of 2019 assessed in the first half-year."""
    measures = {m.code: m for m in OutcomeMeasure.objects.filter(code__in=BULK_SERIES)}
    areas = {}
    for area in MeasureArea.objects.filter(measure__in=measures.values()):
        areas.setdefault(area.measure_id, []).append(area)
    candidates = sorted(
        (c for c in cases_2019 if FIRST_DAY <= c.completed_on <= LAST_FIRST_DAY),
        key=lambda c: (c.row.index * 613) % 1019,
    )
    # ESY was made for the young; the others for anyone.
    young = [c for c in candidates if c.row.age < 30]
    chosen = {"esy": young[: len(BULK_SERIES["esy"])]}
    rest = [c for c in candidates if c not in chosen["esy"]]
    chosen["kykyviisari"] = rest[: len(BULK_SERIES["kykyviisari"])]
    chosen["ahm"] = rest[len(chosen["kykyviisari"]) :][: len(BULK_SERIES["ahm"])]

    measurements, planned = [], []
    for code, counts in BULK_SERIES.items():
        measure = measures[code]
        for series, (case, count) in enumerate(zip(chosen[code], counts, strict=True)):
            for step in range(count):
                day = case.completed_on + relativedelta(months=MONTHS_BETWEEN * step)
                measurements.append(
                    Measurement(
                        client=case.client,
                        measure=measure,
                        measured_on=working_days_before(day, 0),
                        by=case.worker,
                        notes="Ensimmäinen mittaus." if step == 0 else "Seurantamittaus.",
                    )
                )
                planned.append(
                    scores(measure, areas[measure.pk], series=series + case.row.index, step=step)
                )
    created = Measurement.objects.bulk_create(measurements)
    MeasurementScore.objects.bulk_create(
        MeasurementScore(measurement=measurement, area=area, score=score)
        for measurement, chosen_scores in zip(created, planned, strict=True)
        for area, score in chosen_scores.items()
    )
