"""Demo clients: made-up people spread over the demo units."""

import datetime

from accounts.models import Unit, User
from clients.models import Client

# client number, first name, last name, date of birth, unit, responsible worker
CLIENTS = [
    (
        "D0000001",
        "Matti",
        "Esimerkki",
        datetime.date(1975, 3, 14),
        "mikkeli-as",
        "sosiaalityontekija",
    ),
    (
        "D0000002",
        "Liisa",
        "Kuvitteellinen",
        datetime.date(1988, 11, 2),
        "mikkeli-as",
        "sosiaalityontekija",
    ),
    ("D0000003", "Pekka", "Testinen", datetime.date(1962, 6, 30), "mikkeli-as", "sosiaaliohjaaja"),
    ("D0000004", "Aino", "Malli", datetime.date(1999, 1, 21), "mikkeli-mipa", "sosiaaliohjaaja"),
    ("D0000005", "Jussi", "Keksitty", datetime.date(1981, 8, 9), "mikkeli-mipa", None),
    ("D0000006", "Helmi", "Demo", datetime.date(1944, 12, 24), "juva-as", "juva.tyontekija"),
    ("D0000007", "Tapio", "Harjoitus", datetime.date(1970, 5, 5), "juva-as", "juva.tyontekija"),
    ("D0000008", "Riikka", "Kokeilu", datetime.date(1993, 9, 17), "puumala-as", None),
]


def load_demo(out) -> None:
    units = {u.code: u for u in Unit.objects.all()}
    workers = {u.username: u for u in User.objects.all()}
    for number, first, last, born, unit_code, worker in CLIENTS:
        Client.objects.update_or_create(
            client_number=number,
            defaults={
                "first_name": first,
                "last_name": last,
                "date_of_birth": born,
                "unit": units[unit_code],
                "responsible_worker": workers.get(worker),
            },
        )
    out.write(f"Demo clients: {len(CLIENTS)}")
