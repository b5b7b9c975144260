"""Generated work beyond the client process: functional groups (sessions,
enrolments, attendance, feedback) and outreach of each unit; partners,
grievance observations, satisfaction surveys, trainings, workshops,
participation events, media items and follower counts of each area.

Consistent as the services make it: an enrolled client belongs to the
group's unit; attendance is recorded only for held sessions and for
enrolments not dropped out before the day; a dropped-out enrolment has its
day and reason; planned sessions lie after the period's end, so nothing that
has not happened is counted; new contacts never exceed the people met.
"""

import datetime
import random
from dataclasses import dataclass

from activities.models import (
    FollowerCount,
    MediaItem,
    ParticipationEvent,
    Training,
    TrainingDay,
    Workshop,
)
from clients.models import Code
from groups.esf import AgeGroup, Answer, EducationLevel, LabourMarketStatus, age_group_on
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
from outreach.models import ClientMet, OutreachVisit, PartnerKind, PartnerOrganisation, VisitKind
from reports.generator.clients import DAY, GeneratedClient
from reports.generator.loader import Loader, moment
from reports.generator.organisation import GeneratedArea, GeneratedUnit
from structural.models import (
    THEME_CODE_LIST,
    Observation,
    ObservationFollowUp,
    OpenAnswer,
    OpenQuestion,
    RespondentServiceLine,
    Response,
    Statement,
    Survey,
    SurveyRound,
)
from structural.models import (
    Answer as SurveyAnswer,
)

# Attendance rows a client brings about (3 million for 500,000 clients).
ATTENDANCES_PER_CLIENT = 6
# A group's attendance rows on average: about 8 enrolled, 9 sessions, some held.
ATTENDANCES_PER_GROUP = 62
# Outreach visits per client (300,000 for 500,000 clients).
VISITS_PER_CLIENT = 0.6
# Per client of an area over the period: observations and survey responses.
OBSERVATIONS_PER_CLIENT = 0.03
RESPONSES_PER_CLIENT_YEAR = 0.03

GROUP_KINDS = (
    [GroupKind.SOCIAL_REHABILITATION] * 9
    + [GroupKind.REHABILITATIVE_WORK] * 8
    + [
        GroupKind.OTHER,
        GroupKind.OTHER,
        GroupKind.DEVELOPER_CLIENT,
    ]
)
GROUP_NAMES = {
    GroupKind.SOCIAL_REHABILITATION: ["Voimaa valokuvista", "Kädentaidot", "Koira kaverina",
                                      "Kokataan kimpassa"],
    GroupKind.REHABILITATIVE_WORK: ["Luontoryhmä", "Puutyöt", "Pihatyöt"],
    GroupKind.OTHER: ["Vertaisryhmä"],
    GroupKind.DEVELOPER_CLIENT: ["Kehittäjäasiakasryhmä"],
}  # fmt: skip
VISIT_KINDS = (
    [VisitKind.PARTNER_VISIT] * 11
    + [VisitKind.POPUP] * 4
    + [VisitKind.HOME_VISIT] * 4
    + [VisitKind.MASS_EVENT]
)
PEOPLE_MET = {
    VisitKind.PARTNER_VISIT: (3, 20),
    VisitKind.POPUP: (2, 15),
    VisitKind.MASS_EVENT: (20, 150),
    VisitKind.HOME_VISIT: (1, 3),
}
ANSWERS = [Answer.YES, Answer.NO, Answer.NO, Answer.NO, Answer.UNDISCLOSED]
STATEMENTS = [
    "Minua kohdeltiin kunnioittavasti.", "Minua kuunneltiin.", "Mielipiteeni otettiin huomioon.",
    "Tavoitin työntekijän helposti.", "Sain ajan riittävän nopeasti.",
    "Tiedän, mitä apua on saatavilla.", "Sain tarvitsemani avun.",
    "Kunnan palvelut riittävät tarpeisiini.", "Asiointi oli sujuvaa.",
    "Haluaisin kehittäjäasiakkaaksi.",
]  # fmt: skip
# Statement values 1-5, weighted for a mean of about 4.2 with a few low ones.
VALUES = [1, 2, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5]


@dataclass
class Activity:
    loader: Loader
    rng: random.Random
    start: datetime.date
    end: datetime.date
    tables: dict
    themes: list[int]


def prepare(loader: Loader, rng, *, start, end) -> Activity:
    t = {}
    t["group"] = loader.table(
        FunctionalGroup,
        ("id", "code", "name", "kind", "unit_id", "municipality_id", "starts_on", "ends_on",
         "created_at"),
    )  # fmt: skip
    t["leader"] = loader.table(
        FunctionalGroup.leaders.through, ("id", "functionalgroup_id", "user_id")
    )
    t["session"] = loader.table(
        GroupSession,
        ("id", "group_id", "date", "duration_minutes", "topic", "status", "cancel_reason"),
    )
    t["enrollment"] = loader.table(
        Enrollment,
        ("id", "group_id", "client_id", "signed_up_on", "status", "dropped_out_on",
         "drop_out_reason", "labour_market_status", "education_level", "age_group",
         "jobless_household", "disability", "homeless_or_housing_exclusion", "exit_recorded_on",
         "exit_job_searching", "exit_employed", "recorded_by_id", "created_at"),
    )  # fmt: skip
    t["attendance"] = loader.table(
        Attendance, ("id", "session_id", "enrollment_id", "present", "recorded_by_id",
                     "recorded_at")
    )  # fmt: skip
    t["feedback"] = loader.table(
        Feedback,
        ("id", "group_id", "given_by", "received_on", "text", "rating", "recorded_by_id",
         "recorded_at"),
    )  # fmt: skip
    t["partner"] = loader.table(
        PartnerOrganisation, ("id", "area_id", "name", "kind", "municipality_id", "is_active")
    )
    t["visit"] = loader.table(
        OutreachVisit,
        ("id", "kind", "date", "place", "municipality_id", "unit_id", "people_met",
         "new_contacts", "recorded_by_id", "recorded_at", "updated_at"),
    )  # fmt: skip
    t["visit_partner"] = loader.table(
        OutreachVisit.partners.through, ("id", "outreachvisit_id", "partnerorganisation_id")
    )
    t["visit_worker"] = loader.table(
        OutreachVisit.workers.through, ("id", "outreachvisit_id", "user_id")
    )
    t["client_met"] = loader.table(
        ClientMet, ("id", "visit_id", "client_id", "recorded_by_id", "recorded_at")
    )
    t["observation"] = loader.table(
        Observation,
        ("id", "area_id", "title", "description", "theme_id", "municipality_id", "unit_id",
         "clients_concerned", "recorded_by_id", "recorded_on", "raised_in_team_on", "raised_by_id",
         "supervisor_informed_id", "supervisor_informed_on", "action_agreed", "responsible_id",
         "action_agreed_on", "closed_on", "closed_by_id", "outcome", "updated_at"),
    )  # fmt: skip
    t["observation_partner"] = loader.table(
        Observation.partners.through, ("id", "observation_id", "partnerorganisation_id")
    )
    t["follow_up"] = loader.table(ObservationFollowUp, ("id", "observation_id", "on", "by_id",
                                                        "text"))  # fmt: skip
    t["survey"] = loader.table(Survey, ("id", "area_id", "name", "is_active"))
    t["statement"] = loader.table(Statement, ("id", "survey_id", "order", "text"))
    t["question"] = loader.table(OpenQuestion, ("id", "survey_id", "order", "text"))
    t["round"] = loader.table(SurveyRound, ("id", "survey_id", "name", "opens_on", "closes_on",
                                            "token"))  # fmt: skip
    t["response"] = loader.table(
        Response, ("id", "round_id", "service_line", "entered_by_id", "created_at")
    )
    t["answer"] = loader.table(SurveyAnswer, ("id", "response_id", "statement_id", "value"))
    t["open_answer"] = loader.table(OpenAnswer, ("id", "response_id", "question_id", "text"))
    t["workshop"] = loader.table(Workshop, ("id", "area_id", "held_on", "topic", "participants"))
    t["training"] = loader.table(Training, ("id", "area_id", "name", "provider", "started",
                                            "finished"))  # fmt: skip
    t["training_day"] = loader.table(TrainingDay, ("id", "training_id", "held_on"))
    t["participation"] = loader.table(
        ParticipationEvent, ("id", "area_id", "kind", "held_on", "title", "participants")
    )
    t["media"] = loader.table(MediaItem, ("id", "area_id", "kind", "published_on", "outlet",
                                          "title"))  # fmt: skip
    t["followers"] = loader.table(FollowerCount, ("id", "area_id", "channel", "counted_on",
                                                  "followers"))  # fmt: skip
    themes = list(
        Code.objects.filter(code_list__key=THEME_CODE_LIST, is_active=True).values_list(
            "pk", flat=True
        )
    )
    return Activity(loader, rng, start, end, t, themes)


# --- A unit's groups and outreach ---------------------------------------------


def unit_groups(act: Activity, unit: GeneratedUnit, clients: list[GeneratedClient]) -> None:
    rng, loader, t = act.rng, act.loader, act.tables
    count = round(len(clients) * ATTENDANCES_PER_CLIENT / ATTENDANCES_PER_GROUP)
    last_start = act.end - DAY * 20
    for k in range(count):
        kind = rng.choice(GROUP_KINDS)
        starts = act.start + DAY * rng.randrange((last_start - act.start).days + 1)
        dates = [starts + DAY * (7 * n) for n in range(rng.randint(6, 12))]
        name = f"{rng.choice(GROUP_NAMES[kind])} {k + 1}"
        group_id = loader.add(
            t["group"], f"GEN-{t['group'].next_id}", name, kind, unit.id, unit.municipality_ids[0],
            starts, dates[-1], moment(starts),
        )  # fmt: skip
        leaders = [rng.choice(unit.instructors), rng.choice(unit.social_workers)]
        for leader in leaders[: rng.randint(1, 2)]:
            loader.add(t["leader"], group_id, leader)
        sessions = []
        for day in dates:
            if day > act.end:
                status, reason = SessionStatus.PLANNED, ""
            elif rng.random() < 0.05:
                status, reason = SessionStatus.CANCELLED, "Ohjaaja sairastui."
            else:
                status, reason = SessionStatus.HELD, ""
            pk = loader.add(
                t["session"], group_id, day, rng.choice((120, 180, 240)), "", status, reason
            )
            if status == SessionStatus.HELD:
                sessions.append((pk, day))
        members = rng.sample(clients, min(len(clients), rng.randint(6, 10)))
        _enrol(act, group_id, starts, dates[-1], sessions, members, leaders[0])
        for _f in range(2):
            loader.add(
                t["feedback"], group_id, FeedbackGiver.PARTICIPANT, dates[-1],
                "Ryhmä oli hyödyllinen.", rng.choice((3, 4, 4, 5, 5)), leaders[0],
                moment(dates[-1]),
            )  # fmt: skip


def _enrol(act, group_id, starts, ends, sessions, members, leader) -> None:
    rng, loader, t = act.rng, act.loader, act.tables
    for client in members:
        signed_up = max(act.start, starts - DAY * rng.randrange(15))
        roll = rng.random()
        never_came = roll < 0.06
        dropped_on = None
        if 0.06 <= roll < 0.16 and len(sessions) > 2:
            dropped_on = sessions[rng.randrange(1, len(sessions))][1]
            status = EnrollmentStatus.DROPPED_OUT
        elif never_came:
            status = EnrollmentStatus.SIGNED_UP
        else:
            status = EnrollmentStatus.COMPLETED if ends <= act.end else EnrollmentStatus.ACTIVE
        exit_on = ends if status == EnrollmentStatus.COMPLETED and rng.random() < 0.7 else None
        labour = rng.choice(list(LabourMarketStatus.values))
        enrollment_id = loader.add(
            t["enrollment"], group_id, client.id, signed_up, status, dropped_on,
            "Muutti pois paikkakunnalta." if dropped_on else "", labour,
            rng.choice(list(EducationLevel.values)),
            age_group_on(client.born, signed_up) or AgeGroup.FROM_25_TO_54,
            rng.choice(ANSWERS), rng.choice(ANSWERS), rng.choice(ANSWERS), exit_on,
            rng.choice(ANSWERS) if exit_on else "", rng.choice(ANSWERS) if exit_on else "",
            leader, moment(signed_up),
        )  # fmt: skip
        for session_id, day in sessions:
            if dropped_on is not None and day > dropped_on:
                break
            present = not never_came and rng.random() < 0.85
            loader.add(t["attendance"], session_id, enrollment_id, present, leader, moment(day))


def unit_outreach(
    act: Activity, unit: GeneratedUnit, clients: list[GeneratedClient], partners: list[int]
) -> None:
    rng, loader, t = act.rng, act.loader, act.tables
    for _v in range(round(len(clients) * VISITS_PER_CLIENT)):
        kind = rng.choice(VISIT_KINDS)
        day = act.start + DAY * rng.randrange((act.end - act.start).days + 1)
        low, high = PEOPLE_MET[kind]
        met = rng.randint(low, high)
        worker = rng.choice(unit.workers)
        pk = loader.add(
            t["visit"], kind, day, "Kylätalo" if kind == VisitKind.POPUP else "Kohtaamispaikka",
            unit.municipality_ids[0], unit.id, met, rng.randint(0, met // 3), worker, moment(day),
            moment(day),
        )  # fmt: skip
        if kind in (VisitKind.PARTNER_VISIT, VisitKind.POPUP) and partners:
            loader.add(t["visit_partner"], pk, rng.choice(partners))
        loader.add(t["visit_worker"], pk, worker)
        if rng.random() < 0.4:
            other = rng.choice(unit.workers)
            if other != worker:
                loader.add(t["visit_worker"], pk, other)
        if rng.random() < 0.03:
            loader.add(t["client_met"], pk, rng.choice(clients).id, worker, moment(day))


# --- An area's own records ------------------------------------------------------


def area_partners(act: Activity, area: GeneratedArea) -> list[int]:
    rng, loader, t = act.rng, act.loader, act.tables
    partners = []
    for k, municipality in enumerate(area.municipality_ids):
        for name, kind in (
            (f"Seurakunnan diakoniatyö {k + 1}", PartnerKind.PARISH),
            (f"Työttömien yhdistys {k + 1}", PartnerKind.THIRD_SECTOR),
            (f"Mielenterveysyhdistys {k + 1}", PartnerKind.THIRD_SECTOR),
        ):
            partners.append(
                loader.add(t["partner"], area.id, name, kind, municipality, rng.random() < 0.95)
            )
    return partners


def area_records(act: Activity, area: GeneratedArea, partners: list[int]) -> None:
    _observations(act, area, partners)
    _survey(act, area)
    _staff_and_communications(act, area)


def _observations(act: Activity, area: GeneratedArea, partners: list[int]) -> None:
    rng, loader, t = act.rng, act.loader, act.tables
    for _o in range(round(area.clients * OBSERVATIONS_PER_CLIENT)):
        unit = rng.choice(area.units)
        worker = rng.choice(unit.workers)
        recorded = act.start + DAY * rng.randrange((act.end - act.start).days + 1)
        steps = [recorded]
        for _s in range(rng.randint(0, 4)):
            steps.append(steps[-1] + DAY * rng.randrange(3, 40))
        steps = [day for day in steps if day <= act.end]

        def step(n, steps=steps):
            return steps[n] if len(steps) > n else None

        pk = loader.add(
            t["observation"], area.id, "Havainto palvelujen saatavuudesta",
            "Useampi asiakas on kertonut samasta ongelmasta.", rng.choice(act.themes),
            unit.municipality_ids[0], unit.id if rng.random() < 0.7 else None,
            rng.randint(0, 30), worker, recorded, step(1), worker if step(1) else None,
            unit.supervisor if step(2) else None, step(2),
            "Selvitetään yhteistyökumppanin kanssa." if step(3) else "",
            worker if step(3) else None, step(3), step(4), unit.supervisor if step(4) else None,
            "Asia eteni päättäjille." if step(4) else "", moment(steps[-1]),
        )  # fmt: skip
        if step(3) and partners:
            loader.add(t["observation_partner"], pk, rng.choice(partners))
        if step(2) and rng.random() < 0.3:
            loader.add(t["follow_up"], pk, step(2), worker, "Asiasta keskusteltiin tiimissä.")


def _survey(act: Activity, area: GeneratedArea) -> None:
    rng, loader, t = act.rng, act.loader, act.tables
    survey = loader.add(t["survey"], area.id, "Asiakastyytyväisyyskysely", True)
    statements = [loader.add(t["statement"], survey, k, text) for k, text in enumerate(STATEMENTS)]
    question = loader.add(t["question"], survey, 0, "Mitä haluaisit kertoa palveluista?")
    lines = list(RespondentServiceLine.values)
    for year in range(act.start.year, act.end.year + 1):
        opens = datetime.date(year, 3, 1)
        if not act.start <= opens <= act.end:
            continue
        round_id = loader.add(
            t["round"], survey, f"Maaliskuu {year}", opens, datetime.date(year, 3, 31),
            f"gen{rng.getrandbits(160):040x}",
        )  # fmt: skip
        for _r in range(max(1, round(area.clients * RESPONSES_PER_CLIENT_YEAR))):
            entered = rng.choice(area.units[0].workers) if rng.random() < 0.7 else None
            day = opens + DAY * rng.randrange(31)
            response = loader.add(t["response"], round_id, rng.choice(lines), entered, moment(day))
            for statement in statements:
                value = rng.choice(VALUES) if rng.random() > 0.05 else None
                loader.add(t["answer"], response, statement, value)
            if rng.random() < 0.2:
                loader.add(t["open_answer"], response, question, "Kiitos avusta.")


def _staff_and_communications(act: Activity, area: GeneratedArea) -> None:
    rng, loader, t = act.rng, act.loader, act.tables
    for year in range(act.start.year, act.end.year + 1):
        first = max(act.start, datetime.date(year, 1, 1))
        last = min(act.end, datetime.date(year, 12, 31))
        if first > last:
            continue
        span = (last - first).days + 1
        for k in range(3):
            loader.add(
                t["workshop"], area.id, first + DAY * (k * span // 3), f"Työpaja {k + 1}/{year}",
                rng.randint(8, 30),
            )  # fmt: skip
        for k in range(2):
            started = rng.randint(10, 20)
            training = loader.add(
                t["training"], area.id, f"Valmennus {k + 1}/{year}", "Koulutus Oy", started,
                started - rng.randint(0, 4),
            )  # fmt: skip
            day = first + DAY * (k * span // 2)
            days = {min(last, day + DAY * (7 * d)) for d in range(rng.randint(1, 4))}
            for held_on in sorted(days):
                loader.add(t["training_day"], training, held_on)
        for k in range(2):
            loader.add(
                t["participation"], area.id, "client_afternoon", first + DAY * (k * span // 2 + 5),
                f"Asiakasiltapäivä {k + 1}/{year}", rng.randint(5, 30),
            )  # fmt: skip
        for k in range(4):
            loader.add(
                t["media"], area.id, "newspaper", first + DAY * (k * span // 4 + 3),
                "Paikallislehti", f"Aikuissosiaalityö jalkautuu ({k + 1}/{year})",
            )  # fmt: skip
    followers, day = 50, datetime.date(act.start.year, act.start.month, 1)
    while day <= act.end:
        followers += rng.randint(0, 12)
        loader.add(t["followers"], area.id, "Facebook", day, followers)
        day = (day + DAY * 32).replace(day=1)
