# ruff: noqa: E501 -- the narratives are prose, one paragraph a line.
"""Demo narratives of the Essote area's final report: a short text for each
section, written after the project's final report (/work/shared/seed) in
the coordinator's words, and published so that the demo report prints them.

A section the demo coordinator has already written is left alone: loading
the demo again never overwrites a text typed in the browser.
"""

from django.utils import timezone

from accounts.models import Area, User
from reports.models import NarrativeSection, ReportNarrative

COORDINATOR = "koordinaattori"

NARRATIVES = {
    NarrativeSection.GENERAL: """\
ISO SOS oli aikuissosiaalityön kehittämishanke, jota hallinnoi Itä-Suomen sosiaalialan osaamiskeskus. Essoten alueella hanke toteutui 1.2.2018–31.12.2019, ja sen rahoitti Euroopan sosiaalirahasto (toimintalinja 5). Mukana olivat sekä aikuissosiaalityö että mielenterveys- ja päihdepalvelujen sosiaalityö, yhteensä noin 30 sosiaaliohjaajaa ja sosiaalityöntekijää.

Hankkeen tavoitteena oli vahvistaa heikoimmassa asemassa olevien asiakkaiden hyvinvointia ja osallisuutta sekä ehkäistä syrjäytymistä. Työ alkoi kuntakierroksella: hanketyöntekijä tapasi alueen seitsemän kunnan ja kahdeksan työyksikön työntekijät heidän omissa työpisteissään, ja toimintasuunnitelma laadittiin heidän toiveidensa pohjalta.

Työntekijöiden vaihtuvuus oli suurta, mikä hidasti kehittämistä. Hanke verkostoitui Essoten kehittämisyksikön ja alueen muiden hankkeiden kanssa.""",
    NarrativeSection.WORK_PACKAGES: """\
Hankesuunnitelman kolme työpakettia limittyivät käytännössä toisiinsa: sama toimenpide palveli usein useampaa tavoitetta. Työpaketti 1 uudisti asiakasprosessia, työpaketti 2 kehitti jalkautuvaa työtä ja verkostoja, ja työpaketti 3 rakenteellista ja vaikuttavuutta arvioivaa sosiaalityötä.

Perustoimeentulotuen siirto Kelaan pakotti aikuissosiaalityön miettimään perustehtäväänsä uudelleen. Työpajoissa pohdittiin, ketä varten työtä tehdään ja miten osallisuus ja suunnitelmallisuus toteutuvat. Valmennukset dialogisuudesta, motivoinnista, seurauspedagogiikasta ja toiminnallisista menetelmistä antoivat työntekijöille uusia välineitä asiakastyöhön.

Ammatillista tukihenkilötoimintaa ostettiin ympäryskuntien asiakkaille. Jaksot olivat lyhyitä, mutta tarve palvelulle tuli selvästi näkyviin.""",
    NarrativeSection.GROUPS: """\
Toiminnalliset ryhmät olivat joko sosiaalista kuntoutusta tai kuntouttavaa työtoimintaa. Ryhmiä ohjasivat sosiaaliohjaaja ja hanketyöntekijä, usein yhdessä ostetun ulkopuolisen ohjaajan kanssa: valokuvaus, käsityöt, koirat, luonto, puutyöt ja ruoanlaitto.

Asiakas lasketaan ryhmän osallistujaksi, kun hän on ollut läsnä ainakin yhdellä ryhmäkerralla; pelkkä ilmoittautuminen ei riitä.

Palaute oli myönteistä. Ryhmät toivat arkeen rytmiä ja onnistumisen kokemuksia, ja työntekijöille erilainen ympäristö teki kohtaamisesta tasavertaisemman. Osalle ryhmä avasi tien työkokeiluun tai kuntouttavaan työtoimintaan.""",
    NarrativeSection.OUTREACH: """\
Jalkautuvaa työtä oli tehty Essotessa jo ennen hanketta, mutta uutta olivat käynnit kolmannen sektorin toimijoiden tiloissa, diakoniatyön kanssa järjestetyt pop up -tapahtumat ja osallistuminen Asunnottomien yö -tapahtumiin.

Mikkelissä jalkauduttiin pääosin sosiaalityöntekijä–sosiaaliohjaaja-työparina, ympäryskunnissa resurssien mukaan. Pop up -tapahtumia järjestettiin reuna-alueilla ja lähiöissä; erään rivitaloyhteisön asukkaat toivoivat tapahtumaa uudelleen, ja niitä pidettiin kolme.

Kokemukset olivat hyviä: yhteistyökumppanit oppivat tuntemaan aikuissosiaalityön, ja asiakkaiden ohjaaminen palveluihin helpottui. Reuna-alueille jalkautumista tarvitaan jatkossakin huonojen kulkuyhteyksien vuoksi.""",
    NarrativeSection.PROCESS: """\
Sosiaalihuoltolain mukaista asiakasprosessia ei ollut Essotessa tarkasteltu järjestelmällisesti ennen hanketta. Työpajoissa ja pientyöryhmässä kirjattiin ohje, joka kattaa vireilletulon ja huoli-ilmoitukset, kiireellisyyden ja erityisen tuen tarpeen arvioinnin, palvelutarpeen arvioinnin, asiakassuunnitelman, omatyöntekijän, eettiset periaatteet ja asiakkuuden päättymisen.

Samalla palvelutarpeen arvioinnin lomake uudistettiin THL:n rakenteen mukaiseksi. Arvioinnin merkitys asiakasprosessissa ymmärrettiin, ja se näkyy luvuissa: tehtyjen arviointien määrä kaksinkertaistui vuodesta 2017 vuoteen 2019.

Prosessin yhteistä tarkastelua jatketaan hankkeen jälkeen.""",
    NarrativeSection.COMMUNICATIONS: """\
Aikuissosiaalityöllä ei ollut ennen hanketta omaa viestintäkanavaa. Some-työryhmä laati strategian, ja Facebook-sivusta tuli matalan kynnyksen kanava asiakkaille ja yhteistyökumppaneille. Koiraryhmästä ja asiakastyytyväisyyskyselystä uutisoitiin lehdissä, radiossa ja televisiossa.

Asiakasosallisuutta vahvistettiin asiakasiltapäivällä, ryhmätoiveiden kyselyllä ja esitteen kuvakilpailulla. Hankkeen aikana perustettu kehittäjäasiakasryhmä toivoi muun muassa neutraalia kohtaamispaikkaa ja peli-iltapäiviä.

Kykyviisaria, ESY-mittaria ja aikuisväestön hyvinvointimittaria kokeiltiin asiakastyössä, mutta ne jäivät erilleen asiakastietojärjestelmästä. Portaalissa mittaukset kirjataan asiakkaalle, jolloin muutos näkyy ajan mittaan.""",
    NarrativeSection.STRUCTURAL: """\
Rakenteellinen sosiaalityö oli aikuissosiaalityössä uutta. Työpajassa sovittiin, että tietoa kerätään kolmesta lähteestä: epäkohtahavainnoista, asiakastyytyväisyyskyselystä ja palvelutarpeen arviointien analyysista.

Asiakkaat olivat pääosin tyytyväisiä. Parhaat arviot saivat asiallinen kohtelu ja kuulluksi tuleminen, heikoimmat kunnan palvelujen riittävyys ja halukkuus toimia kehittäjäasiakkaana. Yksittäiset 1–2 arviot otetaan vakavasti, vaikka ne eivät näy keskiarvossa.

Arvioinneista nousivat toistuvina tuen tarpeina asuminen, sairastavuus, kouluttamattomuus ja työttömyys, köyhyys, yksinäisyys ja väkivallan kokemukset. Ympäryskunnat valitsivat jatkotyöhön terveydenhuollon alueellisen epätasa-arvon, Mikkeli yksinäisyyden ja asunnottomuuden.""",
    NarrativeSection.CONCLUSIONS: """\
Hankkeen aikana aikuissosiaalityö sai uusia työvälineitä, ja asiakkaiden osallisuus vahvistui. Jalkautuminen kolmannen sektorin tiloihin ja yhteistyö diakonien kanssa toivat uusia asiakkaita avun piiriin.

Ryhmätoimintaa jatketaan, ja kehittäjäasiakkaiden ideat otetaan huomioon sen suunnittelussa. Kehittäjäasiakastoiminta on saatu alkuun, mutta sen juurtuminen vaatii vielä työtä.

Prosessimainen työote ja rakenteellinen sosiaalityö ovat alueella aiempaa tutumpia. Rakenteellisen sosiaalityön työryhmä jatkaa työtä hankkeen jälkeen, ja arviointien tiedot kertyvät nyt suoraan portaaliin ilman kaksinkertaista kirjaamista.""",
}


def load_demo(out) -> None:
    area = Area.objects.get(code="essote")
    coordinator = User.objects.filter(username=COORDINATOR).first()
    now = timezone.now()
    created = 0
    for section, text in NARRATIVES.items():
        _narrative, was_created = ReportNarrative.objects.get_or_create(
            area=area,
            section=section.value,
            defaults={
                "draft": text,
                "text": text,
                "updated_by": coordinator,
                "published_at": now,
            },
        )
        created += was_created
    out.write(f"Demo final report texts: {len(NARRATIVES)} sections published ({created} new).")
