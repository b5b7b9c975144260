"""Demo structural social work: the March 2019 satisfaction survey and a
handful of grievance observations under the seed's themes.

The survey: a paper form, statements on a scale of 1-5, 100 respondents
(54 adult social work, 41 mipä, 5 did not say), mean 4.2.  Best: respectful
treatment, being heard, the client's opinion counted.  Below the mean:
reachability, getting an appointment, knowing what help is available.
Clearly lower: sufficiency of municipal services, willingness to be a
developer client.  A few answered 1-2.

Deterministic (fixed distributions, a fixed shuffle seed) and idempotent:
the survey and its round are found by name, and the responses and
observations are written once with bulk_create.
"""

import datetime
import random

from django.db import transaction
from django.db.models import Avg

from accounts.models import Area, Municipality, Role, Unit, User
from clients.models import Code
from outreach.models import PartnerOrganisation
from structural.models import (
    THEME_CODE_LIST,
    Answer,
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

SEED = 2019
SURVEY_NAME = "Asiakastyytyväisyyskysely"
ROUND_NAME = "Maaliskuu 2019"
ROUND_OPENS, ROUND_CLOSES = datetime.date(2019, 3, 1), datetime.date(2019, 3, 31)

# statement, counts of the values 1, 2, 3, 4, 5 over the 100 respondents
STATEMENTS = [
    ("Minua kohdeltiin asiallisesti ja kunnioittavasti.", (0, 0, 3, 27, 70)),
    ("Minua kuunneltiin.", (0, 1, 4, 31, 64)),
    ("Mielipiteeni otettiin huomioon.", (0, 2, 5, 33, 60)),
    ("Tavoitin työntekijän tarvittaessa.", (1, 3, 14, 44, 38)),
    ("Sain ajan tapaamiseen riittävän nopeasti.", (1, 3, 15, 44, 37)),
    ("Tiedän, mitä apua on saatavilla.", (1, 3, 16, 43, 37)),
    ("Kuntani palvelut ovat riittäviä tilanteeseeni.", (3, 8, 27, 40, 22)),
    ("Olisin kiinnostunut toimimaan kehittäjäasiakkaana.", (6, 12, 34, 30, 18)),
]
OPEN_QUESTIONS = [
    "Mikä palvelussa oli hyvää?",
    "Miten palvelua voisi kehittää?",
]
OPEN_ANSWERS = [
    (0, "Työntekijä oli ystävällinen ja kuunteli."),
    (0, "Asiat hoituivat nopeasti."),
    (1, "Puhelinaikoja enemmän."),
    (1, "Enemmän ryhmiä myös pienempiin kuntiin."),
    (1, "Tietoa eri palveluista selkeämmin."),
]
SERVICE_LINES = (
    [RespondentServiceLine.ADULT] * 54
    + [RespondentServiceLine.MHSA] * 41
    + [RespondentServiceLine.NOT_SAID] * 5
)

# title, theme code, municipality code, clients concerned, recorded on,
# the steps taken (0 recorded ... 4 closed), description
OBSERVATIONS = [
    ("Yksinäisyys ikääntyvillä päihdeasiakkailla", "1", "491", 12, (2018, 9, 12), 3,
     "Monella asiakkaalla ei ole ketään, jonka kanssa viettää iltoja ja viikonloppuja."),
    ("Kohtaamispaikkojen puute iltaisin", "1", "491", 8, (2019, 1, 23), 2,
     "Matalan kynnyksen paikat ovat auki vain arkipäivisin."),
    ("Asunnottomuus vapautuessa vankilasta", "2", "491", 5, (2018, 6, 5), 4,
     "Asunto ei ole valmiina vapautumispäivänä, ja asiakas jää ilman osoitetta."),
    ("Häätöjen uhka vuokrarästeistä", "2", "491", 9, (2018, 11, 7), 3,
     "Vuokrarästit kasvavat ennen kuin sosiaalityö saa tiedon."),
    ("Tilapäismajoituksen puute", "2", "491", 4, (2019, 4, 10), 1,
     "Kriisitilanteessa ei ole tilapäistä majoitusta saatavilla."),
    ("Terveyskeskusaikojen saatavuus reunakunnissa", "3", "097", 15, (2018, 10, 3), 3,
     "Ympäryskuntien asiakkaat odottavat lääkärin aikaa viikkoja."),
    ("Pitkät matkat erikoissairaanhoitoon", "3", "213", 7, (2019, 2, 13), 2,
     "Julkinen liikenne ei sovi vastaanottoaikoihin."),
    ("Hoitamattomat pitkäaikaissairaudet", "3", "491", 20, (2019, 5, 8), 1,
     "Palvelutarpeen arvioinneissa vain harvalla ei ole terveysongelmaa."),
    ("Velkaantuminen pikavipeistä", "4", "491", 10, (2019, 3, 6), 0,
     "Pikavipit ovat monen nuoren aikuisen toimeentulo-ongelman taustalla."),
    ("Asiointi vaatii verkkopankkitunnukset", "6", "097", 6, (2019, 6, 12), 4,
     "Ilman tunnuksia asiakas ei pääse hakemaan etuuksia sähköisesti."),
]  # fmt: skip


def _responses(survey_round, statements, questions) -> int:
    rng = random.Random(SEED)
    columns = []
    for _text, counts in STATEMENTS:
        values = [value for value, count in enumerate(counts, start=1) for _ in range(count)]
        rng.shuffle(values)
        columns.append(values)
    responses = Response.objects.bulk_create(
        Response(round=survey_round, service_line=line) for line in SERVICE_LINES
    )
    Answer.objects.bulk_create(
        Answer(response=response, statement=statement, value=columns[s][r])
        for r, response in enumerate(responses)
        for s, statement in enumerate(statements)
    )
    OpenAnswer.objects.bulk_create(
        OpenAnswer(response=responses[i * 7], question=questions[q], text=text)
        for i, (q, text) in enumerate(OPEN_ANSWERS)
    )
    return len(responses)


def _observations(area: Area) -> None:
    themes = {c.code: c for c in Code.objects.filter(code_list__key=THEME_CODE_LIST)}
    municipalities = {m.code: m for m in Municipality.objects.filter(area=area)}
    unit = Unit.objects.filter(area=area).order_by("code").first()
    staff = User.objects.filter(area=area, is_active=True)
    worker = staff.filter(role=Role.WORKER).order_by("username").first()
    supervisor = staff.filter(role=Role.SUPERVISOR).order_by("username").first() or worker
    partners = list(PartnerOrganisation.objects.filter(area=area).order_by("name")[:2])
    rows = []
    for title, theme, municipality, concerned, recorded, steps, description in OBSERVATIONS:
        day = datetime.date(*recorded)
        rows.append(
            Observation(
                area=area,
                title=title,
                description=description,
                theme=themes[theme],
                municipality=municipalities.get(municipality),
                unit=unit if municipality == "491" else None,
                clients_concerned=concerned,
                recorded_by=worker,
                recorded_on=day,
                raised_in_team_on=day + datetime.timedelta(days=7) if steps >= 1 else None,
                raised_by=worker if steps >= 1 else None,
                supervisor_informed=supervisor if steps >= 2 else None,
                supervisor_informed_on=day + datetime.timedelta(days=14) if steps >= 2 else None,
                action_agreed=(
                    "Viedään tieto yhteistyökumppaneille ja kunnan päättäjille."
                    if steps >= 3
                    else ""
                ),
                responsible=supervisor if steps >= 3 else None,
                action_agreed_on=day + datetime.timedelta(days=30) if steps >= 3 else None,
                closed_on=day + datetime.timedelta(days=120) if steps >= 4 else None,
                closed_by=supervisor if steps >= 4 else None,
                outcome="Asia vietiin eteenpäin; seurataan." if steps >= 4 else "",
            )
        )
    observations = Observation.objects.bulk_create(rows)
    for observation in observations:
        if observation.action_agreed_on and partners:
            observation.partners.set(partners)
    ObservationFollowUp.objects.bulk_create(
        ObservationFollowUp(
            observation=observation,
            on=observation.action_agreed_on + datetime.timedelta(days=30),
            by=supervisor,
            text="Asiasta keskusteltu yhteistyöpalaverissa.",
        )
        for observation in observations
        if observation.action_agreed_on
    )


def load_demo(out) -> None:
    area = Area.objects.get(code="essote")
    with transaction.atomic():
        survey, _ = Survey.objects.get_or_create(
            area=area,
            name=SURVEY_NAME,
            defaults={"description": "Aikuissosiaalityön ja mipän asiakastyytyväisyyskysely."},
        )
        statements = [
            Statement.objects.get_or_create(survey=survey, order=i, defaults={"text": text})[0]
            for i, (text, _counts) in enumerate(STATEMENTS, start=1)
        ]
        questions = [
            OpenQuestion.objects.get_or_create(survey=survey, order=i, defaults={"text": text})[0]
            for i, text in enumerate(OPEN_QUESTIONS, start=1)
        ]
        survey_round, _ = SurveyRound.objects.get_or_create(
            survey=survey,
            name=ROUND_NAME,
            defaults={"opens_on": ROUND_OPENS, "closes_on": ROUND_CLOSES},
        )
        if not survey_round.responses.exists():
            _responses(survey_round, statements, questions)
        if not Observation.objects.filter(area=area).exists():
            _observations(area)

    mean = Answer.objects.filter(response__round=survey_round, value__isnull=False).aggregate(
        mean=Avg("value")
    )["mean"]
    out.write(
        f"Demo structural social work: survey round {survey_round.name} with "
        f"{survey_round.responses.count()} responses (mean {mean or 0:.2f}), "
        f"{Observation.objects.filter(area=area).count()} grievance observations, "
        f"{ObservationFollowUp.objects.filter(observation__area=area).count()} follow-ups."
    )
