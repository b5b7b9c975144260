"""The outcome measures the seed trialled, as data (editable in the admin)."""

from django.db import migrations

# code: (name, source, scale_min, scale_max, [(area code, area name), ...])
MEASURES = {
    "kykyviisari": (
        "Kykyviisari",
        "Työterveyslaitos (Finnish Institute of Occupational Health)",
        0,
        10,
        [
            ("overall", "Työ- ja toimintakyky kokonaisuutena"),
            ("mental", "Psyykkinen hyvinvointi"),
            ("social", "Sosiaalinen osallisuus"),
            ("physical", "Fyysinen toimintakyky"),
            ("skills", "Osaaminen"),
            ("everyday", "Arjessa selviytyminen"),
        ],
    ),
    "esy": (
        "ESY – Elämäntilanteen selvittämisen ympyrä",
        "ESY-menetelmä; the areas follow the seed's use and can be edited",
        1,
        5,
        [
            ("housing", "Asuminen"),
            ("finances", "Talous"),
            ("health", "Terveys"),
            ("substances", "Päihteet"),
            ("relationships", "Ihmissuhteet"),
            ("everyday", "Arki ja vapaa-aika"),
            ("work", "Työ ja opiskelu"),
        ],
    ),
    "ahm": (
        "Aikuisväestön hyvinvointimittari",
        "Adult well-being measure; made to follow change over time",
        1,
        10,
        [
            ("housing", "Asuminen"),
            ("finances", "Raha-asiat"),
            ("relationships", "Ihmissuhteet"),
            ("health", "Terveys"),
            ("mood", "Mieliala"),
            ("substances", "Päihteiden käyttö"),
            ("everyday", "Arjen sujuminen"),
            ("future", "Tulevaisuuden näkymät"),
        ],
    ),
}


def load(apps, schema_editor):
    OutcomeMeasure = apps.get_model("assessments", "OutcomeMeasure")
    MeasureArea = apps.get_model("assessments", "MeasureArea")
    for code, (name, source, low, high, areas) in MEASURES.items():
        measure, _ = OutcomeMeasure.objects.get_or_create(
            code=code,
            defaults={"name": name, "source": source, "scale_min": low, "scale_max": high},
        )
        for order, (area_code, area_name) in enumerate(areas):
            MeasureArea.objects.get_or_create(
                measure=measure, code=area_code, defaults={"name": area_name, "order": order}
            )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0003_outcome_measures")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
