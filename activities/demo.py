"""Demo activities of the Essote area, after the project's final report
(/work/shared/seed, chapters 2.1, 2.3, 2.5-2.8).

The report gives months rather than days for most events: where it does,
the day here is chosen for the demo and the notes say so.  Head-counts and
the number of days are the report's own.  Follower counts between the
report's figures are made up, rising to "over 200" by the project's end.
"""

import datetime

from accounts.models import Area
from activities.models import (
    FollowerCount,
    MediaItem,
    MediaKind,
    ParticipationEvent,
    ParticipationKind,
    Training,
    TrainingDay,
    Workshop,
)

D = datetime.date
DAY_CHOSEN = "Raportti kertoo vain kuukauden; päivä on valittu demoa varten."

# held on, topic, participants (None: the report does not say), notes
WORKSHOPS = [
    (D(2018, 4, 27), "Toimintakyvyn mittaaminen: Kykyviisari", None,
     "Hankkeen ensimmäinen työpaja: Kykyviisarin käyttö palvelutarpeen arvioinnissa."),
    (D(2018, 6, 12), "Aikuissosiaalityön perustehtävä", None,
     f"Ketä varten ja miksi aikuissosiaalityötä tehdään. {DAY_CHOSEN}"),
    (D(2018, 9, 18), "Sosiaalihuoltolain mukainen asiakasprosessi", None,
     f"Prosessin peruskysymykset; ohjeistusta jatkettiin pientyöryhmässä. {DAY_CHOSEN}"),
    (D(2019, 1, 22), "Rakenteellinen sosiaalityö", None,
     "Alustus: Laura Tiitinen. Mukana kaikki aikuissosiaalityön ja mipä-sosiaalityön "
     f"työntekijät ja esimiehet. {DAY_CHOSEN}"),
    # The report: "Käytäntö epäkohtien havaitsemisesta sovittiin työpajassa" (2.8).
    (D(2019, 2, 19), "Epäkohtahavaintojen kirjaaminen ja käsittely", None,
     "Sovittiin, miten havainto kirjataan, otetaan puheeksi tiimissä ja viedään "
     "lähiesimiehelle. Raportti ei kerro päivää; se on valittu demoa varten."),
    (D(2019, 4, 9), "Palvelutarpeen arviointi", None,
     f"Prosessin toinen työpaja: hyvät käytännöt palvelutarpeen arviointiin. {DAY_CHOSEN}"),
]  # fmt: skip

# name, provider, started, finished, days, notes
TRAININGS = [
    ("Dialogisuus", "Osaamiskeskus ISO", 17, 13,
     [D(2018, 9, 20), D(2018, 11, 15), D(2019, 2, 7), D(2019, 5, 9)],
     "Valmentajat Kaarina Mönkkönen ja Kaius Karlsson. Neljä lähipäivää: ensimmäinen ja "
     "viimeinen Kuopiossa, kaksi keskimmäistä Mikkelissä. Päivät on valittu demoa varten."),
    ("Motivointi", "XAMK", 16, 16, [D(2018, 10, 24)],
     "Valmentajat Merja Nurmi ja Karoliina Peltola. Päivä on valittu demoa varten."),
    ("Seurauspedagogiikka", "Sonja Kurtén-Vartio", 17, 17, [D(2019, 3, 26), D(2019, 3, 27)],
     "Kaksipäiväinen valmennus. Päivät on valittu demoa varten."),
    ("Toiminnalliset menetelmät", "XAMK", 18, 18, [D(2019, 8, 27)],
     "Valmentajat Kati Vapalahti ja Heikki Koponen, Susiniemen leirikeskus. "
     "Päivä on valittu demoa varten."),
]  # fmt: skip

# kind, held on, title, participants, notes
PARTICIPATION = [
    (ParticipationKind.CLIENT_AFTERNOON, D(2018, 6, 6),
     "Asiakasiltapäivä: päihdepalvelujen muutokset", 21, "Toimintakeskus Veturi."),
    (ParticipationKind.SURVEY, D(2018, 10, 31), "Kysely toivotuista ryhmätoiminnoista", None,
     "Tuloksia käytettiin ryhmien suunnittelussa. Päättymispäivä valittu demoa varten."),
    (ParticipationKind.CONTEST, D(2019, 5, 31), "Kuvakilpailu aikuissosiaalityön esitteeseen",
     None, "Voittokuvasta painettiin myös juliste ja ajanvarauskortti. "
     "Päättymispäivä valittu demoa varten."),
    (ParticipationKind.OTHER, D(2019, 11, 20), "Peli-iltapäivä", None,
     f"Järjestettiin kehittäjäasiakkaiden toiveesta. {DAY_CHOSEN}"),
]  # fmt: skip

# kind, published on, outlet, title
MEDIA = [
    (MediaKind.BLOG, D(2018, 11, 7), "Essoten blogi", "Aikuissosiaalityö jalkautuu"),
    (MediaKind.NEWSPAPER, D(2019, 4, 10), "Paikallislehti", "Koira kaverina -ryhmä"),
    (MediaKind.RADIO, D(2019, 4, 11), "Yle", "Koirat mukana aikuissosiaalityön ryhmässä"),
    (MediaKind.TV, D(2019, 4, 11), "Yle", "Koirat mukana aikuissosiaalityön ryhmässä"),
    (MediaKind.NEWSPAPER, D(2019, 6, 12), "Paikallislehti",
     "Asiakkaat tyytyväisiä aikuissosiaalityöhön"),
    (MediaKind.BLOG, D(2019, 10, 2), "Osaamiskeskus ISO:n blogi",
     "Rakenteellinen sosiaalityö arjen työssä"),
]  # fmt: skip

FACEBOOK = [
    (D(2018, 6, 30), 42),
    (D(2018, 9, 30), 77),
    (D(2018, 12, 31), 118),
    (D(2019, 3, 31), 146),
    (D(2019, 6, 30), 171),
    (D(2019, 9, 30), 189),
    (D(2019, 12, 31), 205),
]


def load_demo(out) -> None:
    area = Area.objects.get(code="essote")
    for held_on, topic, participants, notes in WORKSHOPS:
        Workshop.objects.update_or_create(
            area=area,
            held_on=held_on,
            topic=topic,
            defaults={"participants": participants, "notes": notes},
        )
    for name, provider, started, finished, days, notes in TRAININGS:
        training, _ = Training.objects.update_or_create(
            area=area,
            name=name,
            defaults={
                "provider": provider,
                "started": started,
                "finished": finished,
                "notes": notes,
            },
        )
        training.days.exclude(held_on__in=days).delete()
        for day in days:
            TrainingDay.objects.get_or_create(training=training, held_on=day)
    for kind, held_on, title, participants, notes in PARTICIPATION:
        ParticipationEvent.objects.update_or_create(
            area=area,
            held_on=held_on,
            title=title,
            defaults={"kind": kind, "participants": participants, "notes": notes},
        )
    for kind, published_on, outlet, title in MEDIA:
        MediaItem.objects.get_or_create(
            area=area,
            published_on=published_on,
            kind=kind,
            outlet=outlet,
            title=title,
        )
    for counted_on, followers in FACEBOOK:
        FollowerCount.objects.update_or_create(
            area=area,
            channel="Facebook",
            counted_on=counted_on,
            defaults={"followers": followers},
        )
    latest = FollowerCount.objects.filter(area=area, channel="Facebook").first()
    out.write(
        f"Demo activities: {Workshop.objects.filter(area=area).count()} workshops, "
        f"{Training.objects.filter(area=area).count()} trainings over "
        f"{TrainingDay.objects.filter(training__area=area).count()} training days, "
        f"{ParticipationEvent.objects.filter(area=area).count()} participation events, "
        f"{MediaItem.objects.filter(area=area).count()} media items, "
        f"Facebook followers {latest.followers} on {latest.counted_on:%d.%m.%Y}."
    )
