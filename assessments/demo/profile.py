"""What a designed row says about its made-up person: name, identity-code
number, municipality, and the assessment's other structured fields and texts.

Everything follows from the row's index and attributes, so the demo is the
same on every load.  The names combine small lists of common Finnish names;
the people do not exist.
"""

import datetime

from dateutil.relativedelta import relativedelta

from assessments.demo.design import Row

MEN = (
    "Matti", "Timo", "Juha", "Mikko", "Jari", "Antti", "Kari", "Markku", "Pekka", "Jukka",
    "Mika", "Janne", "Ville", "Tuomas", "Sami", "Petri", "Eero", "Lauri", "Joni", "Aleksi",
    "Teemu", "Esa", "Veikko", "Tapani", "Niko",
)  # fmt: skip
WOMEN = (
    "Anna", "Maria", "Tiina", "Sari", "Minna", "Päivi", "Laura", "Johanna", "Hanna", "Susanna",
    "Katja", "Elina", "Satu", "Marja", "Anne", "Riitta", "Emmi", "Jenni", "Sanna", "Tuula",
    "Aino", "Helena", "Pirjo",
)  # fmt: skip
LAST_NAMES = (
    "Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Heikkinen",
    "Koskinen", "Järvinen", "Lehtonen", "Lehtinen", "Saarinen", "Salminen", "Heinonen", "Niemi",
    "Heikkilä", "Kinnunen", "Salonen", "Turunen", "Salo", "Laitinen", "Tuominen", "Rantanen",
    "Karjalainen", "Jokinen", "Mattila", "Savolainen", "Lahtinen", "Ahonen", "Hiltunen",
    "Kärkkäinen", "Pesonen", "Manninen", "Hyvönen", "Partanen", "Kauppinen",
)  # fmt: skip

# Where the clients of each unit live (municipality codes, repeated by weight).
RESIDENCE = {
    "mikkeli-as": ("491",),
    "mikkeli-mipa": ("491",),
    "juva-as": ("178",),
    "kangasniemi-as": ("213",),
    "mantyharju-as": ("507", "507", "507", "588"),
    "puumala-as": ("623",),
    "hirvensalmi-as": ("097",),
    "seutu-mipa": ("178", "213", "507", "097", "623", "588", "178", "213"),
}


def person(row: Row, completed_on: datetime.date) -> dict:
    """Name, date of birth (age `row.age` on `completed_on`), residence,
    mother tongue and the identity code's individual number (900-999)."""
    i = row.index
    first_names = MEN if row.sex == "male" else WOMEN
    born = completed_on - relativedelta(years=row.age) - datetime.timedelta(days=1 + i * 137 % 359)
    # Odd for men and even for women, as the numbers were given until now;
    # the sex itself is recorded and never read from the code.
    number = 900 + (i * 2) % 100 + (1 if row.sex == "male" else 0)
    residence = RESIDENCE[row.unit]
    return {
        "first_name": first_names[i * 7 % len(first_names)],
        "last_name": LAST_NAMES[(i * 11 + i // len(LAST_NAMES)) % len(LAST_NAMES)],
        "date_of_birth": born,
        "municipality": residence[i % len(residence)],
        "mother_tongue": "sv" if i % 41 == 5 else "other" if i % 27 == 8 else "fi",
        "individual_number": number,
    }


def housing(row: Row) -> tuple[str, tuple[str, ...]]:
    """Housing (most rent) and at least one named housing problem."""
    i = row.index
    if row.age >= 65 and i % 3 == 0:
        return "2", ("5",) if row.age >= 72 else ("6",)
    if row.age < 26 and i % 2 == 0:
        return "4", ("9",)
    if row.substance and i % 8 == 0:
        return "5", ("2",)
    if i % 17 == 0:
        return "3", ("5",) if row.age >= 60 else ("4",)
    if i % 43 == 0:
        return "6", ("9",)
    if i % 31 == 0:
        return "9", ("9",)
    problems = (("1",), ("3",), ("4",), ("1", "3"), ("6",), ("3", "4"), ("9",))
    return "1", problems[i % len(problems)]


def social_network(row: Row) -> tuple[str, ...]:
    i = row.index
    if not row.substance and i % 5 == 0:
        return ("4",)
    codes = [("1",), ("2",), ("1", "2")][i % 3]
    return codes + ("3",) if row.substance and i % 2 else codes


def income_sufficiency(row: Row) -> str:
    return ("1", "3", "2", "3", "2", "3", "1", "2", "3", "2", "3", "9")[row.index % 12]


def violence(row: Row) -> str:
    i = row.index
    if i % (4 if row.sex == "female" else 7) == 0:
        return "1"
    return "9" if i % 11 == 3 else "2"


def services_needed(row: Row, *, income: str, housing_type: str, problems, support_person: bool):
    """The services the client needs, following from the assessment."""
    codes = ["1"]
    if row.labour in ("3", "6"):
        codes.append("2")
    if row.unemployed and row.index % 3 == 0:
        codes.append("3")
    if support_person:
        codes.append("4")
    if housing_type == "5":
        codes.append("5")
    if row.substance:
        codes.append("6")
    if row.mental:
        codes.append("7")
    if income in ("2", "3"):
        codes.append("8")
    if "1" in problems:
        codes.append("9")
    if "3" in row.illnesses:
        codes.append("10")
    return tuple(codes)


SITUATIONS = (
    "Asiakas asuu yksin vuokra-asunnossa. Toimeentulo on niukkaa ja laskuja on rästissä.",
    "Asiakas on ollut pitkään työttömänä. Päivärytmi on hajonnut ja yhteydet läheisiin vähäisiä.",
    "Asiakas on kotiutunut osastohoidosta ja tarvitsee tukea arjen sujumiseen.",
    "Asiakkaalla on päihteiden käyttöä, joka vaikeuttaa asumista ja raha-asioiden hoitoa.",
    "Asiakas kokee olevansa yksinäinen eikä tiedä, mistä saisi apua.",
)
VIEWS = (
    "Haluaa saada raha-asiat järjestykseen ja pysyä asunnossaan.",
    "Toivoo pääsevänsä mukaan johonkin ryhmään tai työtoimintaan.",
    "Kokee tarvitsevansa apua, mutta ei vielä tiedä millaista.",
    "Haluaa vähentää päihteiden käyttöä ja saada tukea siihen.",
)
CONCLUSIONS = (
    "Asiakkaalla on tarve sosiaaliohjaukseen ja taloudelliseen tukeen. Laaditaan suunnitelma.",
    "Asiakas hyötyy kuntouttavasta työtoiminnasta ja säännöllisestä sosiaaliohjauksesta.",
    "Tuen tarve liittyy terveyteen ja toimeentuloon; ohjataan terveydenhuollon palveluihin.",
    "Asiakkuus jatkuu aikuissosiaalityössä; nimetään omatyöntekijä.",
    "Palvelutarve on tilapäinen; neuvonta ja ohjaus riittävät.",
)
PLAN_GOALS = (
    "Raha-asioiden järjestäminen ja vuokrarästien maksusuunnitelma.",
    "Päivärytmin vahvistaminen ja osallistuminen ryhmätoimintaan.",
    "Päihteettömyyden tukeminen ja hoitoon sitoutuminen.",
    "Työ- ja toimintakyvyn selvittäminen.",
    "Asumisen turvaaminen ja yksinäisyyden vähentäminen.",
)
PLAN_SERVICES = (
    "Sosiaaliohjaus, talous- ja velkaneuvonta.",
    "Sosiaalinen kuntoutus, toiminnallinen ryhmä.",
    "Päihdepalvelut, mielenterveyspalvelut.",
    "Kuntouttava työtoiminta, sosiaaliohjaus.",
    "Asumispalvelut, tukihenkilö.",
)
INITIATION_SUMMARIES = (
    "Toimeentulo ja asuminen.",
    "Työttömyyden pitkittyminen.",
    "Huoli päihteiden käytöstä.",
    "Kotona pärjääminen.",
    "Yksinäisyys ja jaksaminen.",
)


def texts(row: Row) -> dict:
    i = row.index
    return {
        "client_situation": SITUATIONS[i % len(SITUATIONS)],
        "client_view": VIEWS[i % len(VIEWS)],
        "professional_conclusion": CONCLUSIONS[i % len(CONCLUSIONS)],
        "relationship_continues": i % 6 != 5,
        "needs_responsible_worker": i % 3 != 0,
        "needs_special_support": row.substance and row.mental and i % 2 == 0,
    }
