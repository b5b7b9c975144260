"""The initial code lists of the client process.  Administrators edit them in
the admin afterwards; this migration only adds what is missing."""

from django.db import migrations

CODE_LISTS = {
    "notifier": {
        "name": "Palvelutarpeen ilmoittaja",
        "source": "THL: Sosiaalihuolto - Palvelutarpeen ilmoittaja 2014 "
        "(1.2.246.537.6.1243); check the codes against Koodistopalvelu",
        "codes": [
            ("1", "Asiakas itse", "Klienten själv", "The client"),
            ("2", "Omainen tai muu läheinen", "Anhörig eller närstående", "A relative or other close person"),
            ("3", "Muu yksityishenkilö", "Annan privatperson", "Another private person"),
            ("4", "Terveydenhuolto", "Hälso- och sjukvården", "Health care"),
            ("5", "Sosiaalihuolto", "Socialvården", "Social care"),
            ("6", "Poliisi", "Polisen", "Police"),
            ("7", "Pelastustoimi tai hätäkeskus", "Räddningsväsendet eller nödcentralen", "Rescue services or emergency centre"),
            ("8", "Opetus tai varhaiskasvatus", "Undervisning eller småbarnspedagogik", "Education or early childhood education"),
            ("9", "Rikosseuraamuslaitos", "Brottspåföljdsmyndigheten", "Criminal sanctions agency"),
            ("10", "Työllisyyspalvelut tai Kela", "Sysselsättningstjänster eller FPA", "Employment services or Kela"),
            ("11", "Seurakunta tai järjestö", "Församling eller organisation", "Parish or NGO"),
            ("12", "Muu viranomainen tai ammattihenkilö", "Annan myndighet eller yrkesperson", "Other authority or professional"),
        ],
    },
    "closure_reason": {
        "name": "Asiakkuuden päättymisen syy",
        "source": "Local code list",
        "codes": [
            ("1", "Tavoitteet saavutettu", "Målen uppnådda", "Goals reached"),
            ("2", "Ei palvelutarvetta", "Inget servicebehov", "No need for services"),
            ("3", "Siirtyi toiseen palveluun", "Övergick till annan service", "Moved to another service"),
            ("4", "Muutti toiselle alueelle", "Flyttade till ett annat område", "Moved away"),
            ("5", "Asiakas ei halunnut jatkaa", "Klienten ville inte fortsätta", "The client did not wish to continue"),
            ("6", "Kuolema", "Dödsfall", "Death"),
            ("9", "Muu syy", "Annat skäl", "Other reason"),
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
    dependencies = [("clients", "0002_client_details_case_process_code_lists")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
