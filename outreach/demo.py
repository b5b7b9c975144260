"""Demo outreach of 2018-2019: the seed's partners and its nutshell figures.

"Hankkeen tutkimukseen Essotesta raportoitiin 95 jalkautumiskertaa, joissa
tavattiin 392 ihmistä" and "11 pop up -tapahtumaa": 95 visits of every kind
meeting 392 people, 11 of them pop-up events with deacons (Anttola, Ristiina,
Haukivuori, Tuppurala, Laajalampi, Siekkilä, Peitsari, and the row-house
community in December 2018, August 2019 and December 2019), the Night of the
Homeless in October 2018 and 2019, visits to partners' premises and a few
home visits.  Mikkeli's visits were made by adult social work and mipä
together, mostly as a social worker - social instructor pair.

Deterministic (a fixed seed) and idempotent: the partners are found by name,
the visits are written once with bulk_create and skipped when the area
already has visits in 2018-2019.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q, Sum

from accounts.models import Area, Municipality, Unit, User
from clients.deadlines import is_working_day
from clients.demo import unit_workers
from clients.models import Client
from outreach.models import ClientMet, OutreachVisit, PartnerKind, PartnerOrganisation, VisitKind

SEED = 95392
FIRST_DAY, LAST_DAY = datetime.date(2018, 3, 1), datetime.date(2019, 12, 13)
VISITS, PEOPLE_MET = 95, 392

MIELENMAJA = "Mielenmaja"
VIADIA_MIKKELI, VIADIA_RISTIINA, VIADIA_HIRVENSALMI = (
    "ViaDia Mikkeli",
    "ViaDia Ristiina",
    "ViaDia Hirvensalmi",
)
UNEMPLOYED_MIKKELI, UNEMPLOYED_KANGASNIEMI = "Mikkelin työttömät ry", "Kangasniemen työttömät ry"
DEACONS_HAUKIVUORI, DEACONS_ANTTOLA = "Diakoniatyö, Haukivuori", "Diakoniatyö, Anttola"
DEACONS_MIKKELI = "Diakoniatyö, Mikkelin seurakunnat"
MIKALO = "Mikalo"

# name, kind, municipality code
PARTNERS = [
    (MIELENMAJA, PartnerKind.THIRD_SECTOR, "491"),
    (VIADIA_MIKKELI, PartnerKind.THIRD_SECTOR, "491"),
    (VIADIA_RISTIINA, PartnerKind.THIRD_SECTOR, "491"),
    (VIADIA_HIRVENSALMI, PartnerKind.THIRD_SECTOR, "097"),
    (UNEMPLOYED_MIKKELI, PartnerKind.THIRD_SECTOR, "491"),
    (UNEMPLOYED_KANGASNIEMI, PartnerKind.THIRD_SECTOR, "213"),
    (DEACONS_HAUKIVUORI, PartnerKind.PARISH, "491"),
    (DEACONS_ANTTOLA, PartnerKind.PARISH, "491"),
    (DEACONS_MIKKELI, PartnerKind.PARISH, "491"),
    (MIKALO, PartnerKind.MUNICIPAL, "491"),
]

# Who goes from each unit: a social worker and a social instructor where
# the demo has them (accounts/demo.py, clients/demo.py).  Mipä went with
# adult social work; the regional mipä worker with the surrounding
# municipalities' adult social work.
PAIRS = {
    "mikkeli-as": ["sosiaaliohjaaja", "sosiaalityontekija"],
    "mikkeli-mipa": ["sosiaaliohjaaja", "sosiaalityontekija"],
    "hirvensalmi-as": ["hirvensalmi.tyontekija", "seutu.tyontekija"],
    "kangasniemi-as": ["kangasniemi.tyontekija", "seutu.tyontekija"],
}

ROW_HOUSES = "Rivitaloyhteisö, Mikkeli"


@dataclass
class Spec:
    """One visit to write."""

    kind: str
    date: datetime.date
    place: str
    municipality: str
    unit: str
    people_met: int
    new_contacts: int = 0
    partners: list[str] = field(default_factory=list)
    link_client: bool = False  # link a demo client of the unit met on it


WITH_VIADIA_RISTIINA = [DEACONS_MIKKELI, VIADIA_RISTIINA]
# date, place, unit, partners, people met, new contacts
POPUPS = [
    (datetime.date(2018, 5, 16), "Anttola", "mikkeli-as", [DEACONS_ANTTOLA], 9, 2),
    (datetime.date(2018, 6, 13), "Ristiina", "mikkeli-as", WITH_VIADIA_RISTIINA, 8, 2),
    (datetime.date(2018, 8, 22), "Haukivuori", "mikkeli-as", [DEACONS_HAUKIVUORI], 7, 1),
    (datetime.date(2018, 9, 19), "Tuppurala", "mikkeli-mipa", [DEACONS_MIKKELI], 10, 3),
    (datetime.date(2018, 11, 14), "Laajalampi", "mikkeli-as", [DEACONS_MIKKELI], 9, 2),
    (datetime.date(2018, 12, 12), ROW_HOUSES, "mikkeli-mipa", [DEACONS_MIKKELI], 12, 3),
    (datetime.date(2019, 3, 20), "Siekkilä", "mikkeli-as", [DEACONS_MIKKELI], 8, 2),
    (datetime.date(2019, 5, 22), "Peitsari", "mikkeli-mipa", [DEACONS_MIKKELI], 10, 2),
    (datetime.date(2019, 8, 14), ROW_HOUSES, "mikkeli-mipa", [DEACONS_MIKKELI], 14, 2),
    (datetime.date(2019, 9, 25), "Anttola", "mikkeli-as", [DEACONS_ANTTOLA], 7, 1),
    (datetime.date(2019, 12, 11), ROW_HOUSES, "mikkeli-mipa", [DEACONS_MIKKELI], 11, 1),
]  # fmt: skip

# The Night of the Homeless (Asunnottomien yö) is held on 17 October.
MASS_EVENTS = [
    (datetime.date(2018, 10, 17), 38, 4),
    (datetime.date(2019, 10, 17), 44, 5),
]

# date, municipality, unit, people met, partners, link a client
HOME_VISITS = [
    (datetime.date(2018, 4, 11), "491", "mikkeli-as", 1, [], False),
    (datetime.date(2018, 9, 5), "491", "mikkeli-as", 2, [MIKALO], False),
    (datetime.date(2018, 11, 28), "097", "hirvensalmi-as", 1, [], False),
    (datetime.date(2019, 1, 16), "491", "mikkeli-mipa", 1, [], False),
    (datetime.date(2019, 2, 27), "213", "kangasniemi-as", 2, [], False),
    (datetime.date(2019, 4, 10), "491", "mikkeli-as", 1, [MIKALO], True),
    (datetime.date(2019, 6, 5), "491", "mikkeli-mipa", 1, [], False),
    (datetime.date(2019, 9, 11), "097", "hirvensalmi-as", 1, [], False),
    (datetime.date(2019, 10, 30), "213", "kangasniemi-as", 2, [], True),
    (datetime.date(2019, 11, 20), "491", "mikkeli-as", 1, [], False),
]  # fmt: skip

# Partners' premises: partner, unit, municipality, visits over the period.
PREMISES = [
    (MIELENMAJA, "mikkeli-mipa", "491", 16),
    (VIADIA_MIKKELI, "mikkeli-as", "491", 14),
    (VIADIA_RISTIINA, "mikkeli-as", "491", 8),
    (VIADIA_HIRVENSALMI, "hirvensalmi-as", "097", 7),
    (UNEMPLOYED_MIKKELI, "mikkeli-as", "491", 12),
    (UNEMPLOYED_KANGASNIEMI, "kangasniemi-as", "213", 7),
    (DEACONS_HAUKIVUORI, "mikkeli-as", "491", 4),
    (DEACONS_ANTTOLA, "mikkeli-as", "491", 4),
]
# Their clients met on the latest visit are linked.
LINKED_PREMISES = {MIELENMAJA, UNEMPLOYED_MIKKELI, UNEMPLOYED_KANGASNIEMI}


def next_working_day(day: datetime.date) -> datetime.date:
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def _spread(total: int, counts: int, rng: random.Random, low=1, high=6) -> list[int]:
    """`counts` head-counts between low and high that sum to `total`."""
    values = [rng.randint(low, high - 1) for _ in range(counts)]
    diff = total - sum(values)
    while diff:
        i = rng.randrange(counts)
        if diff > 0 and values[i] < high:
            values[i] += 1
            diff -= 1
        elif diff < 0 and values[i] > low:
            values[i] -= 1
            diff += 1
    return values


def visit_specs() -> list[Spec]:
    """The 95 visits, in date order."""
    specs = [
        Spec(VisitKind.POPUP, day, place, "491", unit, people, new, partners)
        for day, place, unit, partners, people, new in POPUPS
    ]
    specs[8].link_client = True  # the row-house community's summer afternoon
    specs += [
        Spec(
            VisitKind.MASS_EVENT,
            day,
            "Asunnottomien yö, Mikkelin tori",
            "491",
            "mikkeli-as",
            people,
            new,
            [VIADIA_MIKKELI, DEACONS_MIKKELI],
            link_client=day.year == 2019,
        )
        for day, people, new in MASS_EVENTS
    ]
    specs += [
        Spec(VisitKind.HOME_VISIT, day, "Kotikäynti", municipality, unit, people, 0, partners, link)
        for day, municipality, unit, people, partners, link in HOME_VISITS
    ]
    rng = random.Random(SEED)
    premises_count = sum(n for *_, n in PREMISES)
    people = _spread(PEOPLE_MET - sum(s.people_met for s in specs), premises_count, rng)
    span = (LAST_DAY - FIRST_DAY).days
    for offset, (partner, unit, municipality, n) in enumerate(PREMISES):
        for k in range(n):
            day = next_working_day(FIRST_DAY + datetime.timedelta(days=k * span // n + offset * 3))
            met = people.pop()
            specs.append(
                Spec(
                    VisitKind.PARTNER_VISIT,
                    day,
                    partner,
                    municipality,
                    unit,
                    met,
                    min(met, rng.choice([0, 0, 0, 1, 1, 2])),
                    [partner],
                    link_client=partner in LINKED_PREMISES and k == n - 1,
                )
            )
    assert len(specs) == VISITS and sum(s.people_met for s in specs) == PEOPLE_MET
    return sorted(specs, key=lambda s: (s.date, s.place))


def _pair_of(unit_code: str, users: dict[str, User], staff: dict[str, list[User]]) -> list[User]:
    """The pair who went from the unit, or whoever the unit has."""
    pair = [users[name] for name in PAIRS.get(unit_code, []) if name in users]
    return pair or staff.get(unit_code, [])[:2]


def _met_client(visit: OutreachVisit) -> Client | None:
    """A demo client of the visit's unit assessed before the visit."""
    return (
        Client.objects.filter(
            unit_id=visit.unit_id,
            client_number__startswith="D1",
            assessments__completed_on__lte=visit.date,
        )
        .exclude(outreach_meetings__isnull=False)
        .order_by("client_number")
        .first()
    )


def _write_visits(area: Area, partners: dict[str, PartnerOrganisation]) -> None:
    units = {u.code: u for u in Unit.objects.filter(area=area)}
    municipalities = {m.code: m for m in Municipality.objects.filter(area=area)}
    users = {u.username: u for u in User.objects.filter(area=area, is_active=True)}
    staff = unit_workers()
    rows = []
    for spec in visit_specs():
        workers = _pair_of(spec.unit, users, staff)
        if not workers:
            continue  # a unit without staff cannot have gone anywhere
        visit = OutreachVisit(
            kind=spec.kind,
            date=spec.date,
            place=spec.place,
            municipality=municipalities[spec.municipality],
            unit=units[spec.unit],
            people_met=spec.people_met,
            new_contacts=spec.new_contacts,
            recorded_by=workers[0],
        )
        rows.append((visit, workers, [partners[name] for name in spec.partners], spec.link_client))
    OutreachVisit.objects.bulk_create([visit for visit, *_ in rows])
    OutreachVisit.workers.through.objects.bulk_create(
        OutreachVisit.workers.through(outreachvisit_id=visit.pk, user_id=worker.pk)
        for visit, workers, *_ in rows
        for worker in workers
    )
    OutreachVisit.partners.through.objects.bulk_create(
        OutreachVisit.partners.through(outreachvisit_id=visit.pk, partnerorganisation_id=p.pk)
        for visit, _, partners_of_visit, _ in rows
        for p in partners_of_visit
    )
    for visit, _, _, link in rows:
        client = _met_client(visit) if link else None
        if client is not None:
            ClientMet.objects.create(visit=visit, client=client, recorded_by=visit.recorded_by)


def load_demo(out) -> None:
    area = Area.objects.get(code="essote")
    municipalities = {m.code: m for m in Municipality.objects.filter(area=area)}
    with transaction.atomic():
        partners = {
            name: PartnerOrganisation.objects.update_or_create(
                area=area,
                name=name,
                defaults={"kind": kind, "municipality": municipalities[code]},
            )[0]
            for name, kind, code in PARTNERS
        }
        demo_period = Q(unit__area=area, date__range=(FIRST_DAY, LAST_DAY))
        if not OutreachVisit.objects.filter(demo_period).exists():
            _write_visits(area, partners)

    figures = OutreachVisit.objects.filter(demo_period).aggregate(
        visits=Count("pk"),
        people=Sum("people_met"),
        new=Sum("new_contacts"),
        popups=Count("pk", filter=Q(kind=VisitKind.POPUP)),
        mass=Count("pk", filter=Q(kind=VisitKind.MASS_EVENT)),
        home=Count("pk", filter=Q(kind=VisitKind.HOME_VISIT)),
    )
    out.write(
        f"Demo outreach: {PartnerOrganisation.objects.filter(area=area).count()} partner "
        f"organisations, {figures['visits']} outreach visits in 2018-2019 meeting "
        f"{figures['people'] or 0} people ({figures['popups']} pop-up events, "
        f"{figures['mass']} mass events, {figures['home']} home visits), "
        f"{figures['new'] or 0} new contacts, "
        f"{ClientMet.objects.filter(visit__unit__area=area).count()} clients met linked."
    )
