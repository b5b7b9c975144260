"""The organisation of a generated installation: the 21 wellbeing services
counties (hyvinvointialueet) of mainland Finland, their municipalities, work
units and staff.

Scale 1 is one county of Essote's size (Etelä-Savo comes first); scale 150 is
all 21, the clients shared out by each county's population.  Municipality names
other than each county's centre are synthetic ("Etelä-Savo, kunta 3") and
their codes are free three-digit codes; the counties' names are real.
"""

import datetime
import math
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

from accounts.models import Area, Municipality, Role, ServiceLine, Title, Unit, User
from reports.generator.loader import Loader, moment

# name, code, centre, population in thousands (2023, rounded): the weights
# by which the clients are shared out.  Etelä-Savo first: scale 1 is Essote.
COUNTIES = [
    ("Etelä-Savon hyvinvointialue", "etela-savo", "Mikkeli", 131),
    ("Pirkanmaan hyvinvointialue", "pirkanmaa", "Tampere", 530),
    ("Varsinais-Suomen hyvinvointialue", "varsinais-suomi", "Turku", 485),
    ("Länsi-Uudenmaan hyvinvointialue", "lansi-uusimaa", "Espoo", 483),
    ("Pohjois-Pohjanmaan hyvinvointialue", "pohjois-pohjanmaa", "Oulu", 415),
    ("Vantaan ja Keravan hyvinvointialue", "vantaa-kerava", "Vantaa", 282),
    ("Keski-Suomen hyvinvointialue", "keski-suomi", "Jyväskylä", 275),
    ("Pohjois-Savon hyvinvointialue", "pohjois-savo", "Kuopio", 248),
    ("Satakunnan hyvinvointialue", "satakunta", "Pori", 214),
    ("Päijät-Hämeen hyvinvointialue", "paijat-hame", "Lahti", 205),
    ("Keski-Uudenmaan hyvinvointialue", "keski-uusimaa", "Hyvinkää", 201),
    ("Etelä-Pohjanmaan hyvinvointialue", "etela-pohjanmaa", "Seinäjoki", 191),
    ("Pohjanmaan hyvinvointialue", "pohjanmaa", "Vaasa", 176),
    ("Lapin hyvinvointialue", "lappi", "Rovaniemi", 176),
    ("Kanta-Hämeen hyvinvointialue", "kanta-hame", "Hämeenlinna", 171),
    ("Pohjois-Karjalan hyvinvointialue", "pohjois-karjala", "Joensuu", 164),
    ("Kymenlaakson hyvinvointialue", "kymenlaakso", "Kouvola", 163),
    ("Etelä-Karjalan hyvinvointialue", "etela-karjala", "Lappeenranta", 126),
    ("Itä-Uudenmaan hyvinvointialue", "ita-uusimaa", "Porvoo", 99),
    ("Keski-Pohjanmaan hyvinvointialue", "keski-pohjanmaa", "Kokkola", 78),
    ("Kainuun hyvinvointialue", "kainuu", "Kajaani", 71),
]
# The generator's areas carry this prefix in their code, so that a second
# run into the same database is recognised and refused.
CODE_PREFIX = "gen-"
# Scale 150 is the whole country.
NATIONAL_SCALE = 150
# About as many clients per unit as in Essote's eight units.
CLIENTS_PER_UNIT = 420
# Two units share a municipality's services on average; a county has at least 2.
UNITS_PER_MUNICIPALITY = 2
# Staff of a unit: social workers, social instructors, one supervisor.
SOCIAL_WORKERS, SOCIAL_INSTRUCTORS = 3, 2


@dataclass
class GeneratedUnit:
    id: int
    code: str
    area_id: int
    municipality_ids: list[int]
    social_workers: list[int] = field(default_factory=list)
    instructors: list[int] = field(default_factory=list)
    supervisor: int = 0

    @property
    def workers(self) -> list[int]:
        return self.social_workers + self.instructors


@dataclass
class GeneratedArea:
    id: int
    name: str
    code: str
    short: str
    clients: int
    municipality_ids: list[int] = field(default_factory=list)
    units: list[GeneratedUnit] = field(default_factory=list)
    coordinator: int = 0


def areas_for(scale: float) -> int:
    """How many counties a scale covers: one up to 150/21, all 21 at 150."""
    return max(1, min(len(COUNTIES), math.ceil(scale * len(COUNTIES) / NATIONAL_SCALE - 1e-9)))


def share_out(total: int, weights: list[int]) -> list[int]:
    """`total` split in proportion to the weights, summing exactly to `total`."""
    whole = sum(weights)
    shares = [total * w // whole for w in weights]
    for k in range(total - sum(shares)):
        shares[k % len(shares)] += 1
    return shares


def free_municipality_codes() -> list[str]:
    used = set(Municipality.objects.values_list("code", flat=True))
    return [f"{n:03d}" for n in range(1000) if f"{n:03d}" not in used]


def build(loader: Loader, *, clients: int, scale: float) -> list[GeneratedArea]:
    """Write areas, municipalities, units and users; return their plan."""
    chosen = COUNTIES[: areas_for(scale)]
    per_area = share_out(clients, [population for *_, population in chosen])
    areas_table = loader.table(Area, ("id", "name", "code"))
    municipality_table = loader.table(Municipality, ("id", "area_id", "name", "code"))
    unit_table = loader.table(Unit, ("id", "area_id", "name", "code", "service_line", "is_active"))
    unit_municipalities = loader.table(
        Unit.municipalities.through, ("id", "unit_id", "municipality_id")
    )
    user_table = loader.table(
        User,
        (
            "id",
            "password",
            "is_superuser",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_staff",
            "is_active",
            "date_joined",
            "role",
            "title",
            "area_id",
        ),
    )
    user_units = loader.table(User.units.through, ("id", "user_id", "unit_id"))
    free_codes = free_municipality_codes()
    codes = iter(free_codes)
    # Nobody logs in as generated staff: the benchmark uses force_login.
    unusable = make_password(None)
    joined = moment(datetime.date(2016, 1, 1))

    def user(username, first, last, role, title, area_id, unit_ids):
        pk = loader.add(
            user_table,
            unusable,
            False,
            username,
            first,
            last,
            "",
            False,
            True,
            joined,
            role,
            title,
            area_id,
        )
        for unit_id in unit_ids:
            loader.add(user_units, pk, unit_id)
        return pk

    result = []
    for (name, code, centre, _population), count in zip(chosen, per_area, strict=True):
        short = name.removesuffix(" hyvinvointialue")
        area_id = loader.add(areas_table, name, CODE_PREFIX + code)
        area = GeneratedArea(area_id, name, CODE_PREFIX + code, short, count)
        n_units = max(2, round(count / CLIENTS_PER_UNIT))
        n_municipalities = max(1, math.ceil(n_units / UNITS_PER_MUNICIPALITY))
        if n_municipalities > len(free_codes) - len(municipality_table.pending):
            raise ValueError("Too large a scale: the three-digit municipality codes run out.")
        for k in range(n_municipalities):
            label = centre if k == 0 else f"{short}, kunta {k + 1}"
            area.municipality_ids.append(
                loader.add(municipality_table, area_id, label, next(codes))
            )
        for k in range(n_units):
            # Every third unit is mental-health and substance-abuse social work.
            line = (
                ServiceLine.MENTAL_HEALTH_SUBSTANCE_ABUSE
                if k % 3 == 2
                else (ServiceLine.ADULT_SOCIAL_WORK)
            )
            municipality_id = area.municipality_ids[k // UNITS_PER_MUNICIPALITY]
            kind = "mielenterveys- ja päihdesosiaalityö" if line == "mhsa" else "aikuissosiaalityö"
            unit_code = f"{CODE_PREFIX}{code}-{k + 1:03d}"
            unit_id = loader.add(
                unit_table, area_id, f"{short} {k + 1}: {kind}", unit_code, line, True
            )
            loader.add(unit_municipalities, unit_id, municipality_id)
            unit = GeneratedUnit(unit_id, unit_code, area_id, [municipality_id])
            for s in range(SOCIAL_WORKERS):
                unit.social_workers.append(
                    user(f"{unit_code}-sty{s + 1}", "Sosiaalityöntekijä", f"{s + 1} ({unit_code})",
                         Role.WORKER, Title.SOCIAL_WORKER, area_id, [unit_id])
                )  # fmt: skip
            for s in range(SOCIAL_INSTRUCTORS):
                unit.instructors.append(
                    user(f"{unit_code}-so{s + 1}", "Sosiaaliohjaaja", f"{s + 1} ({unit_code})",
                         Role.WORKER, Title.SOCIAL_INSTRUCTOR, area_id, [unit_id])
                )  # fmt: skip
            unit.supervisor = user(
                f"{unit_code}-esihenkilo", "Esihenkilö", f"({unit_code})",
                Role.SUPERVISOR, "", area_id, [unit_id],
            )  # fmt: skip
            area.units.append(unit)
        area.coordinator = user(
            f"{CODE_PREFIX}{code}-koordinaattori", "Koordinaattori", f"({short})",
            Role.COORDINATOR, "", area_id, [area.units[0].id],
        )  # fmt: skip
        result.append(area)
    loader.flush()
    return result
