"""The code lists of the service-need assessment.  Administrators edit them in
the admin afterwards; this migration only adds what is missing."""

from django.db import migrations

# key: (name, source, [(code, fi, sv, en), ...])
CODE_LISTS = {
    "housing_type": ("Asumismuoto", "THL: palvelutarpeen arvio, asuminen", [
        ("1", "Vuokra-asunto", "Hyresbostad", "Rental home"),
        ("2", "Omistusasunto", "Ägarbostad", "Owner-occupied home"),
        ("3", "Tuettu asuminen tai palveluasuminen", "Stödboende eller serviceboende", "Supported or service housing"),
        ("4", "Vanhempien tai tuttavien luona", "Hos föräldrar eller bekanta", "With parents or friends"),
        ("5", "Asunnoton", "Bostadslös", "Homeless"),
        ("6", "Laitos", "Anstalt", "Institution"),
        ("9", "Muu", "Annat", "Other"),
    ]),
    "housing_problem": ("Asumisen ongelmat", "ISO SOS: palvelutarpeen arviointien analyysi", [
        ("1", "Vuokrarästit", "Hyresskulder", "Rent arrears"),
        ("2", "Asunnon löytäminen häädön jälkeen", "Att hitta bostad efter vräkning", "Finding a home after eviction"),
        ("3", "Liian kallis asunto", "För dyr bostad", "Home too expensive"),
        ("4", "Levoton asuinympäristö", "Orolig bostadsmiljö", "Restless neighbourhood"),
        ("5", "Asunto ei sovellu fyysisille rajoitteille", "Bostaden passar inte fysiska begränsningar", "Home unfit for physical limitations"),
        ("6", "Asunto remontin tarpeessa", "Bostaden behöver renoveras", "Home needs renovation"),
        ("9", "Muu asumisen ongelma", "Annat boendeproblem", "Other housing problem"),
    ]),
    "social_network": ("Sosiaalinen verkosto", "ISO SOS: palvelutarpeen arviointien analyysi", [
        ("1", "Suppea verkosto", "Snävt nätverk", "Narrow network"),
        ("2", "Yksinäisyys", "Ensamhet", "Loneliness"),
        ("3", "Ei päihteettömiä ystäviä", "Inga drogfria vänner", "No sober friends"),
        ("4", "Riittävä verkosto", "Tillräckligt nätverk", "Sufficient network"),
    ]),
    "education": ("Koulutus", "Tilastokeskus: koulutusaste (yksinkertaistettu)", [
        ("0", "Ei perusasteen koulutusta", "Ingen grundskola", "No basic education"),
        ("1", "Vain perusaste", "Endast grundskola", "Basic school only"),
        ("2", "Lukio ilman ammatillista koulutusta", "Gymnasium utan yrkesutbildning", "General upper secondary, no vocational education"),
        ("3", "Ammatillinen koulutus", "Yrkesutbildning", "Vocational education"),
        ("4", "Korkea-asteen koulutus", "Högskoleutbildning", "Higher education"),
        ("9", "Ei tiedossa", "Okänt", "Not known"),
    ]),
    "labour_market_status": ("Työmarkkina-asema", "Tilastokeskus: pääasiallinen toiminta (yksinkertaistettu)", [
        ("1", "Työtön työnhakija", "Arbetslös arbetssökande", "Unemployed jobseeker"),
        ("2", "Pysyvällä eläkkeellä", "Varaktig pension", "Permanent pension"),
        ("3", "Kuntoutustuella", "Rehabiliteringsstöd", "Rehabilitation subsidy"),
        ("4", "Työssä", "I arbete", "Employed"),
        ("5", "Opiskelija", "Studerande", "Student"),
        ("6", "Muu työvoiman ulkopuolella", "Annan utanför arbetskraften", "Other outside the labour force"),
        ("9", "Ei tiedossa", "Okänt", "Not known"),
    ]),
    "illness": ("Toimintakykyyn vaikuttavat sairaudet", "ISO SOS: palvelutarpeen arviointien analyysi", [
        ("1", "Päihderiippuvuus", "Missbruksberoende", "Substance dependency"),
        ("2", "Mielenterveyden sairaus", "Psykisk sjukdom", "Mental illness"),
        ("3", "Muu toimintakykyyn vaikuttava sairaus", "Annan sjukdom som påverkar funktionsförmågan", "Other illness affecting functional capacity"),
        ("0", "Ei toimintakykyyn vaikuttavaa sairautta", "Ingen sjukdom som påverkar funktionsförmågan", "No illness affecting functional capacity"),
    ]),
    "support_need": ("Tuen tarpeet", "Sosiaalihuoltolaki 1301/2014 11 §", [
        ("1", "Jokapäiväisestä elämästä suoriutuminen", "Att klara det dagliga livet", "Coping with daily life"),
        ("2", "Asuminen", "Boende", "Housing"),
        ("3", "Taloudellinen tuki", "Ekonomiskt stöd", "Financial support"),
        ("4", "Sosiaalisen syrjäytymisen ehkäisy ja osallisuuden edistäminen", "Förebyggande av social utslagning och främjande av delaktighet", "Preventing social exclusion and promoting inclusion"),
        ("5", "Lähisuhde- ja perheväkivalta ja muu väkivalta tai kaltoinkohtelu", "Våld i nära relationer och familjevåld samt annat våld eller annan misshandel", "Violence in close relationships and other violence or abuse"),
        ("6", "Äkilliset kriisitilanteet", "Akuta krissituationer", "Sudden crises"),
        ("7", "Lapsen ja nuoren tasapainoisen kehityksen ja hyvinvoinnin tukeminen", "Stöd för barns och ungas balanserade utveckling och välbefinnande", "Supporting a child's balanced development and wellbeing"),
        ("8", "Päihteiden ongelmakäyttö, mielenterveysongelma tai muu sairaus, vamma tai ikääntyminen", "Problematiskt missbruk, psykisk ohälsa eller annan sjukdom, skada eller åldrande", "Substance misuse, mental health problem or other illness, disability or ageing"),
        ("9", "Muu fyysinen, psyykkinen tai sosiaalinen toimintakyky", "Annan fysisk, psykisk eller social funktionsförmåga", "Other physical, mental or social functioning"),
        ("10", "Läheisen tuen tarve", "Närståendes behov av stöd", "Supporting relatives"),
    ]),
    "service_needed": ("Tarvittavat palvelut", "Sosiaalihuoltolaki 1301/2014 14 §", [
        ("1", "Sosiaaliohjaus", "Social handledning", "Social guidance"),
        ("2", "Sosiaalinen kuntoutus", "Social rehabilitering", "Social rehabilitation"),
        ("3", "Kuntouttava työtoiminta", "Arbetsverksamhet i rehabiliteringssyfte", "Rehabilitative work activity"),
        ("4", "Tukihenkilö", "Stödperson", "Support person"),
        ("5", "Asumispalvelut", "Boendetjänster", "Housing services"),
        ("6", "Päihdepalvelut", "Missbrukartjänster", "Substance-abuse services"),
        ("7", "Mielenterveyspalvelut", "Mentalvårdstjänster", "Mental-health services"),
        ("8", "Toimeentulotuki", "Utkomststöd", "Social assistance"),
        ("9", "Talous- ja velkaneuvonta", "Ekonomi- och skuldrådgivning", "Financial and debt counselling"),
        ("10", "Terveydenhuollon palvelut", "Hälso- och sjukvårdstjänster", "Health-care services"),
        ("99", "Muu palvelu", "Annan tjänst", "Other service"),
    ]),
    "income_sufficiency": ("Riittävätkö tulot menoihin", "ISO SOS: palvelutarpeen arviointien analyysi", [
        ("1", "Tulot kattavat menot", "Inkomsterna täcker utgifterna", "Income covers expenses"),
        ("2", "Tulot kattavat menot osittain", "Inkomsterna täcker delvis utgifterna", "Income partly covers expenses"),
        ("3", "Tulot eivät kata menoja", "Inkomsterna täcker inte utgifterna", "Income does not cover expenses"),
        ("9", "Ei tiedossa", "Okänt", "Not known"),
    ]),
    "violence_experience": ("Väkivaltakokemukset", "ISO SOS: palvelutarpeen arviointien analyysi", [
        ("1", "On kokenut väkivaltaa", "Har upplevt våld", "Has experienced violence"),
        ("2", "Ei ole kokenut väkivaltaa", "Har inte upplevt våld", "Has not experienced violence"),
        ("9", "Ei kysytty tai ei halunnut kertoa", "Inte frågat eller ville inte berätta", "Not asked, or preferred not to say"),
    ]),
}


def load(apps, schema_editor):
    CodeList = apps.get_model("clients", "CodeList")
    Code = apps.get_model("clients", "Code")
    for key, (name, source, codes) in CODE_LISTS.items():
        code_list, _ = CodeList.objects.get_or_create(
            key=key, defaults={"name": name, "source": source}
        )
        for order, (code, fi, sv, en) in enumerate(codes):
            Code.objects.get_or_create(
                code_list=code_list,
                code=code,
                defaults={"label_fi": fi, "label_sv": sv, "label_en": en, "order": order},
            )


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0001_initial"),
        ("clients", "0003_initial_code_lists"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
