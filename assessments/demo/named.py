"""Assessments and measurements of the named demo clients (clients/demo.py),
written through the services as a worker would, relative to the day of the
first demo load."""

from django.utils import timezone

from assessments.demo.measures import scores
from assessments.models import OutcomeMeasure
from assessments.services import (
    assessment_complete,
    assessment_save,
    assessment_start,
    measurement_record,
)
from clients.demo import unit_workers, working_days_before
from clients.models import Client, Code

# number, started and completed (working days ago; None: a draft), then codes:
# housing, housing problems, social network, education, labour-market status,
# illnesses, support needs, services needed, income sufficiency, violence
ASSESSMENTS = [
    ("D0000001", 115, 108, "1", ("1",), ("1",), "3", "1", ("2",), ("2", "3", "8"),
     ("1", "8", "9"), "3", "2"),
    ("D0000002", 5, None, "1", ("3",), ("2",), "4", "4", (), (), (), "", ""),
    ("D0000003", 275, 268, "1", ("3",), ("1", "2"), "1", "1", ("3",), ("3", "4", "8"),
     ("1", "3", "10"), "2", "2"),
    ("D0000004", 45, 40, "4", ("9",), ("3",), "2", "5", ("1", "2"), ("3", "4", "8"),
     ("1", "6", "7"), "3", "1"),
    ("D0000005", 25, 20, "5", ("2",), ("1", "3"), "1", "1", ("1",), ("2", "3", "8"),
     ("1", "5", "6", "8"), "3", "9"),
    ("D0000007", 205, 200, "2", ("6",), ("2",), "3", "6", ("2", "3"), ("1", "3", "8"),
     ("1", "2", "9"), "2", "2"),
]  # fmt: skip
CONCLUSION = "Tuen tarve on todettu; laaditaan asiakassuunnitelma ja nimetään omatyöntekijä."

# number, measure code, measured (working days ago)
MEASUREMENTS = [
    ("D0000001", "kykyviisari", (110, 60, 10)),
    ("D0000003", "esy", (270, 150)),
    ("D0000004", "ahm", (42, 8)),
]


def _assess(client, worker, today, row, codes) -> None:
    (_, started, completed, housing, problems, network, education, labour, illnesses, needs,
     services, income, violence) = row  # fmt: skip
    assessment = assessment_start(
        client=client, by=worker, started_on=working_days_before(today, started)
    )
    fields = {
        "client_situation": "Asiakas kertoo tilanteestaan ensimmäisellä tapaamisella.",
        "housing_type": codes[("housing_type", housing)],
        "education": codes[("education", education)],
        "labour_market_status": codes[("labour_market_status", labour)],
    }
    many = {
        "housing_problems": [codes[("housing_problem", c)] for c in problems],
        "social_network": [codes[("social_network", c)] for c in network],
    }
    if completed is not None:
        fields |= {
            "client_view": "Haluaa saada tilanteensa järjestykseen.",
            "professional_conclusion": CONCLUSION,
            "income_sufficiency": codes[("income_sufficiency", income)],
            "violence": codes[("violence_experience", violence)],
            "relationship_continues": True,
            "needs_responsible_worker": True,
        }
        many |= {
            "illnesses": [codes[("illness", c)] for c in illnesses],
            "support_needs": [codes[("support_need", c)] for c in needs],
            "services_needed": [codes[("service_needed", c)] for c in services],
        }
    assessment = assessment_save(
        assessment=assessment, expected_version=assessment.version, fields=fields, many=many
    )
    if completed is not None:
        assessment_complete(
            assessment=assessment,
            by=worker,
            completed_on=working_days_before(today, completed),
            expected_version=assessment.version,
        )


def load_named() -> None:
    """Once per client: a client who already has an assessment or a
    measurement is left as it is."""
    today = timezone.localdate()
    clients = {
        c.client_number: c
        for c in Client.objects.filter(client_number__startswith="D0").select_related("unit")
    }
    workers = unit_workers()
    codes = {(c.code_list.key, c.code): c for c in Code.objects.select_related("code_list")}
    for row in ASSESSMENTS:
        client = clients.get(row[0])
        if client is None or client.assessments.exists():
            continue
        worker = client.responsible_worker or workers[client.unit.code][0]
        _assess(client, worker, today, row, codes)

    measures = {m.code: m for m in OutcomeMeasure.objects.prefetch_related("areas")}
    for series, (number, code, days_ago) in enumerate(MEASUREMENTS):
        client = clients.get(number)
        if client is None or client.measurements.exists():
            continue
        measure = measures[code]
        areas = list(measure.areas.all())
        for step, days in enumerate(days_ago):
            measurement_record(
                client=client,
                measure=measure,
                by=client.responsible_worker or workers[client.unit.code][0],
                measured_on=working_days_before(today, days),
                scores=scores(measure, areas, series=series, step=step),
                notes="" if step else "Ensimmäinen mittaus palvelutarpeen arvioinnin yhteydessä.",
            )
