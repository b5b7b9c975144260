"""Demo groups: the project's seven functional groups and its developer-client
group, as the final report describes them (DOMAIN.md, "Functional groups").

Held sessions and participants give the report's figures: 9, 12, 8, 8, 7, 8
and 8 sessions, 8+6+6+5+8+8+4 = 45 participants, and 3 meetings of the
developer-client group.  The photography group had 9 sign-ups, of whom one
never came and one left after the first session (still a participant); the
cooking group had 5, of whom one never came.  Two groups also had a cancelled
session, which counts for nothing.

Participants are demo clients of the assessments' bulk (D1...) in the
group's units, picked in client-number order: the same every time.  A group
already in the database is left as it is, so loading twice changes nothing.
External instructors are named by their role only: the people are made up or
left out.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction

from accounts.models import Municipality, Role, Unit, User
from clients.models import Client
from groups import selectors
from groups.esf import (
    Answer,
    EducationLevel,
    LabourMarketStatus,
    age_group_on,
)
from groups.models import (
    Attendance,
    Enrollment,
    EnrollmentStatus,
    Feedback,
    FeedbackGiver,
    FunctionalGroup,
    GroupKind,
    GroupSession,
    SessionStatus,
)

CLIENT_PREFIX = "D1"
# Working-age clients (18-64 in 2018-2019): the groups' target.
BORN_AFTER, BORN_BEFORE = datetime.date(1956, 1, 1), datetime.date(2000, 1, 1)
D = datetime.date


@dataclass
class DemoGroup:
    name: str
    kind: str
    unit: str
    municipality: str
    place: str
    starts_on: datetime.date
    ends_on: datetime.date
    leaders: list[str]
    external_instructors: str
    duration_minutes: int
    # (date, topic) of each held session, in order
    sessions: list[tuple[datetime.date, str]]
    # participants per unit code: clients who came at least once
    participants: dict[str, int]
    never_came: int = 0
    dropped_after_first: int = 0
    # (date, reason) of cancelled sessions
    cancelled: list[tuple[datetime.date, str]] = field(default_factory=list)
    # clients of these earlier groups join this one too (index: participants)
    also_from: dict[str, list[int]] = field(default_factory=dict)
    # (given by, day, rating, text)
    feedback: list[tuple[str, datetime.date, int | None, str]] = field(default_factory=list)


def weekly(first: datetime.date, topics: list[str], skip: tuple = ()) -> list:
    """Sessions once a week from `first`, leaving out the weeks in `skip`."""
    sessions, day = [], first
    for topic in topics:
        while day in skip:
            day += datetime.timedelta(weeks=1)
        sessions.append((day, topic))
        day += datetime.timedelta(weeks=1)
    return sessions


INSTRUCTOR, PROJECT_WORKER = "sosiaaliohjaaja", "koordinaattori"
P, L = FeedbackGiver.PARTICIPANT, FeedbackGiver.LEADER

GROUPS = [
    DemoGroup(
        name="Voimaa valokuvista",
        kind=GroupKind.SOCIAL_REHABILITATION,
        unit="mikkeli-as",
        municipality="491",
        place="Essoten ryhmätila, Mikkelin keskusta",
        starts_on=D(2018, 11, 15),
        ends_on=D(2019, 2, 28),
        leaders=[INSTRUCTOR, PROJECT_WORKER],
        external_instructors="Valokuvaaja, yhteisöpedagogi (ostopalvelu)",
        duration_minutes=180,
        sessions=weekly(
            D(2018, 11, 22),
            ["Tutustuminen ja omat kuvat", "Kuvauskierros Naisvuorella", "Kuvauskierros Emolassa",
             "Kuvien katselu ja keskustelu", "Kuvauskierros Kaihulla", "Kuvauskierros Teatterilla",
             "Kuvauskierros Kenkäverossa", "Tärkeät kuvat", "Päätöskerta"],
            skip=(D(2018, 12, 20), D(2018, 12, 27), D(2019, 1, 3)),
        ),
        participants={"mikkeli-as": 8},
        never_came=1,
        dropped_after_first=1,
        cancelled=[(D(2018, 12, 20), "Ohjaaja sairastui.")],
        feedback=[
            (P, D(2019, 2, 7), 5, "Kuvien kautta oli helpompi puhua omista asioista."),
            (P, D(2019, 2, 7), 5, "Ryhmässä oli turvallista kertoa itsestään."),
            (P, D(2019, 2, 7), 4, "Hyvä ryhmä, mutta aloitukset venyivät."),
            (L, D(2019, 2, 8), None, "Sitoutuminen oli osalla heikkoa; aloitukset levottomia, "
             "kun odotettiin myöhässä tulevia."),
        ],
    ),
    DemoGroup(
        name="Kädentaidot",
        kind=GroupKind.SOCIAL_REHABILITATION,
        unit="mikkeli-as",
        municipality="491",
        place="Paikallisten käsityöyrittäjien työtilat, Mikkeli",
        starts_on=D(2019, 1, 28),
        ends_on=D(2019, 5, 17),
        leaders=[INSTRUCTOR, PROJECT_WORKER],
        external_instructors="Paikalliset käsityöyrittäjät (ostopalvelu)",
        duration_minutes=210,
        sessions=weekly(
            D(2019, 2, 5),
            ["Mosaiikkityöt", "Mosaiikkityöt jatkuvat", "Neulahuovutus", "Emalointi",
             "Kankaan värjäys", "Keramiikka", "Keramiikka: lasitus", "Akryylimaalaus",
             "Akryylimaalaus jatkuu", "Oma työ", "Oma työ jatkuu", "Näyttely ja päätös"],
            skip=(D(2019, 2, 26), D(2019, 4, 16)),
        ),
        participants={"mikkeli-as": 3, "mikkeli-mipa": 3},
        feedback=[
            (P, D(2019, 5, 14), 4, "Sain tehdä jotain omin käsin ja viedä työn kotiin."),
            (P, D(2019, 5, 14), 2, "Tila oli levoton, ei tehnyt mieli puhua."),
        ],
    ),
    DemoGroup(
        name="Koira kaverina 1",
        kind=GroupKind.SOCIAL_REHABILITATION,
        unit="mikkeli-mipa",
        municipality="491",
        place="Koirapalvelun koulutustila, Mikkeli",
        starts_on=D(2019, 3, 1),
        ends_on=D(2019, 5, 31),
        leaders=[INSTRUCTOR, PROJECT_WORKER],
        external_instructors="Eläintenkouluttaja, sosionomi (ostopalvelu)",
        duration_minutes=120,
        sessions=weekly(
            D(2019, 3, 6),
            ["Tutustuminen koirien kanssa", "Rally-toko", "Nose work", "Aktivointipelit",
             "Ulkoilu yhdessä", "Rally-toko jatkuu", "Arki koiran kanssa", "Päätöskerta"],
        ),
        participants={"mikkeli-mipa": 6},
        feedback=[
            (P, D(2019, 4, 24), 5, "Koira auttoi olemaan ryhmätilassa toisten ihmisten kanssa."),
            (P, D(2019, 4, 24), 5, "Täällä naurettiin paljon."),
        ],
    ),
    DemoGroup(
        name="Koira kaverina 2",
        kind=GroupKind.SOCIAL_REHABILITATION,
        unit="mikkeli-mipa",
        municipality="491",
        place="Koirapalvelun koulutustila, Mikkeli",
        starts_on=D(2019, 9, 1),
        ends_on=D(2019, 11, 30),
        leaders=[INSTRUCTOR, PROJECT_WORKER],
        external_instructors="Eläintenkouluttaja, sosionomi (ostopalvelu)",
        duration_minutes=120,
        sessions=weekly(
            D(2019, 9, 4),
            ["Tutustuminen lainakoiriin", "Nose work", "Aktivointipelit", "Rally-toko",
             "Ulkoilu yhdessä", "Nose work jatkuu", "Rally-toko jatkuu", "Päätöskerta"],
            skip=(D(2019, 10, 16),),
        ),
        participants={"mikkeli-mipa": 5},
        cancelled=[(D(2019, 10, 16), "Koulutustila ei ollut käytettävissä.")],
        feedback=[(P, D(2019, 10, 23), 5, "Nopeatempoinen tekeminen oli mukavinta.")],
    ),
    DemoGroup(
        name="Luontoryhmä",
        kind=GroupKind.REHABILITATIVE_WORK,
        unit="juva-as",
        municipality="178",
        place="Juvan lähiluonto",
        starts_on=D(2019, 4, 1),
        ends_on=D(2019, 6, 14),
        leaders=["juva.tyontekija", PROJECT_WORKER],
        external_instructors="Eräopas (palveluntuottaja)",
        duration_minutes=300,
        sessions=weekly(
            D(2019, 4, 10),
            ["Lintubongaus", "Villiyrtit", "Kalastus mato-ongilla", "Veneretki",
             "Erätaitopäivä", "Eräruokapäivä", "Risteily"],
            skip=(D(2019, 5, 1),),
        ),
        participants={"juva-as": 8},
        feedback=[
            (P, D(2019, 6, 5), 5, "Risteily ja eräruokapäivä olivat parhaita."),
            (P, D(2019, 6, 5), 4, "Luonnosta sai voimia arkeen."),
        ],
    ),
    DemoGroup(
        name="Puutyöt",
        kind=GroupKind.REHABILITATIVE_WORK,
        unit="juva-as",
        municipality="178",
        place="Juvan kunnan puutyötilat",
        starts_on=D(2019, 9, 2),
        ends_on=D(2019, 11, 29),
        leaders=["juva.tyontekija"],
        external_instructors="Kansalaisopiston teknisen työn tuntiopettaja",
        duration_minutes=180,
        sessions=weekly(
            D(2019, 9, 9),
            ["Lähtötason kartoitus", "Voiveitset", "Paistinlastat", "Leikkuulaudat",
             "Puuliitokset", "Jakkara", "Jakkara jatkuu", "Viimeistely"],
        ),
        participants={"juva-as": 8},
        feedback=[(P, D(2019, 10, 28), 4, "Täällä tehtiin oikeita töitä.")],
    ),
    DemoGroup(
        name="Kokataan kimpassa",
        kind=GroupKind.SOCIAL_REHABILITATION,
        unit="mikkeli-mipa",
        municipality="491",
        place="Opetuskeittiö, Mikkeli",
        starts_on=D(2019, 9, 16),
        ends_on=D(2019, 12, 13),
        leaders=[INSTRUCTOR, PROJECT_WORKER],
        external_instructors="",
        duration_minutes=180,
        sessions=weekly(
            D(2019, 9, 24),
            ["Ruokalajien valinta", "Keitot", "Leivonta", "Kasvisruoat", "Kalaruoat",
             "Jälkiruoat", "Juhlaruoka", "Yhteinen ateria"],
            skip=(D(2019, 10, 15),),
        ),
        participants={"mikkeli-mipa": 4},
        never_came=1,
        feedback=[
            (P, D(2019, 11, 12), 5, "Suosittelisin tällaista ryhmää muillekin."),
            (P, D(2019, 11, 12), 5, "Opin uusia ruokia."),
        ],
    ),
    DemoGroup(
        name="Kehittäjäasiakasryhmä",
        kind=GroupKind.DEVELOPER_CLIENT,
        unit="mikkeli-as",
        municipality="491",
        place="Neutraali kokoustila, Mikkeli",
        starts_on=D(2019, 3, 1),
        ends_on=D(2019, 12, 31),
        leaders=["sosiaalityontekija", PROJECT_WORKER],
        external_instructors="",
        duration_minutes=120,
        sessions=[
            (D(2019, 4, 10), "Asiakkaiden kokemukset ja toiveet palveluista"),
            (D(2019, 6, 12), "Palvelutarpeen arvio -videon käsikirjoitus"),
            (D(2019, 10, 9), "Mielentalon piirustukset ja peli-iltapäivän suunnittelu"),
        ],
        participants={"mikkeli-as": 3},
        also_from={"Voimaa valokuvista": [1, 2]},
        feedback=[
            (L, D(2019, 10, 9), None, "Toive neutraalista kokoontumistilasta, "
             "'aikuisten nuokkarista', ja peli-iltapäivistä."),
        ],
    ),
]  # fmt: skip

# ESF start-form answers, cycled over the enrollments: (labour-market status,
# months unemployed, education).
ESF_PROFILES = [
    (LabourMarketStatus.LONG_TERM_UNEMPLOYED, 30, EducationLevel.ISCED_1_2),
    (LabourMarketStatus.UNEMPLOYED, 8, EducationLevel.ISCED_3_4),
    (LabourMarketStatus.INACTIVE_NOT_IN_EDUCATION, None, EducationLevel.ISCED_1_2),
    (LabourMarketStatus.LONG_TERM_UNEMPLOYED, 54, EducationLevel.ISCED_3_4),
    (LabourMarketStatus.INACTIVE, None, EducationLevel.ISCED_3_4),
    (LabourMarketStatus.UNDISCLOSED, None, EducationLevel.UNDISCLOSED),
    (LabourMarketStatus.LONG_TERM_UNEMPLOYED, 18, EducationLevel.ISCED_5_8),
]


def pick_clients() -> dict[str, list[Client]]:
    """Each demo group's clients, in the order the group lists them: the
    participants first, then who never came.  Nobody is in two functional
    groups; the developer-client group takes two photography participants."""
    pools: dict[str, list[Client]] = {}
    for client in (
        Client.objects.filter(
            client_number__startswith=CLIENT_PREFIX,
            date_of_birth__gte=BORN_AFTER,
            date_of_birth__lt=BORN_BEFORE,
        )
        .select_related("unit")
        .order_by("client_number")
    ):
        pools.setdefault(client.unit.code, []).append(client)
    taken: dict[str, int] = {}

    def take(unit_code: str, n: int) -> list[Client]:
        start = taken.get(unit_code, 0)
        taken[unit_code] = start + n
        chosen = pools.get(unit_code, [])[start : start + n]
        if len(chosen) < n:
            raise RuntimeError(f"The demo needs {n} working-age clients in {unit_code}.")
        return chosen

    picked: dict[str, list[Client]] = {}
    for spec in GROUPS:
        clients = [
            picked[name][index] for name, indexes in spec.also_from.items() for index in indexes
        ]
        for unit_code, n in spec.participants.items():
            clients += take(unit_code, n)
        clients += take(spec.unit, spec.never_came)
        picked[spec.name] = clients
    return picked


def _present(person: int, session: int, spec: DemoGroup) -> bool:
    """A fixed pattern: most come to most sessions, nobody to none."""
    if spec.dropped_after_first and person == 0:
        return session == 0
    return (person + 2 * session) % 5 != 3


def _write_group(spec: DemoGroup, clients: list[Client], context: dict) -> None:
    leaders = [context["users"][username] for username in spec.leaders]
    recorder = leaders[0]
    group = FunctionalGroup.objects.create(
        # A stable code by the group's place in the demo, for import files.
        code=f"DEMO-{GROUPS.index(spec) + 1:02d}",
        name=spec.name,
        kind=spec.kind,
        unit=context["units"][spec.unit],
        municipality=context["municipalities"][spec.municipality],
        place=spec.place,
        starts_on=spec.starts_on,
        ends_on=spec.ends_on,
        external_instructors=spec.external_instructors,
    )
    group.leaders.set(leaders)
    held = [
        GroupSession(
            group=group,
            date=day,
            topic=topic,
            place=spec.place,
            duration_minutes=spec.duration_minutes,
            status=SessionStatus.HELD,
        )
        for day, topic in spec.sessions
    ]
    cancelled = [
        GroupSession(
            group=group,
            date=day,
            place=spec.place,
            duration_minutes=spec.duration_minutes,
            status=SessionStatus.CANCELLED,
            cancel_reason=reason,
        )
        for day, reason in spec.cancelled
    ]
    GroupSession.objects.bulk_create([*held, *cancelled])

    signed_up_on = spec.starts_on
    first_day = spec.sessions[0][0]
    participants = len(clients) - spec.never_came
    enrollments = []
    for index, client in enumerate(clients):
        status, left_on, reason = EnrollmentStatus.COMPLETED, None, ""
        if index >= participants:
            status, left_on = EnrollmentStatus.DROPPED_OUT, first_day - datetime.timedelta(days=1)
            reason = "Ei tullut ryhmään: kertoi, ettei ryhmä kiinnosta häntä."
        elif spec.dropped_after_first and index == 0:
            status, left_on = EnrollmentStatus.DROPPED_OUT, first_day + datetime.timedelta(days=1)
            reason = "Jättäytyi pois ensimmäisen kerran jälkeen: ei kokenut ryhmää omakseen."
        labour, months, education = ESF_PROFILES[(context["esf"] + index) % len(ESF_PROFILES)]
        completed = status == EnrollmentStatus.COMPLETED
        enrollments.append(
            Enrollment(
                group=group,
                client=client,
                signed_up_on=signed_up_on,
                status=status,
                dropped_out_on=left_on,
                drop_out_reason=reason,
                recorded_by=recorder,
                labour_market_status=labour,
                months_unemployed=months,
                education_level=education,
                age_group=age_group_on(client.date_of_birth, signed_up_on),
                jobless_household=Answer.YES if index % 3 else Answer.NO,
                single_adult_household_with_children=Answer.YES if index % 5 == 1 else Answer.NO,
                jobless_household_with_children=Answer.YES if index % 5 == 1 else Answer.NO,
                migrant_or_minority=Answer.UNDISCLOSED if index % 7 == 3 else Answer.NO,
                disability=Answer.UNDISCLOSED if index % 4 == 2 else Answer.NO,
                homeless_or_housing_exclusion=Answer.YES if index % 6 == 4 else Answer.NO,
                other_disadvantage=Answer.YES if index % 2 else Answer.NO,
                exit_recorded_on=spec.sessions[-1][0] if completed else None,
                exit_job_searching=(Answer.YES if index % 3 == 0 else Answer.NO)
                if completed
                else "",
                exit_in_education=(Answer.YES if index % 8 == 5 else Answer.NO)
                if completed
                else "",
                exit_qualification=Answer.NO if completed else "",
                exit_employed=(Answer.YES if index % 9 == 7 else Answer.NO) if completed else "",
            )
        )
    context["esf"] += len(clients)
    Enrollment.objects.bulk_create(enrollments)

    rows = []
    for s, session in enumerate(held):
        for index, enrollment in enumerate(enrollments[:participants]):
            if spec.dropped_after_first and index == 0 and s > 0:
                continue  # no longer on the sheet after dropping out
            rows.append(
                Attendance(
                    session=session,
                    enrollment=enrollment,
                    present=_present(index, s, spec),
                    recorded_by=recorder,
                )
            )
    Attendance.objects.bulk_create(rows)

    sessions_by_day = {session.date: session for session in held}
    Feedback.objects.bulk_create(
        Feedback(
            group=group,
            session=sessions_by_day.get(day),
            given_by=given_by,
            received_on=day,
            rating=rating,
            text=text,
            recorded_by=recorder,
        )
        for given_by, day, rating, text in spec.feedback
    )


def load_demo(out) -> None:
    existing = set(FunctionalGroup.objects.values_list("unit__code", "name", "starts_on"))
    missing = [g for g in GROUPS if (g.unit, g.name, g.starts_on) not in existing]
    if missing:
        picked = pick_clients()
        context = {
            "units": {u.code: u for u in Unit.objects.all()},
            "municipalities": {m.code: m for m in Municipality.objects.all()},
            "users": {u.username: u for u in User.objects.all()},
            "esf": 0,
        }
        with transaction.atomic():
            for spec in GROUPS:
                if spec in missing:
                    _write_group(spec, picked[spec.name], context)
                else:
                    context["esf"] += len(picked[spec.name])

    coordinator = User.objects.filter(role=Role.COORDINATOR, username=PROJECT_WORKER).first()
    figures = selectors.group_figures(user=coordinator)
    out.write(
        f"Demo groups: {FunctionalGroup.objects.count()} groups, "
        f"{figures['groups_held']} functional groups held with "
        f"{figures['sessions_held']} sessions and {figures['participants']} participants "
        f"({figures['distinct_participants']} different clients); "
        f"developer-client group met {figures['developer_client_meetings']} times; "
        f"{Enrollment.objects.count()} enrollments, {Feedback.objects.count()} feedback."
    )
