"""Demo clients: made-up people spread over the demo units.

Nine named clients (D0000001-D0000009) whose process is under way today, so
that each demo login meets running and overdue statutory deadlines, a plan
review and a draft.  The bulk of 2017-2019 comes with the assessments
(assessments/demo/).  Identity codes use only the temporary individual
numbers 900-999 (DOMAIN.md).
"""

import datetime

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.models import Area, Municipality, Role, Title, Unit, User
from clients.deadlines import is_working_day
from clients.identity_code import compute_check_character
from clients.models import Client, Code, InitiationChannel
from clients.services import _identity_code_fields, client_plan_record, initiation_record

# Workers who record the demo cases of units that have no demo login.  They
# cannot log in (unusable password); the demo logins are in accounts/demo.py.
RECORDING_WORKERS = [
    ("kangasniemi.tyontekija", "Kaisa", "Lehtonen", "kangasniemi-as"),
    ("mantyharju.tyontekija", "Markku", "Rantanen", "mantyharju-as"),
    ("puumala.tyontekija", "Päivi", "Salonen", "puumala-as"),
    ("hirvensalmi.tyontekija", "Heikki", "Mattila", "hirvensalmi-as"),
    ("seutu.tyontekija", "Satu", "Kärkkäinen", "seutu-mipa"),
]

# number, first, last, born, unit, responsible worker, sex, municipality,
# mother tongue, individual number (900-999), phone
CLIENTS = [
    ("D0000001", "Matti", "Esimerkki", datetime.date(1975, 3, 14), "mikkeli-as",
     "sosiaalityontekija", "male", "491", "fi", 901, "040 000 0001"),
    ("D0000002", "Liisa", "Kuvitteellinen", datetime.date(1988, 11, 2), "mikkeli-as",
     "sosiaalityontekija", "female", "491", "fi", 902, "040 000 0002"),
    ("D0000003", "Pekka", "Testinen", datetime.date(1962, 6, 30), "mikkeli-as",
     "sosiaaliohjaaja", "male", "491", "fi", 903, ""),
    ("D0000004", "Aino", "Malli", datetime.date(1999, 1, 21), "mikkeli-mipa",
     "sosiaaliohjaaja", "female", "491", "sv", 904, "040 000 0004"),
    ("D0000005", "Jussi", "Keksitty", datetime.date(1981, 8, 9), "mikkeli-mipa",
     None, "male", "491", "fi", 905, ""),
    ("D0000006", "Helmi", "Demo", datetime.date(1944, 12, 24), "juva-as",
     "juva.tyontekija", "female", "178", "fi", 906, "040 000 0006"),
    ("D0000007", "Tapio", "Harjoitus", datetime.date(1970, 5, 5), "juva-as",
     "juva.tyontekija", "male", "178", "fi", 907, ""),
    ("D0000008", "Riikka", "Kokeilu", datetime.date(1993, 9, 17), "puumala-as",
     None, "female", "623", "fi", 908, ""),
    ("D0000009", "Eino", "Luonnos", datetime.date(1950, 2, 11), "mikkeli-as",
     "sosiaalityontekija", "male", "491", "fi", 909, "040 000 0009"),
]  # fmt: skip

# The process of each named client, in days before the first demo load:
# number, initiated (working days ago), channel, notifier, what it concerns
INITIATIONS = [
    ("D0000001", 120, InitiationChannel.OWN_CONTACT, None, "Toimeentulo ja asunnon vuokrarästit."),
    ("D0000002", 8, InitiationChannel.NOTICE, "4", "Terveysaseman yhteydenotto: uupumus."),
    ("D0000003", 280, InitiationChannel.REFERRAL, None, "Työttömyyden pitkittyminen."),
    ("D0000004", 50, InitiationChannel.OWN_CONTACT, None, "Päihteiden käyttö ja opinnot."),
    ("D0000005", 28, InitiationChannel.NOTICE, "6", "Poliisin huoli-ilmoitus."),
    # Helmi Demo is 75 or over: the 7-working-day start limit runs now.
    ("D0000006", 3, InitiationChannel.NOTICE, "2", "Omainen on huolissaan kotona pärjäämisestä."),
    ("D0000007", 210, InitiationChannel.OWN_CONTACT, None, "Velat ja yksinäisyys."),
    ("D0000008", 17, InitiationChannel.OWN_CONTACT, None, "Asunnon etsiminen."),
    # Eino Luonnos is 75 or over and nobody has started in about 20 days:
    # the limit is overdue.
    ("D0000009", 14, InitiationChannel.NOTICE, "4", "Sairaalasta kotiutus, ei apua kotona."),
]

# number, drawn up (working days ago), review (calendar days from today), goals, services
PLANS = [
    ("D0000001", 100, 4, "Vuokrarästien maksusuunnitelma ja asumisen turvaaminen.",
     "Sosiaaliohjaus, talous- ja velkaneuvonta."),
    ("D0000003", 260, 20, "Kuntouttavaan työtoimintaan osallistuminen kolmena päivänä viikossa.",
     "Kuntouttava työtoiminta, sosiaaliohjaus."),
    ("D0000004", 35, 120, "Päihteettömyyden tukeminen ja opintojen jatkaminen.",
     "Päihdepalvelut, sosiaalinen kuntoutus."),
    ("D0000007", 190, -10, "Velkojen järjestely ja ryhmätoimintaan osallistuminen.",
     "Talous- ja velkaneuvonta, toiminnallinen ryhmä."),
]  # fmt: skip


def working_days_before(day: datetime.date, n: int) -> datetime.date:
    """The working day n working days before `day` (0: `day` or the working day before)."""
    while not is_working_day(day):
        day -= datetime.timedelta(days=1)
    while n:
        day -= datetime.timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def demo_identity_code(date_of_birth: datetime.date, individual_number: int) -> str:
    """A valid identity code with a temporary individual number (900-999)."""
    if not 900 <= individual_number <= 999:
        raise ValueError("Demo identity codes use only the individual numbers 900-999.")
    ddmmyy = date_of_birth.strftime("%d%m%y")
    sign = "-" if date_of_birth.year < 2000 else "A"
    number = f"{individual_number:03d}"
    return f"{ddmmyy}{sign}{number}{compute_check_character(ddmmyy, number)}"


def unit_workers() -> dict[str, list[User]]:
    """The demo workers of each unit, by unit code (social workers first)."""
    workers: dict[str, list[User]] = {}
    for user in (
        User.objects.filter(role=Role.WORKER)
        .prefetch_related("units")
        .order_by("title", "username")
    ):
        for unit in user.units.all():
            workers.setdefault(unit.code, []).append(user)
    return workers


def _recording_workers() -> list[str]:
    """A worker for each demo unit that has no other demo worker (no login)."""
    area = Area.objects.get(code="essote")
    mine = [username for username, *_ in RECORDING_WORKERS]
    staffed = set(
        User.objects.filter(role=Role.WORKER)
        .exclude(username__in=mine)
        .values_list("units__code", flat=True)
    )
    existing = set(User.objects.filter(username__in=mine).values_list("username", flat=True))
    recording = []
    for username, first, last, unit_code in RECORDING_WORKERS:
        if unit_code in staffed and username not in existing:
            continue
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "role": Role.WORKER,
                "title": Title.SOCIAL_WORKER,
                "area": area,
                "password": make_password(None),
            },
        )
        if created:
            user.units.set([Unit.objects.get(code=unit_code)])
        recording.append(username)
    return recording


def _process(clients: dict[str, Client], workers: dict[str, list[User]]) -> None:
    """Initiations and client plans of the named clients, once."""
    today = timezone.localdate()
    notifiers = {code.code: code for code in Code.objects.of("notifier")}
    for number, days_ago, channel, notifier, summary in INITIATIONS:
        client = clients[number]
        if client.initiations.exists():
            continue
        initiation_record(
            client=client,
            by=client.responsible_worker or workers[client.unit.code][0],
            initiated_on=working_days_before(today, days_ago),
            channel=channel,
            notifier=notifiers.get(notifier),
            summary=summary,
        )
    for number, days_ago, review_in, goals, services in PLANS:
        client = clients[number]
        if client.plans.exists():
            continue
        client_plan_record(
            client=client,
            by=client.responsible_worker,
            drawn_up_on=working_days_before(today, days_ago),
            review_on=today + datetime.timedelta(days=review_in),
            goals=goals,
            agreed_services=services,
        )


def load_demo(out) -> None:
    recording = _recording_workers()
    units = {u.code: u for u in Unit.objects.all()}
    municipalities = {m.code: m for m in Municipality.objects.all()}
    users = {u.username: u for u in User.objects.all()}
    clients = {}
    for (number, first, last, born, unit_code, worker, sex, municipality, tongue, individual,
         phone) in CLIENTS:  # fmt: skip
        client, created = Client.objects.update_or_create(
            client_number=number,
            defaults={
                "first_name": first,
                "last_name": last,
                "date_of_birth": born,
                "unit": units[unit_code],
                "responsible_worker": users.get(worker),
                "sex": sex,
                "municipality": municipalities[municipality],
                "mother_tongue": tongue,
                "phone": phone,
            },
        )
        if not client.identity_code_token:
            # Encrypted once: a new token on every load would be a change.
            fields = _identity_code_fields(demo_identity_code(born, individual))
            Client.objects.filter(pk=client.pk).update(**fields)
        clients[number] = client
    _process(clients, unit_workers())
    out.write(
        f"Demo clients: {Client.objects.filter(client_number__startswith='D0').count()} "
        "named clients; demo workers without a login who record cases: "
        + ", ".join(recording or ["none"])
    )
