"""The code list of grievance observation themes.  The seed chose the first
three for further work; administrators edit the list in the admin
afterwards, and this migration only adds what is missing."""

from django.db import migrations

CODE_LISTS = {
    "observation_theme": {
        "name": "Epäkohtahavainnon teema",
        "source": "Local code list (structural social work)",
        "codes": [
            ("1", "Yksinäisyys", "Ensamhet", "Loneliness"),
            ("2", "Asunnottomuus", "Bostadslöshet", "Homelessness"),
            (
                "3",
                "Sairastavuus ja terveydenhuollon alueellinen eriarvoisuus",
                "Sjuklighet och regional ojämlikhet i hälso- och sjukvården",
                "Morbidity and regional inequality of health care",
            ),
            ("4", "Toimeentulo ja velkaantuminen", "Utkomst och skuldsättning", "Income and debt"),
            ("5", "Päihteet ja mielenterveys", "Missbruk och mental hälsa", "Substances and mental health"),
            ("6", "Liikkuminen ja palvelujen saavutettavuus", "Transporter och tillgång till service", "Transport and access to services"),
            ("7", "Työllistyminen", "Sysselsättning", "Employment"),
            ("9", "Muu", "Annat", "Other"),
        ],
    },
}


def load(apps, schema_editor):
    CodeList = apps.get_model("clients", "CodeList")
    Code = apps.get_model("clients", "Code")
    for key, spec in CODE_LISTS.items():
        code_list, _ = CodeList.objects.get_or_create(
            key=key, defaults={"name": spec["name"], "source": spec["source"]}
        )
        for order, (code, fi, sv, en) in enumerate(spec["codes"]):
            Code.objects.get_or_create(
                code_list=code_list,
                code=code,
                defaults={"label_fi": fi, "label_sv": sv, "label_en": en, "order": order},
            )


class Migration(migrations.Migration):
    dependencies = [
        ("structural", "0001_initial"),
        ("clients", "0003_initial_code_lists"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
