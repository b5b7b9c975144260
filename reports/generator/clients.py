"""Generated clients of one unit and their process: initiations with the
statutory clock of SHL §36, urgency and special-support assessments,
service-need assessments with their code lists, client plans, closures, the
support-person service and outcome measurements.

Everything is consistent the way the services make it: a completed
assessment has its completion day and its snapshot (age, sex, unit and
municipality then); an initiation of a client aged 75 or over, or on the
highest care allowance, carries its 7-working-day start limit
(clients/deadlines.py); plans, closures and measurements follow the
assessment they belong to; nothing is dated after the period's end.

Identity codes: valid codes with the temporary individual numbers 900-999
only, unique within the run (about 100 a birth date, which is plenty); a
client whose draws keep colliding gets none.  Tokens are real Fernet tokens
under the configured key, so the client page can show them.
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from assessments.models import (
    AssessmentStatus,
    MeasureArea,
    Measurement,
    MeasurementScore,
    OutcomeMeasure,
    ServiceNeedAssessment,
)
from clients.crypto import encrypt_identity_code, identity_code_digest
from clients.deadlines import ClientCircumstances, deadlines_for
from clients.identity_code import compute_check_character
from clients.models import (
    Client,
    ClientPlan,
    Closure,
    Code,
    Initiation,
    InitiationChannel,
    SpecialSupportAssessment,
    SupportPersonService,
    UrgencyAssessment,
)
from reports.generator.loader import Loader, moment
from reports.generator.organisation import GeneratedUnit

DAY = datetime.timedelta(days=1)

FIRST_NAMES = {
    "female": ["Anna", "Maria", "Aino", "Liisa", "Sari", "Tiina", "Minna", "Riikka", "Helmi",
               "Johanna", "Paula", "Emilia", "Kaisa", "Satu", "Laura", "Elina"],
    "male": ["Matti", "Juha", "Mikko", "Timo", "Jari", "Pekka", "Antti", "Ville", "Eino",
             "Tapio", "Kari", "Janne", "Teemu", "Jussi", "Markku", "Ari"],
}  # fmt: skip
LAST_NAMES = ["Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine",
              "Heikkinen", "Koskinen", "Järvinen", "Lehtonen", "Lehtinen", "Saarinen", "Salminen",
              "Heinonen", "Niemi", "Heikkilä", "Kinnunen", "Salonen", "Turunen", "Salo",
              "Laitinen", "Tuominen", "Rantanen", "Karjalainen", "Jokinen", "Mattila", "Savolainen",
              "Lahtinen", "Ahonen"]  # fmt: skip
SUMMARIES = ["Toimeentulo ja vuokrarästit.", "Asunnon menetyksen uhka.", "Päihteiden käyttö.",
             "Yksinäisyys ja jaksaminen.", "Työttömyyden pitkittyminen.", "Velkaantuminen.",
             "Kotona pärjääminen.", "Mielenterveyden tuen tarve."]  # fmt: skip
PLAN_GOALS = [
    "Asumisen turvaaminen.",
    "Päihteettömyyden tukeminen.",
    "Talouden tasapaino.",
    "Osallisuuden vahvistaminen ryhmätoiminnassa.",
    "Työ- ja toimintakyvyn arviointi.",
]
PLAN_SERVICES = ["Sosiaaliohjaus.", "Talous- ja velkaneuvonta.", "Kuntouttava työtoiminta.",
                 "Päihdepalvelut, sosiaalinen kuntoutus.", "Asumisneuvonta."]  # fmt: skip

# Age in the middle of the period: (lowest, highest, weight).
AGE_BANDS = [(18, 24, 14), (25, 34, 22), (35, 49, 27), (50, 64, 22), (65, 74, 8), (75, 92, 7)]
SEXES = (["male"] * 60) + (["female"] * 37) + ["other"] + (["unknown"] * 2)
TONGUES = (["fi"] * 90) + (["sv"] * 5) + (["other"] * 5)
# Initiations of one client over the period: 1-8, about 4.4 on average, so
# that about 4 assessments a client make the national 2 million.
CASES = [1, 2, 3, 4, 4, 5, 5, 5, 6, 6, 7, 8]
# Single codes, weighted like the seed's analysis (DOMAIN.md).
HOUSING_TYPE = ["1"] * 6 + ["2", "3", "4", "5", "6", "9"]
EDUCATION = ["0"] + ["1"] * 4 + ["2"] + ["3"] * 3 + ["4", "9"]
LABOUR = ["1"] * 5 + ["2"] * 3 + ["3", "4", "5", "6", "9"]
INCOME = ["1", "2", "2", "3", "9"]
VIOLENCE = ["1", "2", "2", "2", "9"]
MULTI = {
    # field: (code list values, how many codes at least / at most)
    "housing_problems": (["1", "2", "3", "4", "5", "6", "9"], 0, 2),
    "social_network": (["1", "2", "3", "4"], 0, 2),
    "illnesses": (["1", "2", "3"], 1, 3),
    "support_needs": (["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"], 1, 4),
    "services_needed": (["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "99"], 1, 3),
}
NO_ILLNESS = "0"
NOTIFIERS = [str(n) for n in range(1, 13)]
CLOSURE_REASONS = ["1", "2", "3", "4", "5", "6", "9"]


@dataclass
class GeneratedClient:
    id: int
    unit_id: int
    born: datetime.date
    sex: str
    worker: int
    first_seen: datetime.date
    municipality: int
    highest_care_allowance: bool


@dataclass
class Context:
    """What every unit's clients share: tables, code ids, the period."""

    loader: Loader
    rng: random.Random
    start: datetime.date
    end: datetime.date
    identity_codes: bool
    codes: dict[tuple[str, str], int] = field(default_factory=dict)
    measures: list[tuple[int, int, int, list[int]]] = field(default_factory=list)
    used_identity_codes: set = field(default_factory=set)
    next_client_number: int = 1
    tables: dict = field(default_factory=dict)

    def code(self, list_key: str, value: str) -> int:
        return self.codes[(list_key, value)]


def prepare(loader: Loader, rng, *, start, end, identity_codes: bool) -> Context:
    """Tables and reference data (code lists and measures, loaded by migrations)."""
    ctx = Context(loader, rng, start, end, identity_codes)
    ctx.codes = {
        (key, code): pk
        for pk, key, code in Code.objects.values_list("pk", "code_list__key", "code")
    }
    for measure in OutcomeMeasure.objects.filter(is_active=True).order_by("code"):
        areas = list(MeasureArea.objects.filter(measure=measure).values_list("pk", flat=True))
        if areas:
            ctx.measures.append((measure.pk, measure.scale_min, measure.scale_max, areas))
    # The client numbers of the generator ("G" and seven digits) continue
    # after any of an earlier run.
    taken = Client.objects.filter(client_number__regex=r"^G[0-9]{7}$").order_by("-client_number")
    last = taken.values_list("client_number", flat=True).first()
    ctx.next_client_number = int(last[1:]) + 1 if last else 1
    t = ctx.tables
    t["client"] = loader.table(
        Client,
        ("id", "client_number", "first_name", "last_name", "date_of_birth", "sex",
         "mother_tongue", "municipality_id", "unit_id", "responsible_worker_id",
         "highest_care_allowance", "identity_code_token", "identity_code_digest",
         "version", "created_at", "updated_at"),
    )  # fmt: skip
    t["initiation"] = loader.table(
        Initiation,
        ("id", "client_id", "by_id", "recorded_at", "initiated_on", "channel", "notifier_id",
         "summary", "assessment_start_due_on", "assessment_completion_due_on", "deadline_rules"),
    )  # fmt: skip
    t["urgency"] = loader.table(
        UrgencyAssessment,
        ("id", "client_id", "by_id", "recorded_at", "initiation_id", "assessed_on",
         "immediate_need"),
    )  # fmt: skip
    t["special"] = loader.table(
        SpecialSupportAssessment,
        ("id", "client_id", "by_id", "recorded_at", "initiation_id", "assessed_on",
         "needs_special_support", "grounds"),
    )  # fmt: skip
    t["assessment"] = loader.table(
        ServiceNeedAssessment,
        ("id", "client_id", "initiation_id", "status", "started_on", "completed_on",
         "started_by_id", "completed_by_id", "housing_type_id", "education_id",
         "labour_market_status_id", "income_sufficiency_id", "violence_id", "age_at_completion",
         "sex_at_completion", "unit_at_completion_id", "municipality_at_completion_id",
         "needs_special_support", "version", "created_at", "updated_at"),
    )  # fmt: skip
    for name in MULTI:
        through = getattr(ServiceNeedAssessment, name).through
        t[name] = loader.table(through, ("id", "serviceneedassessment_id", "code_id"))
    t["plan"] = loader.table(
        ClientPlan,
        ("id", "client_id", "by_id", "recorded_at", "drawn_up_on", "goals", "agreed_services",
         "review_on"),
    )  # fmt: skip
    t["closure"] = loader.table(
        Closure, ("id", "client_id", "by_id", "recorded_at", "closed_on", "reason_id")
    )
    t["support"] = loader.table(
        SupportPersonService,
        ("id", "client_id", "by_id", "recorded_at", "provider", "starts_on", "ends_on",
         "hours_per_month"),
    )  # fmt: skip
    t["measurement"] = loader.table(
        Measurement, ("id", "client_id", "measure_id", "measured_on", "by_id", "recorded_at")
    )
    t["score"] = loader.table(MeasurementScore, ("id", "measurement_id", "area_id", "score"))
    return ctx


def _age_on(born: datetime.date, day: datetime.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _identity_code(ctx: Context, born: datetime.date) -> tuple[str, str]:
    """(token, digest) of a fresh valid code with an individual number 900-999."""
    if not ctx.identity_codes:
        return "", ""
    for _attempt in range(8):
        number = 900 + ctx.rng.randrange(100)
        if (born, number) not in ctx.used_identity_codes:
            ctx.used_identity_codes.add((born, number))
            ddmmyy = born.strftime("%d%m%y")
            sign = "-" if born.year < 2000 else "A"
            individual = f"{number:03d}"
            code = f"{ddmmyy}{sign}{individual}{compute_check_character(ddmmyy, individual)}"
            return encrypt_identity_code(code), identity_code_digest(code)
    return "", ""


def _day_between(rng, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + DAY * rng.randrange((last - first).days + 1)


def unit_clients(ctx: Context, unit: GeneratedUnit, count: int) -> list[GeneratedClient]:
    """Write `count` clients of the unit with their whole process."""
    rng, loader, t = ctx.rng, ctx.loader, ctx.tables
    middle = ctx.start + (ctx.end - ctx.start) / 2
    clients = []
    for _n in range(count):
        low, high, _w = rng.choices(AGE_BANDS, weights=[b[2] for b in AGE_BANDS])[0]
        age = rng.randint(low, high)
        born = datetime.date(middle.year - age, rng.randint(1, 12), rng.randint(1, 28))
        sex = rng.choice(SEXES)
        names = FIRST_NAMES["female" if sex == "female" else "male"]
        worker = rng.choice(unit.social_workers)
        token, digest = _identity_code(ctx, born)
        first_seen = _day_between(rng, ctx.start, ctx.end)
        municipality = rng.choice(unit.municipality_ids)
        highest = rng.random() < 0.01
        created = moment(first_seen)
        client_id = loader.add(
            t["client"], f"G{ctx.next_client_number:07d}", rng.choice(names),
            rng.choice(LAST_NAMES), born, sex, rng.choice(TONGUES), municipality, unit.id,
            worker if rng.random() < 0.8 else None, highest, token, digest, 1, created, created,
        )  # fmt: skip
        ctx.next_client_number += 1
        client = GeneratedClient(
            client_id, unit.id, born, sex, worker, first_seen, municipality, highest
        )
        _process(ctx, unit, client)
        clients.append(client)
    return clients


def _process(ctx: Context, unit: GeneratedUnit, client: GeneratedClient) -> None:
    rng, loader, t = ctx.rng, ctx.loader, ctx.tables
    cases = rng.choice(CASES)
    days = sorted(_day_between(rng, client.first_seen, ctx.end) for _ in range(cases - 1))
    last_event = client.first_seen
    for initiated in [client.first_seen, *days]:
        worker = rng.choice(unit.social_workers) if rng.random() < 0.3 else client.worker
        channel = rng.choices(
            (InitiationChannel.OWN_CONTACT, InitiationChannel.NOTICE, InitiationChannel.REFERRAL),
            weights=(45, 35, 20),
        )[0]
        due, rules = None, ""
        highest = client.highest_care_allowance
        if _age_on(client.born, initiated) >= 75 or highest:
            found = deadlines_for(
                initiated_on=initiated,
                circumstances=ClientCircumstances(
                    date_of_birth=client.born, highest_care_allowance=highest
                ),
            )
            due = next(d.due for d in found if d.rule.measures == "start")
            rules = ",".join(d.rule.code for d in found)
        initiation_id = loader.add(
            t["initiation"], client.id, worker, moment(initiated), initiated, channel,
            ctx.code("notifier", rng.choice(NOTIFIERS)) if channel == "notice" else None,
            rng.choice(SUMMARIES), due, None, rules,
        )  # fmt: skip
        if rng.random() < 0.15:
            loader.add(
                t["urgency"], client.id, worker, moment(initiated), initiation_id, initiated,
                rng.random() < 0.1,
            )  # fmt: skip
        if rng.random() < 0.05:
            loader.add(
                t["special"], client.id, worker, moment(initiated), initiation_id, initiated,
                rng.random() < 0.3, "Arvioitu asiakkaan tilanteen perusteella.",
            )  # fmt: skip
        if rng.random() >= 0.9:
            continue
        # Where the law sets the limit most start within it (calendar days:
        # 7 working days are 9-11 of them); others within a month.
        wait = rng.choice((0, 1, 2, 4, 6, 8, 9, 12, 15)) if due else rng.randrange(31)
        started = initiated + DAY * wait
        if started > ctx.end:
            continue
        finished = started + DAY * rng.randrange(3, 60)
        completed = finished <= ctx.end and rng.random() < 0.97
        last_event = max(last_event, finished if completed else started)
        _assessment(ctx, client, initiation_id, worker, started, finished if completed else None)
        if completed and rng.random() < 0.4:
            drawn = finished + DAY * rng.randrange(0, 21)
            if drawn <= ctx.end:
                loader.add(
                    t["plan"], client.id, worker, moment(drawn), drawn, rng.choice(PLAN_GOALS),
                    rng.choice(PLAN_SERVICES),
                    drawn + DAY * 182 if rng.random() < 0.75 else None,
                )  # fmt: skip
                last_event = max(last_event, drawn)
    if rng.random() < 0.01:
        starts = _day_between(rng, client.first_seen, ctx.end)
        ends = starts + DAY * (30 * rng.randint(3, 6) - 1)
        loader.add(
            t["support"], client.id, client.worker, moment(starts), "Tukihenkilöpalvelu Oy",
            starts, ends if ends <= ctx.end else None, Decimal(rng.randint(10, 20)),
        )  # fmt: skip
    if ctx.measures and rng.random() < 0.04:
        _measurements(ctx, client, last_event)
    if rng.random() < 0.25:
        closed = last_event + DAY * rng.randrange(30, 200)
        if closed <= ctx.end:
            loader.add(
                t["closure"], client.id, client.worker, moment(closed), closed,
                ctx.code("closure_reason", rng.choice(CLOSURE_REASONS)),
            )  # fmt: skip


def _assessment(ctx, client, initiation_id, worker, started, completed):
    rng, loader, t = ctx.rng, ctx.loader, ctx.tables
    stamp = moment(completed or started)
    if completed is None:
        loader.add(
            t["assessment"], client.id, initiation_id, AssessmentStatus.DRAFT, started, None,
            worker, None, None, None, None, None, None, None, "", None, None, None, 1,
            moment(started), stamp,
        )  # fmt: skip
        return
    pk = loader.add(
        t["assessment"], client.id, initiation_id, AssessmentStatus.COMPLETED, started,
        completed, worker, worker,
        ctx.code("housing_type", rng.choice(HOUSING_TYPE)),
        ctx.code("education", rng.choice(EDUCATION)),
        ctx.code("labour_market_status", rng.choice(LABOUR)),
        ctx.code("income_sufficiency", rng.choice(INCOME)),
        ctx.code("violence_experience", rng.choice(VIOLENCE)),
        _age_on(client.born, completed), client.sex, client.unit_id, client.municipality,
        rng.random() < 0.2, 2, moment(started), stamp,
    )  # fmt: skip
    for name, (values, least, most) in MULTI.items():
        list_key = ServiceNeedAssessment.MULTI_CODE_FIELDS[name]
        if name == "illnesses" and rng.random() < 0.05:
            chosen = [NO_ILLNESS]
        else:
            chosen = rng.sample(values, rng.randint(least, most))
        for value in chosen:
            loader.add(t[name], pk, ctx.code(list_key, value))


def _measurements(ctx: Context, client: GeneratedClient, first: datetime.date) -> None:
    rng, loader, t = ctx.rng, ctx.loader, ctx.tables
    measure_id, low, high, areas = rng.choice(ctx.measures)
    for step in range(rng.randint(2, 3)):
        day = first + DAY * (91 * step)
        if day > ctx.end:
            return
        pk = loader.add(t["measurement"], client.id, measure_id, day, client.worker, moment(day))
        for k, area_id in enumerate(areas):
            base = low + (high - low) * (0.3 + 0.1 * ((k + client.id) % 4))
            value = round((base + step * 0.5) * 2) / 2
            loader.add(t["score"], pk, area_id, Decimal(str(min(max(value, low), high))))
