"""Demo client work: service-need assessments of 2017-2019 and today's cases.

* The 326 assessments of 2019 reproduce the project's published analysis
  (design.py); about 150 of 2017 and 200 of 2018 come from a seeded
  generator (history.py).  Their clients are D1000001... (build.py).
* The named clients D0000001... get assessments, a draft and measurements
  relative to the day of the first load (named.py).

Idempotent: the bulk is written once, in one transaction, and skipped when
its clients exist; named clients are completed one by one.
"""

from django.db import transaction
from django.db.models import Count, Q

from assessments.demo.build import load_bulk
from assessments.demo.named import load_named
from assessments.models import AssessmentStatus, Measurement, ServiceNeedAssessment
from clients.models import Client, ClientPlan, Initiation, SupportPersonService

BULK_PREFIX = "D1"


def load_demo(out) -> None:
    with transaction.atomic():
        load_named()
        if not Client.objects.filter(client_number__startswith=BULK_PREFIX).exists():
            load_bulk()

    completed = ServiceNeedAssessment.objects.filter(status=AssessmentStatus.COMPLETED)
    by_year = completed.aggregate(
        all=Count("pk"),
        **{
            str(year): Count("pk", filter=Q(completed_on__year=year)) for year in (2017, 2018, 2019)
        },
    )
    measures = dict(
        Measurement.objects.values_list("measure__code").annotate(n=Count("pk")).order_by()
    )
    out.write(
        f"Demo client work: {Client.objects.count()} clients, "
        f"{by_year['all']} completed assessments (2017: {by_year['2017']}, "
        f"2018: {by_year['2018']}, 2019: {by_year['2019']}), "
        f"{Initiation.objects.count()} initiations, {ClientPlan.objects.count()} client plans, "
        f"{sum(measures.values())} measurements "
        f"({', '.join(f'{code} {n}' for code, n in sorted(measures.items()))}), "
        f"{SupportPersonService.objects.count()} support-person services."
    )
