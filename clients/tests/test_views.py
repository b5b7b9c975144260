"""Views of the clients app: registering, editing, searching and the case steps.

Assertions are on status codes, the database, form error keys and the
response context, not on translated text.
"""

import re
import zlib
from datetime import date, timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.access_log import AccessAction, AccessLogEntry
from clients import services
from clients.crypto import decrypt_identity_code, encrypt_identity_code, identity_code_digest
from clients.identity_code import compute_check_character
from clients.models import (
    Client,
    ClientPlan,
    Closure,
    Code,
    Initiation,
    InitiationChannel,
    SpecialSupportAssessment,
    UrgencyAssessment,
)
from clients.tests.factories import ClientFactory
from clients.timeline import TimelineEvent

pytestmark = pytest.mark.django_db

INITIATED_ON = date(2019, 4, 18)
START_7_WORKING_DAYS = "shl36_start_7_working_days"
COMPLETION_3_MONTHS = "shl36_completion_3_months_child"


def make_code(ddmmyy: str, sign: str, number: str) -> str:
    return f"{ddmmyy}{sign}{number}{compute_check_character(ddmmyy, number)}"


CODE = make_code("010190", "-", "955")
CODE_BORN = date(1990, 1, 1)


def create_url():
    return reverse("clients:create")


def detail_url(client):
    return reverse("clients:detail", args=[client.client_number])


def update_url(client):
    return reverse("clients:update", args=[client.client_number])


def step_url(client, step):
    return reverse("clients:step", args=[client.client_number, step])


def new_client_data(unit, **changes):
    data = {
        "first_name": "Maija",
        "last_name": "Meikäläinen",
        "identity_code": "",
        "date_of_birth": "",
        "sex": "female",
        "mother_tongue": "fi",
        "municipality": "",
        "unit": unit.pk,
        "responsible_worker": "",
        "phone": "",
        "email": "",
        "street_address": "",
        "postal_code": "",
        "post_office": "",
    }
    return {**data, **changes}


def edit_data(client, **changes):
    """The update form as it would be posted back unchanged."""
    data = {
        "first_name": client.first_name,
        "last_name": client.last_name,
        "identity_code": "",
        "date_of_birth": client.date_of_birth.isoformat() if client.date_of_birth else "",
        "sex": client.sex,
        "mother_tongue": client.mother_tongue,
        "municipality": client.municipality_id or "",
        "unit": client.unit_id,
        "responsible_worker": client.responsible_worker_id or "",
        "phone": client.phone,
        "email": client.email,
        "street_address": client.street_address,
        "postal_code": client.postal_code,
        "post_office": client.post_office,
        "version": client.version,
    }
    return {**data, **changes}


def client_with_code(unit, code=CODE, **fields):
    return services.client_create(
        unit=unit, first_name="Testi", last_name="Koodillinen", identity_code=code, **fields
    )


# --- Registering a client ------------------------------------------------------


def test_worker_registers_a_client_in_own_unit(client, alice, unit_a):
    client.force_login(alice)

    response = client.post(create_url(), new_client_data(unit_a, identity_code=CODE))

    created = Client.objects.get()
    assert response.status_code == 302
    assert response.url == detail_url(created)
    assert re.fullmatch(r"A\d{7}", created.client_number)
    assert (created.unit, created.last_name) == (unit_a, "Meikäläinen")
    assert decrypt_identity_code(created.identity_code_token) == CODE
    entry = AccessLogEntry.objects.get(action=AccessAction.CREATE)
    assert (entry.user, entry.client_id, entry.allowed) == (alice, created.pk, True)


def test_date_of_birth_is_taken_from_the_identity_code_when_left_empty(client, alice, unit_a):
    client.force_login(alice)
    client.post(create_url(), new_client_data(unit_a, identity_code=CODE))
    assert Client.objects.get().date_of_birth == CODE_BORN


def test_date_of_birth_matching_the_identity_code_is_accepted(client, alice, unit_a):
    client.force_login(alice)
    response = client.post(
        create_url(), new_client_data(unit_a, identity_code=CODE, date_of_birth="1990-01-01")
    )
    assert response.status_code == 302
    assert Client.objects.get().date_of_birth == CODE_BORN


def test_date_of_birth_differing_from_the_identity_code_is_a_form_error(client, alice, unit_a):
    client.force_login(alice)

    response = client.post(
        create_url(), new_client_data(unit_a, identity_code=CODE, date_of_birth="1990-01-02")
    )

    assert response.status_code == 200
    assert "date_of_birth" in response.context["form"].errors
    assert not Client.objects.exists()


@pytest.mark.parametrize(
    "bad_code",
    [
        CODE[:-1] + ("A" if CODE[-1] != "A" else "B"),  # wrong check character
        "010190-95",  # too short
        "310290-955X",  # no such date
        make_code("010190", "-", "001"),  # individual number not in use
    ],
)
def test_bad_identity_code_is_a_field_error_and_nothing_is_saved(client, alice, unit_a, bad_code):
    client.force_login(alice)

    response = client.post(create_url(), new_client_data(unit_a, identity_code=bad_code))

    assert response.status_code == 200
    assert "identity_code" in response.context["form"].errors
    assert not Client.objects.exists()


def test_worker_cannot_register_a_client_in_another_unit(client, alice, unit_b):
    client.force_login(alice)

    response = client.post(create_url(), new_client_data(unit_b))

    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not Client.objects.exists()


def test_duplicate_identity_code_in_own_units_is_refused(client, alice, unit_a):
    existing = client_with_code(unit_a)
    client.force_login(alice)

    response = client.post(create_url(), new_client_data(unit_a, identity_code=CODE.lower()))

    assert response.status_code == 200
    assert "identity_code" in response.context["form"].errors
    assert list(Client.objects.all()) == [existing]
    assert not AccessLogEntry.objects.filter(action=AccessAction.CREATE).exists()


def test_duplicate_identity_code_in_another_unit_is_allowed_and_flagged(
    client, alice, unit_a, unit_b
):
    other = client_with_code(unit_b)
    client.force_login(alice)

    response = client.post(create_url(), new_client_data(unit_a, identity_code=CODE))

    assert response.status_code == 302
    created = Client.objects.exclude(pk=other.pk).get()
    assert created.unit == unit_a
    assert created.identity_code_digest == other.identity_code_digest
    detail = client.get(response.url)
    assert detail.status_code == 200
    assert detail.context["duplicates"] == 1
    # Nothing of the other record is shown.
    assert other.client_number not in detail.content.decode()


def test_identity_code_never_appears_in_an_address_or_page_after_saving(client, alice, unit_a):
    client.force_login(alice)

    response = client.post(create_url(), new_client_data(unit_a, identity_code=CODE), follow=True)

    assert response.status_code == 200
    urls = [url for url, _status in response.redirect_chain]
    assert urls
    created = Client.objects.get()
    pages = [
        response.content.decode(),
        client.get(detail_url(created)).content.decode(),
        client.get(update_url(created)).content.decode(),
        client.get(reverse("clients:list")).content.decode(),
    ]
    for secret in (CODE, CODE.lower(), CODE[:10]):
        assert not any(secret in url for url in urls)
        assert not any(secret in page for page in pages)


def test_anonymous_is_sent_to_login_from_the_create_page(client, unit_a):
    for response in (client.get(create_url()), client.post(create_url(), new_client_data(unit_a))):
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    assert not Client.objects.exists()


def test_administrator_may_not_register_clients(client, administrator, unit_a):
    client.force_login(administrator)
    assert client.get(create_url()).status_code == 403
    assert client.post(create_url(), new_client_data(unit_a)).status_code == 403
    assert not Client.objects.exists()


# --- Editing a client --------------------------------------------------------------


def test_worker_changes_a_phone_number(client, alice, client_of_a):
    client.force_login(alice)

    response = client.post(update_url(client_of_a), edit_data(client_of_a, phone="040 765 4321"))

    assert response.status_code == 302
    assert response.url == detail_url(client_of_a)
    client_of_a.refresh_from_db()
    assert (client_of_a.phone, client_of_a.version) == ("040 765 4321", 2)
    entry = AccessLogEntry.objects.get(action=AccessAction.CHANGE)
    assert (entry.user, entry.client_id, entry.allowed) == (alice, client_of_a.pk, True)


def test_concurrent_edit_is_refused_and_the_first_change_is_kept(client, alice, client_of_a):
    client.force_login(alice)
    form_page = client.get(update_url(client_of_a))
    assert form_page.status_code == 200
    opened_version = form_page.context["form"]["version"].value()
    assert opened_version == 1
    stale = edit_data(client_of_a, phone="050 222 2222", version=opened_version)

    # Someone else saves first.
    services.client_update(
        client=Client.objects.get(pk=client_of_a.pk), expected_version=1, phone="040 111 1111"
    )
    response = client.post(update_url(client_of_a), stale)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    client_of_a.refresh_from_db()
    assert (client_of_a.phone, client_of_a.version) == ("040 111 1111", 2)


def test_worker_of_another_unit_cannot_edit_and_the_attempt_is_logged(client, bob, client_of_a):
    client.force_login(bob)

    assert client.get(update_url(client_of_a)).status_code == 404
    response = client.post(update_url(client_of_a), edit_data(client_of_a, phone="1"))

    assert response.status_code == 404
    client_of_a.refresh_from_db()
    assert (client_of_a.phone, client_of_a.version) == ("", 1)
    refused = AccessLogEntry.objects.filter(user=bob, client_id=client_of_a.pk, allowed=False)
    assert refused.count() == 2
    assert not AccessLogEntry.objects.filter(allowed=True).exists()


def test_removing_the_identity_code_clears_token_and_digest(client, alice, unit_a):
    stored = client_with_code(unit_a)
    client.force_login(alice)

    response = client.post(
        update_url(stored), edit_data(stored, remove_identity_code="on", date_of_birth="")
    )

    assert response.status_code == 302
    stored.refresh_from_db()
    assert (stored.identity_code_token, stored.identity_code_digest) == ("", "")
    assert not stored.has_identity_code


def test_leaving_the_identity_code_empty_keeps_the_stored_one(client, alice, unit_a):
    stored = client_with_code(unit_a, date_of_birth=CODE_BORN)
    client.force_login(alice)

    response = client.post(update_url(stored), edit_data(stored, phone="040 1"))

    assert response.status_code == 302
    stored.refresh_from_db()
    assert decrypt_identity_code(stored.identity_code_token) == CODE
    assert stored.phone == "040 1"


def test_editing_to_a_code_already_in_own_unit_is_refused(client, alice, unit_a, client_of_a):
    client_with_code(unit_a)
    client.force_login(alice)

    response = client.post(update_url(client_of_a), edit_data(client_of_a, identity_code=CODE))

    assert response.status_code == 200
    assert "identity_code" in response.context["form"].errors
    client_of_a.refresh_from_db()
    assert client_of_a.identity_code_digest == ""


def test_resaving_a_client_with_its_own_code_is_not_a_duplicate(client, alice, unit_a):
    stored = client_with_code(unit_a, date_of_birth=CODE_BORN)
    client.force_login(alice)

    response = client.post(update_url(stored), edit_data(stored, identity_code=CODE))

    assert response.status_code == 302
    stored.refresh_from_db()
    assert stored.identity_code_digest == identity_code_digest(CODE)


# --- Search ----------------------------------------------------------------------


def search(client, text):
    """POST the search and follow to the result page; returns (redirect, page)."""
    posted = client.post(reverse("clients:list"), {"q": text})
    assert posted.status_code == 302
    return posted, client.get(posted.url)


def assert_only_a_search_key_in(url, text):
    assert re.fullmatch(re.escape(reverse("clients:list")) + r"\?haku=[A-Za-z0-9_-]+", url)
    assert text not in url
    assert text.lower() not in url.lower()


@pytest.fixture
def searchable(unit_a, unit_b, alice, bob):
    """Two clients of unit A and one of unit B with the same identity code."""
    wanted = ClientFactory(
        unit=unit_a,
        first_name="Aino",
        last_name="Virtanen",
        client_number="A7654321",
        identity_code_token=encrypt_identity_code(CODE),
        identity_code_digest=identity_code_digest(CODE),
    )
    ClientFactory(unit=unit_a, first_name="Eero", last_name="Korhonen")
    ClientFactory(
        unit=unit_b,
        first_name="Aino",
        last_name="Virtanen",
        identity_code_token=encrypt_identity_code(CODE),
        identity_code_digest=identity_code_digest(CODE),
    )
    return wanted


@pytest.mark.parametrize("text", ["Virtanen", "A7654321", CODE], ids=["name", "number", "code"])
def test_search_finds_the_client_and_keeps_the_text_out_of_the_address(
    client, alice, searchable, text
):
    client.force_login(alice)

    posted, page = search(client, text)

    assert_only_a_search_key_in(posted.url, text)
    assert page.status_code == 200
    assert page.context["searched"] is True
    assert list(page.context["clients"]) == [searchable]


def test_search_by_lower_case_identity_code_finds_the_client(client, alice, searchable):
    client.force_login(alice)
    posted, page = search(client, CODE.lower())
    assert_only_a_search_key_in(posted.url, CODE)
    assert list(page.context["clients"]) == [searchable]


def test_search_by_name_is_case_insensitive(client, alice, searchable):
    client.force_login(alice)
    _posted, page = search(client, "vIRTANEN aino")
    assert list(page.context["clients"]) == [searchable]


def test_client_of_another_unit_is_never_found_even_by_exact_identity_code(client, alice, unit_b):
    other_code = make_code("151060", "-", "977")
    client_with_code(unit_b, code=other_code)
    client.force_login(alice)

    posted, page = search(client, other_code)

    assert_only_a_search_key_in(posted.url, other_code)
    assert page.status_code == 200
    assert list(page.context["clients"]) == []


def test_search_by_a_code_nobody_has_finds_nothing(client, alice, searchable):
    client.force_login(alice)
    _posted, page = search(client, make_code("020202", "A", "988"))
    assert list(page.context["clients"]) == []


def stored_session_payloads() -> list[str]:
    """What the session table holds, decoded without any key: the payload of
    a signed session is only base64 (and maybe zlib), not encrypted."""
    payloads = []
    for data in Session.objects.values_list("session_data", flat=True):
        payload = data.split(":", 1)[0]
        raw = signing.b64_decode(payload.lstrip(".").encode())
        payloads.append((zlib.decompress(raw) if payload.startswith(".") else raw).decode())
    return payloads


def test_search_by_identity_code_does_not_store_the_code_readably_in_the_session(
    client, alice, searchable
):
    client.force_login(alice)
    _posted, page = search(client, CODE)
    assert list(page.context["clients"]) == [searchable]

    payloads = stored_session_payloads()

    assert payloads
    assert not any(CODE in payload for payload in payloads)


def test_unknown_search_key_shows_the_plain_list(client, alice, searchable):
    client.force_login(alice)
    response = client.get(reverse("clients:list"), {"haku": "eiole"})
    assert response.status_code == 200
    assert response.context["searched"] is False
    assert len(response.context["clients"]) == 2


# --- Case steps --------------------------------------------------------------------


def notifier():
    return Code.objects.of("notifier").first()


def closure_reason():
    return Code.objects.of("closure_reason").first()


def initiation_data(by, **changes):
    data = {
        "initiated_on": INITIATED_ON.isoformat(),
        "channel": InitiationChannel.OWN_CONTACT,
        "notifier": "",
        "summary": "Asumisen ongelmat",
        "by": by.pk,
    }
    return {**data, **changes}


def record_initiation(client, by, initiated_on=INITIATED_ON):
    return services.initiation_record(
        client=client, by=by, initiated_on=initiated_on, channel=InitiationChannel.OWN_CONTACT
    )


def timeline_kinds(response):
    timeline = response.context["timeline"]
    assert all(isinstance(event, TimelineEvent) for event in timeline)
    return [event.kind for event in timeline]


def test_initiation_of_a_76_year_old_sets_the_7_working_day_start(client, alice, unit_a):
    person = ClientFactory(unit=unit_a, date_of_birth=date(1943, 1, 1))
    client.force_login(alice)

    response = client.post(step_url(person, "vireilletulo"), initiation_data(alice))

    assert response.status_code == 302
    assert response.url == detail_url(person)
    initiation = Initiation.objects.get(client=person)
    assert initiation.assessment_start_due_on == date(2019, 5, 2)
    assert initiation.assessment_completion_due_on is None
    assert START_7_WORKING_DAYS in initiation.deadline_rules.split(",")
    assert initiation.by == alice
    entry = AccessLogEntry.objects.get(action=AccessAction.CHANGE)
    assert (entry.user, entry.client_id) == (alice, person.pk)
    assert timeline_kinds(client.get(detail_url(person))) == ["initiation"]


def test_initiation_of_an_ordinary_40_year_old_has_no_due_dates(client, alice, unit_a):
    person = ClientFactory(unit=unit_a, date_of_birth=date(1979, 1, 1))
    client.force_login(alice)

    response = client.post(step_url(person, "vireilletulo"), initiation_data(alice))

    assert response.status_code == 302
    initiation = Initiation.objects.get(client=person)
    assert initiation.assessment_start_due_on is None
    assert initiation.assessment_completion_due_on is None
    assert initiation.deadline_rules == ""


def test_notice_with_its_notifier_is_recorded(client, alice, client_of_a):
    client.force_login(alice)
    data = initiation_data(alice, channel=InitiationChannel.NOTICE, notifier=notifier().pk)

    response = client.post(step_url(client_of_a, "vireilletulo"), data)

    assert response.status_code == 302
    assert Initiation.objects.get().notifier == notifier()


def test_notice_without_notifier_is_a_form_error(client, alice, client_of_a):
    client.force_login(alice)

    response = client.post(
        step_url(client_of_a, "vireilletulo"),
        initiation_data(alice, channel=InitiationChannel.NOTICE),
    )

    assert response.status_code == 200
    assert "notifier" in response.context["form"].errors
    assert not Initiation.objects.exists()


def test_initiation_in_the_future_is_a_form_error(client, alice, client_of_a):
    client.force_login(alice)
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = client.post(
        step_url(client_of_a, "vireilletulo"),
        initiation_data(alice, initiated_on=tomorrow.isoformat()),
    )

    assert response.status_code == 200
    assert "initiated_on" in response.context["form"].errors
    assert not Initiation.objects.exists()


def test_step_form_opens_with_the_user_as_the_doer(client, alice, client_of_a):
    client.force_login(alice)
    response = client.get(step_url(client_of_a, "vireilletulo"))
    assert response.status_code == 200
    assert response.context["form"]["by"].value() == alice.pk
    assert AccessLogEntry.objects.get().action == AccessAction.VIEW


def test_urgency_assessment_attaches_to_the_initiation(client, alice, client_of_a):
    initiation = record_initiation(client_of_a, alice)
    client.force_login(alice)

    response = client.post(
        step_url(client_of_a, "kiireellisyys"),
        {
            "initiation": initiation.pk,
            "assessed_on": "2019-04-18",
            "immediate_need": "True",
            "notes": "Soitettu heti",
            "by": alice.pk,
        },
    )

    assert response.status_code == 302
    step = UrgencyAssessment.objects.get()
    assert (step.initiation, step.client, step.immediate_need) == (initiation, client_of_a, True)
    assert timeline_kinds(client.get(detail_url(client_of_a))) == ["urgency", "initiation"]


def test_urgency_assessment_before_the_initiation_is_a_form_error(client, alice, client_of_a):
    initiation = record_initiation(client_of_a, alice)
    client.force_login(alice)

    response = client.post(
        step_url(client_of_a, "kiireellisyys"),
        {
            "initiation": initiation.pk,
            "assessed_on": "2019-04-17",
            "immediate_need": "False",
            "by": alice.pk,
        },
    )

    assert response.status_code == 200
    assert "assessed_on" in response.context["form"].errors
    assert not UrgencyAssessment.objects.exists()


def test_step_cannot_attach_to_another_clients_initiation(client, alice, unit_a, client_of_a):
    foreign = record_initiation(ClientFactory(unit=unit_a), alice)
    client.force_login(alice)

    response = client.post(
        step_url(client_of_a, "kiireellisyys"),
        {
            "initiation": foreign.pk,
            "assessed_on": "2019-04-18",
            "immediate_need": "False",
            "by": alice.pk,
        },
    )

    assert response.status_code == 200
    assert "initiation" in response.context["form"].errors
    assert not UrgencyAssessment.objects.exists()


def test_special_support_for_a_16_year_old_adds_the_3_month_completion(client, alice, unit_a):
    child = ClientFactory(unit=unit_a, date_of_birth=date(2003, 1, 1))
    initiation = record_initiation(child, alice)
    assert initiation.deadline_rules == ""
    client.force_login(alice)

    response = client.post(
        step_url(child, "erityinen-tuki"),
        {
            "initiation": initiation.pk,
            "assessed_on": "2019-04-25",
            "needs_special_support": "True",
            "grounds": "Perustelut",
            "by": alice.pk,
        },
    )

    assert response.status_code == 302
    step = SpecialSupportAssessment.objects.get()
    assert (step.initiation, step.client, step.needs_special_support) == (initiation, child, True)
    initiation.refresh_from_db()
    assert initiation.assessment_start_due_on == date(2019, 5, 2)
    assert initiation.assessment_completion_due_on == date(2019, 7, 18)
    assert set(initiation.deadline_rules.split(",")) == {
        START_7_WORKING_DAYS,
        COMPLETION_3_MONTHS,
    }
    assert timeline_kinds(client.get(detail_url(child))) == ["special-support", "initiation"]


def test_special_support_no_for_a_16_year_old_adds_no_due_dates(client, alice, unit_a):
    child = ClientFactory(unit=unit_a, date_of_birth=date(2003, 1, 1))
    initiation = record_initiation(child, alice)
    client.force_login(alice)

    response = client.post(
        step_url(child, "erityinen-tuki"),
        {
            "initiation": initiation.pk,
            "assessed_on": "2019-04-25",
            "needs_special_support": "False",
            "grounds": "Perustelut",
            "by": alice.pk,
        },
    )

    assert response.status_code == 302
    assert SpecialSupportAssessment.objects.get().needs_special_support is False
    initiation.refresh_from_db()
    assert initiation.assessment_completion_due_on is None


def test_client_plan_is_recorded(client, alice, client_of_a):
    client.force_login(alice)

    response = client.post(
        step_url(client_of_a, "asiakassuunnitelma"),
        {
            "drawn_up_on": "2019-05-01",
            "goals": "Tavoitteet",
            "agreed_services": "Palvelut",
            "review_on": "2019-11-01",
            "by": alice.pk,
        },
    )

    assert response.status_code == 302
    plan = ClientPlan.objects.get()
    assert (plan.client, plan.review_on) == (client_of_a, date(2019, 11, 1))
    assert timeline_kinds(client.get(detail_url(client_of_a))) == ["plan"]


def test_client_plan_reviewed_before_it_was_drawn_up_is_a_form_error(client, alice, client_of_a):
    client.force_login(alice)

    response = client.post(
        step_url(client_of_a, "asiakassuunnitelma"),
        {
            "drawn_up_on": "2019-05-01",
            "goals": "Tavoitteet",
            "agreed_services": "Palvelut",
            "review_on": "2019-04-30",
            "by": alice.pk,
        },
    )

    assert response.status_code == 200
    assert "review_on" in response.context["form"].errors
    assert not ClientPlan.objects.exists()


def test_closure_is_recorded_with_a_closure_reason(client, alice, client_of_a):
    client.force_login(alice)

    response = client.post(
        step_url(client_of_a, "paattyminen"),
        {"closed_on": "2019-06-01", "reason": closure_reason().pk, "by": alice.pk},
    )

    assert response.status_code == 302
    closure = Closure.objects.get()
    assert (closure.client, closure.reason) == (client_of_a, closure_reason())
    assert closure.reason.code_list.key == "closure_reason"
    assert timeline_kinds(client.get(detail_url(client_of_a))) == ["closure"]


def test_closure_reason_must_come_from_the_closure_reason_list(client, alice, client_of_a):
    client.force_login(alice)

    response = client.post(
        step_url(client_of_a, "paattyminen"),
        {"closed_on": "2019-06-01", "reason": notifier().pk, "by": alice.pk},
    )

    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert not Closure.objects.exists()


def test_unknown_step_is_404(client, alice, client_of_a):
    client.force_login(alice)
    assert client.get(step_url(client_of_a, "tuntematon")).status_code == 404
    assert client.post(step_url(client_of_a, "tuntematon"), {}).status_code == 404


@pytest.mark.parametrize(
    "step", ["vireilletulo", "kiireellisyys", "erityinen-tuki", "asiakassuunnitelma", "paattyminen"]
)
def test_worker_of_another_unit_gets_404_for_every_step(client, bob, client_of_a, step):
    client.force_login(bob)

    assert client.get(step_url(client_of_a, step)).status_code == 404
    response = client.post(step_url(client_of_a, step), initiation_data(bob))

    assert response.status_code == 404
    assert not Initiation.objects.exists()
    assert AccessLogEntry.objects.filter(user=bob, allowed=False).count() == 2


def test_anonymous_is_sent_to_login_from_a_step(client, client_of_a):
    response = client.get(step_url(client_of_a, "vireilletulo"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_every_step_recorded_through_the_views_is_on_the_timeline(client, alice, client_of_a):
    client.force_login(alice)
    client.post(step_url(client_of_a, "vireilletulo"), initiation_data(alice))
    initiation = Initiation.objects.get()
    common = {"initiation": initiation.pk, "by": alice.pk}
    client.post(
        step_url(client_of_a, "kiireellisyys"),
        {**common, "assessed_on": "2019-04-19", "immediate_need": "False"},
    )
    client.post(
        step_url(client_of_a, "erityinen-tuki"),
        {
            **common,
            "assessed_on": "2019-04-20",
            "needs_special_support": "False",
            "grounds": "Ei",
        },
    )
    client.post(
        step_url(client_of_a, "asiakassuunnitelma"),
        {"drawn_up_on": "2019-05-01", "goals": "T", "agreed_services": "P", "by": alice.pk},
    )
    client.post(
        step_url(client_of_a, "paattyminen"),
        {"closed_on": "2019-06-01", "reason": closure_reason().pk, "by": alice.pk},
    )

    response = client.get(detail_url(client_of_a))

    assert timeline_kinds(response) == [
        "closure",
        "plan",
        "special-support",
        "urgency",
        "initiation",
    ]


# --- Query counts ------------------------------------------------------------------


def client_with_steps(unit, by, count):
    person = ClientFactory(
        unit=unit,
        responsible_worker=by,
        date_of_birth=date(1943, 1, 1),
        identity_code_token=encrypt_identity_code(CODE),
        identity_code_digest=identity_code_digest(CODE),
    )
    for i in range(count):
        day = INITIATED_ON + timedelta(days=i)
        initiation = services.initiation_record(
            client=person,
            by=by,
            initiated_on=day,
            channel=InitiationChannel.NOTICE,
            notifier=notifier(),
            summary="Asia",
        )
        services.urgency_record(initiation=initiation, by=by, assessed_on=day, immediate_need=True)
        services.special_support_record(
            initiation=initiation,
            by=by,
            assessed_on=day,
            needs_special_support=False,
            grounds="Ei",
        )
        services.client_plan_record(
            client=person,
            by=by,
            drawn_up_on=day,
            goals="T",
            agreed_services="P",
            review_on=day + timedelta(days=90),
        )
        services.closure_record(
            client=person, by=by, closed_on=day, reason=closure_reason(), notes="N"
        )
    return person


def test_client_page_uses_the_same_number_of_queries_however_many_steps(
    client, alice, unit_a, django_assert_max_num_queries
):
    one = client_with_steps(unit_a, alice, 1)
    five = client_with_steps(unit_a, alice, 5)
    client.force_login(alice)
    assert client.get(detail_url(one)).status_code == 200  # warm up caches

    counts = {}
    for person, steps in ((one, 1), (five, 5)):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(detail_url(person))
        assert response.status_code == 200
        assert len(response.context["timeline"]) == 5 * steps
        counts[steps] = len(queries)

    assert counts[1] == counts[5]
    with django_assert_max_num_queries(counts[1]):
        client.get(detail_url(five))


def test_a_changed_date_of_birth_must_agree_with_the_stored_identity_code(
    client, alice, searchable
):
    client.force_login(alice)
    url = reverse("clients:update", args=[searchable.client_number])
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(date_of_birth="1990-01-02", identity_code="", remove_identity_code="")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "date_of_birth" in response.context["form"].errors


def test_pages_for_signed_in_users_are_not_cached(client, alice, searchable):
    client.force_login(alice)
    response = client.get(reverse("clients:detail", args=[searchable.client_number]))
    assert response["Cache-Control"] == "no-store, private"


def test_a_refused_change_is_logged_as_a_change(client, bob, searchable):
    client.force_login(bob)
    url = reverse("clients:update", args=[searchable.client_number])
    assert client.post(url, {"first_name": "X"}).status_code == 404
    entry = AccessLogEntry.objects.get(user=bob)
    assert (entry.action, entry.allowed) == ("change", False)
