"""Writes the bulk demo (clients D1000001...): clients, initiations with their
statutory due dates, completed assessments of 2017-2019, client plans,
closures and the professional support-person service.

Everything is written with bulk_create (a few dozen queries in all), so the
first load stays fast on SQLite.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from accounts.models import Municipality, Unit
from assessments.demo import profile
from assessments.demo.design import Row, design_2019
from assessments.demo.history import history_rows
from assessments.demo.measures import write_measurements
from assessments.models import AssessmentStatus, ServiceNeedAssessment
from clients.deadlines import ClientCircumstances, deadlines_for, is_working_day
from clients.demo import demo_identity_code, unit_workers, working_days_before
from clients.models import (
    Client,
    ClientPlan,
    Closure,
    Code,
    Initiation,
    InitiationChannel,
    SupportPersonService,
)
from clients.services import _identity_code_fields

SEED = 2019
LAST_DAY_2019 = datetime.date(2019, 12, 17)  # the report's "326 (17.12.2019)"
COUNT_2017, NEW_2018, REPEATED_2018 = 150, 140, 60

# Professional support-person service: 5 clients of the surrounding
# municipalities' adult social work, about 16 hours a month for 3-6 months.
SUPPORT_PERSON_PROVIDER = "Tukihenkilöpalvelu Oy (demo)"
SUPPORT_PERSONS = [
    # unit, starts, months, hours a month
    ("juva-as", datetime.date(2019, 2, 4), 6, 16),
    ("kangasniemi-as", datetime.date(2019, 3, 11), 4, 16),
    ("mantyharju-as", datetime.date(2019, 4, 1), 5, 16),
    ("puumala-as", datetime.date(2019, 5, 6), 3, 14),
    ("hirvensalmi-as", datetime.date(2019, 6, 3), 6, 18),
]


@dataclass
class Case:
    """One completed assessment to write, with its client and its dates."""

    row: Row
    client_number: str
    completed_on: datetime.date
    started_on: datetime.date | None = None
    initiated_on: datetime.date | None = None
    support_person: bool = False
    client: Client | None = None
    worker: object = None  # the unit's worker who does the assessment


def age_on(born: datetime.date, day: datetime.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def working_days(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    days = (first + datetime.timedelta(days=n) for n in range((last - first).days + 1))
    return [day for day in days if is_working_day(day)]


def _spread_over(rows: list[Row], days: list[datetime.date]) -> list[tuple[Row, datetime.date]]:
    """Completion days spread evenly over the year, units mixed."""
    ordered = sorted(rows, key=lambda row: (row.index * 7919 + 6 * 104729) % 1009)
    return [(row, days[k * len(days) // len(ordered)]) for k, row in enumerate(ordered)]


def plan_cases() -> tuple[list[Case], dict[str, dict]]:
    """The cases of 2017-2019 and the people behind them, by client number."""
    rng = random.Random(SEED)
    rows_2019 = design_2019()
    rows_2017 = history_rows(rng, COUNT_2017, first_index=len(rows_2019))
    rows_2018 = history_rows(rng, NEW_2018, first_index=len(rows_2019) + COUNT_2017)

    cases = []
    spans = (
        (rows_2019, datetime.date(2019, 1, 2), LAST_DAY_2019),
        (rows_2017, datetime.date(2017, 1, 9), datetime.date(2017, 12, 20)),
        (rows_2018, datetime.date(2018, 1, 8), datetime.date(2018, 12, 19)),
    )
    for rows, first, last in spans:
        for row, day in _spread_over(rows, working_days(first, last)):
            cases.append(Case(row=row, client_number=f"D1{row.index + 1:06d}", completed_on=day))
    people = {
        case.client_number: profile.person(case.row, case.completed_on) | {"row": case.row}
        for case in cases
    }

    # Some clients of 2019 were assessed a year earlier too.
    cases_2019 = cases[: len(rows_2019)]
    repeated = sorted(cases_2019, key=lambda case: (case.row.index * 389) % 1013)[:REPEATED_2018]
    for case in repeated:
        day = working_days_before(case.completed_on - datetime.timedelta(days=365), 0)
        born = people[case.client_number]["date_of_birth"]
        row = Row(**{**case.row.__dict__, "age": age_on(born, day)})
        cases.append(Case(row=row, client_number=case.client_number, completed_on=day))

    _mark_support_persons(cases_2019)
    _schedule(cases, people)
    return cases, people


def _mark_support_persons(cases_2019: list[Case]) -> None:
    for unit, starts, *_ in SUPPORT_PERSONS:
        case = min(
            (
                c
                for c in cases_2019
                if c.row.unit == unit and c.completed_on < starts and c.row.age < 65
            ),
            key=lambda c: (c.row.labour == "1", c.completed_on),
        )
        case.support_person = True


def highest_care_allowance(row: Row) -> bool:
    """A few pensioners with another illness receive the highest care allowance."""
    return row.labour == "2" and "3" in row.illnesses and row.index % 7 == 1


def _schedule(cases: list[Case], people: dict[str, dict]) -> None:
    """Start and initiation days.  Where SHL §36 sets the 7-working-day limit,
    most start within it and every fifth starts late."""
    statutory = 0
    for case in cases:
        i = case.row.index
        case.started_on = working_days_before(case.completed_on, (0, 1, 3, 5, 8, 12)[i % 6])
        person = people[case.client_number]
        if (
            highest_care_allowance(person["row"])
            or age_on(person["date_of_birth"], case.started_on) >= 75
        ):
            late = statutory % 5 == 4
            days = 8 + statutory % 4 if late else (2, 3, 4, 5, 6, 7, 1)[statutory % 7]
            statutory += 1
        else:
            days = (2, 4, 6, 9, 13, 18)[i % 6]
        case.initiated_on = working_days_before(case.started_on, days)


def _code_table() -> dict[tuple[str, str], Code]:
    keys = set(ServiceNeedAssessment.CODE_FIELDS.values())
    keys |= set(ServiceNeedAssessment.MULTI_CODE_FIELDS.values())
    keys |= {"notifier", "closure_reason"}
    return {
        (code.code_list.key, code.code): code
        for code in Code.objects.filter(code_list__key__in=keys).select_related("code_list")
    }


def load_bulk() -> None:
    cases, people = plan_cases()
    units = {unit.code: unit for unit in Unit.objects.all()}
    municipalities = {m.code: m for m in Municipality.objects.all()}
    workers = unit_workers()
    codes = _code_table()

    clients = _write_clients(people, units, municipalities)
    for case in cases:
        case.client = clients[case.client_number]
        case.worker = workers[case.row.unit][case.row.index % len(workers[case.row.unit])]
    initiations = _write_initiations(cases, people, codes)
    _write_assessments(cases, initiations, codes)
    _write_plans_and_closures(cases, codes)
    write_measurements([case for case in cases if case.completed_on.year == 2019])
    SupportPersonService.objects.bulk_create(
        SupportPersonService(
            client=case.client,
            by=case.worker,
            provider=SUPPORT_PERSON_PROVIDER,
            starts_on=starts,
            ends_on=starts + relativedelta(months=months, days=-1),
            hours_per_month=Decimal(hours),
        )
        for (unit, starts, months, hours), case in zip(
            SUPPORT_PERSONS,
            sorted((c for c in cases if c.support_person), key=_unit_order),
            strict=True,
        )
    )


def _unit_order(case: Case) -> int:
    return [unit for unit, *_ in SUPPORT_PERSONS].index(case.row.unit)


def _write_clients(people, units, municipalities) -> dict[str, Client]:
    used = set()
    objects = []
    for number, person in people.items():
        row = person["row"]
        born, individual = person["date_of_birth"], person["individual_number"]
        while (born, individual) in used:
            individual = 900 + (individual - 900 + 2) % 100
        used.add((born, individual))
        objects.append(
            Client(
                client_number=number,
                first_name=person["first_name"],
                last_name=person["last_name"],
                date_of_birth=born,
                sex=row.sex,
                mother_tongue=person["mother_tongue"],
                municipality=municipalities[person["municipality"]],
                unit=units[row.unit],
                highest_care_allowance=highest_care_allowance(row),
                **_identity_code_fields(demo_identity_code(born, individual)),
            )
        )
    created = Client.objects.bulk_create(objects, batch_size=500)
    return {client.client_number: client for client in created}


def _write_initiations(cases, people, codes) -> list[Initiation]:
    notifiers = ("4", "2", "6", "5", "3")
    objects = []
    for case in cases:
        i = case.row.index
        channel = (
            InitiationChannel.NOTICE,
            InitiationChannel.OWN_CONTACT,
            InitiationChannel.REFERRAL,
        )[i % 3]
        due = {"start": None, "completion": None}
        rules = []
        circumstances = ClientCircumstances(
            date_of_birth=case.client.date_of_birth,
            highest_care_allowance=case.client.highest_care_allowance,
        )
        for deadline in deadlines_for(initiated_on=case.initiated_on, circumstances=circumstances):
            due[deadline.rule.measures] = deadline.due
            rules.append(deadline.rule.code)
        objects.append(
            Initiation(
                client=case.client,
                by=case.worker,
                initiated_on=case.initiated_on,
                channel=channel,
                notifier=(
                    codes[("notifier", notifiers[i % 5])]
                    if channel == InitiationChannel.NOTICE
                    else None
                ),
                summary=profile.INITIATION_SUMMARIES[i % len(profile.INITIATION_SUMMARIES)],
                assessment_start_due_on=due["start"],
                assessment_completion_due_on=due["completion"],
                deadline_rules=",".join(rules),
            )
        )
    return Initiation.objects.bulk_create(objects, batch_size=500)


def _write_assessments(cases, initiations, codes) -> None:
    objects = []
    many = []
    for case, initiation in zip(cases, initiations, strict=True):
        row, client = case.row, case.client
        housing_type, problems = profile.housing(row)
        income = profile.income_sufficiency(row)
        objects.append(
            ServiceNeedAssessment(
                client=client,
                initiation=initiation,
                status=AssessmentStatus.COMPLETED,
                started_on=case.started_on,
                completed_on=case.completed_on,
                started_by=case.worker,
                completed_by=case.worker,
                housing_type=codes[("housing_type", housing_type)],
                education=codes[("education", row.education)],
                labour_market_status=codes[("labour_market_status", row.labour)],
                income_sufficiency=codes[("income_sufficiency", income)],
                violence=codes[("violence_experience", profile.violence(row))],
                age_at_completion=age_on(client.date_of_birth, case.completed_on),
                sex_at_completion=client.sex,
                unit_at_completion=client.unit,
                municipality_at_completion=client.municipality,
                **profile.texts(row),
            )
        )
        many.append(
            {
                "housing_problems": problems,
                "social_network": profile.social_network(row),
                "illnesses": row.illnesses,
                "support_needs": row.support_needs,
                "services_needed": profile.services_needed(
                    row,
                    income=income,
                    housing_type=housing_type,
                    problems=problems,
                    support_person=case.support_person,
                ),
            }
        )
    assessments = ServiceNeedAssessment.objects.bulk_create(objects, batch_size=500)
    for field, list_key in ServiceNeedAssessment.MULTI_CODE_FIELDS.items():
        through = getattr(ServiceNeedAssessment, field).through
        through.objects.bulk_create(
            (
                through(serviceneedassessment_id=assessment.pk, code_id=codes[(list_key, c)].pk)
                for assessment, chosen in zip(assessments, many, strict=True)
                for c in chosen[field]
            ),
            batch_size=1000,
        )


def _write_plans_and_closures(cases, codes) -> None:
    """Client plans after most assessments of 2018-2019; the clients seen
    only in 2017-2018 have since closed."""
    last_case = {}
    for case in sorted(cases, key=lambda c: c.completed_on):
        last_case[case.client_number] = case
    plans = []
    for case in cases:
        i = case.row.index
        if case.completed_on.year == 2017 or i % 5 in (3, 4):
            continue
        drawn_up = working_days_before(case.completed_on + datetime.timedelta(days=7 + i % 9), 0)
        plans.append(
            ClientPlan(
                client=case.client,
                by=case.worker,
                drawn_up_on=drawn_up,
                goals=profile.PLAN_GOALS[i % len(profile.PLAN_GOALS)],
                agreed_services=profile.PLAN_SERVICES[i % len(profile.PLAN_SERVICES)],
                review_on=drawn_up + relativedelta(months=6) if i % 4 != 3 else None,
            )
        )
    ClientPlan.objects.bulk_create(plans, batch_size=500)
    reasons = ("1", "2", "3", "5", "4", "1", "9", "2")
    Closure.objects.bulk_create(
        (
            Closure(
                client=case.client,
                by=case.worker,
                closed_on=working_days_before(
                    case.completed_on + datetime.timedelta(days=60 + case.row.index % 240), 0
                ),
                reason=codes[("closure_reason", reasons[case.row.index % len(reasons)])],
            )
            for case in last_case.values()
            if case.completed_on.year < 2019
        ),
        batch_size=500,
    )
