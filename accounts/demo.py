"""Demo organisation and staff: Essote's area, its 7 municipalities, 8 units.

The people are made up.  Every demo login shares one password, printed when
the demo loads (README.md lists them too).
"""

from accounts.models import Area, Municipality, Role, ServiceLine, Title, Unit, User

DEMO_PASSWORD = "demo-salasana-2026"

MUNICIPALITIES = [
    ("491", "Mikkeli"),
    ("097", "Hirvensalmi"),
    ("178", "Juva"),
    ("213", "Kangasniemi"),
    ("507", "Mäntyharju"),
    ("588", "Pertunmaa"),
    ("623", "Puumala"),
]

# code, name, service line, municipality codes
UNITS = [
    ("mikkeli-as", "Mikkelin aikuissosiaalityö", ServiceLine.ADULT_SOCIAL_WORK, ["491"]),
    (
        "mikkeli-mipa",
        "Mikkelin mielenterveys- ja päihdesosiaalityö",
        ServiceLine.MENTAL_HEALTH_SUBSTANCE_ABUSE,
        ["491"],
    ),
    ("juva-as", "Juvan aikuissosiaalityö", ServiceLine.ADULT_SOCIAL_WORK, ["178"]),
    ("kangasniemi-as", "Kangasniemen aikuissosiaalityö", ServiceLine.ADULT_SOCIAL_WORK, ["213"]),
    (
        "mantyharju-as",
        "Mäntyharjun ja Pertunmaan aikuissosiaalityö",
        ServiceLine.ADULT_SOCIAL_WORK,
        ["507", "588"],
    ),
    ("puumala-as", "Puumalan aikuissosiaalityö", ServiceLine.ADULT_SOCIAL_WORK, ["623"]),
    ("hirvensalmi-as", "Hirvensalmen aikuissosiaalityö", ServiceLine.ADULT_SOCIAL_WORK, ["097"]),
    (
        "seutu-mipa",
        "Seudullinen mielenterveys- ja päihdesosiaalityö",
        ServiceLine.MENTAL_HEALTH_SUBSTANCE_ABUSE,
        ["097", "178", "213", "507", "588", "623"],
    ),
]

# username, first name, last name, role, title, unit codes
USERS = [
    ("sosiaalityontekija", "Sanna", "Virtanen", Role.WORKER, Title.SOCIAL_WORKER, ["mikkeli-as"]),
    (
        "sosiaaliohjaaja",
        "Olli",
        "Heikkinen",
        Role.WORKER,
        Title.SOCIAL_INSTRUCTOR,
        ["mikkeli-as", "mikkeli-mipa"],
    ),
    ("juva.tyontekija", "Jaana", "Laitinen", Role.WORKER, Title.SOCIAL_WORKER, ["juva-as"]),
    ("esihenkilo", "Eija", "Nieminen", Role.SUPERVISOR, "", ["mikkeli-as", "mikkeli-mipa"]),
    ("koordinaattori", "Kalle", "Hämäläinen", Role.COORDINATOR, "", ["mikkeli-as"]),
    ("yllapitaja", "Ylva", "Koskinen", Role.ADMINISTRATOR, "", []),
]


def load_demo(out) -> None:
    area, _ = Area.objects.update_or_create(code="essote", defaults={"name": "Essote"})
    municipalities = {
        code: Municipality.objects.update_or_create(
            code=code, defaults={"name": name, "area": area}
        )[0]
        for code, name in MUNICIPALITIES
    }
    units = {}
    for code, name, line, municipality_codes in UNITS:
        unit, _ = Unit.objects.update_or_create(
            code=code, defaults={"name": name, "area": area, "service_line": line}
        )
        unit.municipalities.set([municipalities[c] for c in municipality_codes])
        units[code] = unit

    out.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for username, first, last, role, title, unit_codes in USERS:
        administrator = role == Role.ADMINISTRATOR
        user, created = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "role": role,
                "title": title,
                "area": area,
                "is_staff": administrator,
                "is_superuser": administrator,
            },
        )
        if created:
            # Hashing is slow by design: only on the first load.
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.units.set([units[c] for c in unit_codes])
        out.write(f"  {username:<20} {user.role_label}")
