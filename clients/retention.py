"""Retention periods of the portal's records, and anonymisation after them.

Each kind of record has its period as data (`RULES`), with the provision it
comes from.  `python manage.py retention` reports what is past its period;
with --apply it anonymises clients whose period has ended and deletes what
must be deleted.  docs/security.md repeats the table.

Sources
-------
* Act on the Processing of Client Data in Healthcare and Social Welfare
  (laki sosiaali- ja terveydenhuollon asiakastietojen käsittelystä, 703/2023),
  in force 1.1.2024, its annex on the retention periods of social welfare
  client documents; it applies to documents made before it too.  As tabled by
  the National Archives (kansallisarkisto.fi, "Sosiaalihuollon asiakirjojen
  säilytysaikojen määrittely"):
  - client relationship document and the client's basic data: 2 years from
    the client's death;
  - services for people of working age (työikäisten palvelutehtävä):
    10 years from the closing of the matter;
  - substance-abuse services (päihdehuollon palvelutehtävä): 10 years from
    the closing of the matter.
* The National Archives' decision on permanently archived social welfare
  client documents (AL/20064/07.01.01.03.01/2014): the documents of clients
  born on the 18th or 28th day of a month are archived permanently.

Decisions where the law does not fit the portal exactly (see `certain`):
* The portal does not record a client's death, so the 2-years-from-death
  rule of the basic data cannot be applied as such; the basic data follow the
  case records (10 years from the closing), which is never shorter for a
  living client.  To be confirmed by the county's records management.
* "The closing of the matter" is the portal's closure of the client
  relationship (clients.Closure), when no initiation has come after it.
* Whether the portal's records belong to the county's archive-forming
  record set (and so to the 18th/28th-day sample) is for the county's
  information management plan to say; until it does, those clients are
  never anonymised here and are reported for transfer to the archive.
* The access log: 703/2023 obliges the controller to keep the log of use and
  disclosure; the period we apply (12 years from the entry) follows the
  practice of the national Kanta services for log data.  The exact period
  could not be verified from the statute text and is marked uncertain.  The
  log is append-only in the database (a trigger refuses DELETE), so it is
  reported, never deleted, by this command: removing rows past the period is
  a database administrator's documented operation.
* The login records (django-axes' `AccessLog`: user name, address, browser,
  login and logout time of every successful login) are part of monitoring
  the use of the register, as the access log is, and are kept as long; unlike
  the access log they are deleted by this command.  Failed attempts are not
  kept beyond the lock-out (axes removes them at the first login after
  their cool-off).
"""

import datetime
from dataclasses import dataclass

from axes.models import AccessLog
from django.apps import apps
from django.db import models, transaction
from django.db.models import Case, Max, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import ExtractDay, TruncYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.access import ClientRecord, client_path
from accounts.access_log import AccessLogEntry
from clients.models import BreakGlassGrant, Client, Closure, Initiation

ANONYMISE = "anonymise"
DELETE = "delete"
KEEP = "keep"
REPORT_ONLY = "report"


@dataclass(frozen=True)
class RetentionRule:
    code: str
    records: str
    years: int | None
    starts: str
    action: str
    source: str
    certain: bool
    note: str = ""


RULES = (
    RetentionRule(
        code="client_records",
        records=_(
            "Clients and their client-level records (case process, assessments, "
            "measurements, group enrolments and attendance, clients met on outreach)"
        ),
        years=10,
        starts=_("closure of the client relationship"),
        action=ANONYMISE,
        source="703/2023, liite: työikäisten palvelutehtävä ja päihdehuollon palvelutehtävä, "
        "10 vuotta asian sulkemisesta",
        certain=True,
        note=_(
            "Name, identity code, contact details and free text are erased; sex, birth "
            "year, municipality, unit, dates and codes stay so that figures still count."
        ),
    ),
    RetentionRule(
        code="client_basic_data",
        records=_("The client's basic data"),
        years=2,
        starts=_("the client's death"),
        action=ANONYMISE,
        source="703/2023, liite: asiakkuusasiakirja ja asiakkaan perustiedot, "
        "2 vuotta asiakkaan kuolemasta",
        certain=False,
        note=_(
            "The portal does not record deaths: the basic data are anonymised with the "
            "client records, 10 years after the closure."
        ),
    ),
    RetentionRule(
        code="archive_sample",
        records=_("Clients born on the 18th or 28th day of a month"),
        years=None,
        starts="",
        action=KEEP,
        source="Kansallisarkisto AL/20064/07.01.01.03.01/2014 (pysyvästi säilytettävät)",
        certain=False,
        note=_(
            "Kept permanently and reported for transfer to the archive; never anonymised "
            "by the command."
        ),
    ),
    RetentionRule(
        code="access_log",
        records=_("Access log"),
        years=12,
        starts=_("the entry"),
        action=REPORT_ONLY,
        source="703/2023 (käyttö- ja luovutusloki); 12 vuotta Kanta-palvelujen käytännön mukaan",
        certain=False,
        note=_("Append-only: reported only; rows past the period are removed by the DBA."),
    ),
    RetentionRule(
        code="login_records",
        records=_("Login records (user name, address, browser, login and logout time)"),
        years=12,
        starts=_("the login"),
        action=DELETE,
        source="Kuten käyttöloki (703/2023); osa käytön valvontaa",
        certain=False,
    ),
    RetentionRule(
        code="break_glass_grants",
        records=_("Break-the-glass grants and their reasons"),
        years=12,
        starts=_("the grant"),
        action=DELETE,
        source="Kuten käyttöloki (703/2023); osa käytön valvontaa",
        certain=False,
    ),
)
RULE = {rule.code: rule for rule in RULES}

# CharFields of client-level records that hold free text (every TextField does).
EXTRA_FREE_TEXT = {"clients.supportpersonservice": ("provider",)}
# Fields of the client erased on anonymisation.
CLIENT_ERASED = {
    "first_name": "",
    "last_name": "",
    "phone": "",
    "email": "",
    "street_address": "",
    "postal_code": "",
    "post_office": "",
    "identity_code_token": "",
    "identity_code_digest": "",
}
ARCHIVE_DAYS = (18, 28)
# What erased free text becomes (text that was empty stays empty).
ERASED_TEXT = "–"


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _closed_clients():
    """Clients whose relationship is closed: a closure on or after their
    latest initiation, annotated with the latest closure day."""
    last_closed = (
        Closure.objects.filter(client=OuterRef("pk"))
        .order_by()
        .values("client")
        .annotate(day=Max("closed_on"))
        .values("day")
    )
    last_initiated = (
        Initiation.objects.filter(client=OuterRef("pk"))
        .order_by()
        .values("client")
        .annotate(day=Max("initiated_on"))
        .values("day")
    )
    return Client.objects.annotate(
        closed_on=Subquery(last_closed, output_field=models.DateField()),
        initiated_on=Subquery(last_initiated, output_field=models.DateField()),
    ).filter(
        Q(initiated_on__isnull=True) | Q(closed_on__gte=models.F("initiated_on")),
        closed_on__isnull=False,
    )


def _archive_sample() -> Q:
    return Q(born_day__in=ARCHIVE_DAYS)


def clients_past_retention(today: datetime.date):
    """Clients closed at least `client_records.years` ago, not yet anonymised,
    and not in the archive sample."""
    limit = years_before(today, RULE["client_records"].years)
    return (
        _closed_clients()
        .filter(closed_on__lt=limit, anonymised_at__isnull=True)
        .annotate(born_day=ExtractDay("date_of_birth"))
        .exclude(_archive_sample())
    )


def archive_sample_past_retention(today: datetime.date):
    limit = years_before(today, RULE["client_records"].years)
    return (
        _closed_clients()
        .filter(closed_on__lt=limit, anonymised_at__isnull=True)
        .annotate(born_day=ExtractDay("date_of_birth"))
        .filter(_archive_sample())
    )


def retention_report(today: datetime.date | None = None) -> list[dict]:
    """What is past its period today, per kind: [{rule, count}]."""
    today = today or timezone.localdate()
    log_limit = _limit(today, "access_log")
    grant_limit = _limit(today, "break_glass_grants")
    return [
        {"rule": RULE["client_records"], "count": clients_past_retention(today).count()},
        {"rule": RULE["client_basic_data"], "count": None},
        {"rule": RULE["archive_sample"], "count": archive_sample_past_retention(today).count()},
        {
            "rule": RULE["access_log"],
            "count": AccessLogEntry.objects.filter(at__lt=log_limit).count(),
        },
        {
            "rule": RULE["login_records"],
            "count": _login_records_past(today).count(),
        },
        {
            "rule": RULE["break_glass_grants"],
            "count": BreakGlassGrant.objects.filter(granted_at__lt=grant_limit).count(),
        },
    ]


def _limit(today: datetime.date, code: str) -> datetime.datetime:
    """The moment before which records of the rule `code` are past their period."""
    return datetime.datetime.combine(
        years_before(today, RULE[code].years),
        datetime.time.min,
        tzinfo=timezone.get_current_timezone(),
    )


def _login_records_past(today: datetime.date):
    return AccessLog.objects.filter(attempt_time__lt=_limit(today, "login_records"))


def client_record_models() -> list[type[models.Model]]:
    """Every model of client-level records other than the client itself."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, ClientRecord)
        and model is not Client
        and model is not BreakGlassGrant
        and client_path(model)
    ]


def free_text_fields(model) -> list[str]:
    names = [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.TextField) and not field.choices
    ]
    return names + list(EXTRA_FREE_TEXT.get(model._meta.label_lower, ()))


@transaction.atomic
def clients_anonymise(*, client_ids) -> int:
    """Erase what identifies the clients and the free text of their records.

    Kept: sex, mother tongue, birth year (the date of birth becomes 1 January
    of the year), municipality, unit, the named responsible worker (staff),
    and every date and code of the records, so that every figure of the
    registry stays the same.  Figures that depend on age read the age stored
    at the time (assessments' age at completion, enrolments' age group).
    """
    client_ids = list(client_ids)
    if not client_ids:
        return 0
    for model in client_record_models():
        fields = free_text_fields(model)
        if fields:
            # Text that was there becomes a dash rather than nothing: rules
            # such as "a drop-out has a reason" are database constraints.
            model.objects.filter(**{f"{client_path(model)}__in": client_ids}).update(
                **{
                    name: Case(When(**{name: ""}, then=Value("")), default=Value(ERASED_TEXT))
                    for name in fields
                }
            )
    return Client.objects.filter(pk__in=client_ids, anonymised_at__isnull=True).update(
        **CLIENT_ERASED,
        date_of_birth=TruncYear("date_of_birth", output_field=models.DateField()),
        anonymised_at=timezone.now(),
        version=models.F("version") + 1,
    )


@transaction.atomic
def retention_apply(today: datetime.date | None = None) -> dict[str, int]:
    """Anonymise the clients past their period and delete the grants and the
    login records past theirs."""
    today = today or timezone.localdate()
    ids = list(clients_past_retention(today).values_list("pk", flat=True))
    anonymised = clients_anonymise(client_ids=ids)
    grants = BreakGlassGrant.objects.filter(granted_at__lt=_limit(today, "break_glass_grants"))
    grants_deleted, _ = grants.delete()
    logins_deleted, _ = _login_records_past(today).delete()
    return {
        "client_records": anonymised,
        "break_glass_grants": grants_deleted,
        "login_records": logins_deleted,
    }
