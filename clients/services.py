"""Writes of the clients app.  Each is atomic and keyword-only."""

import secrets

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clients.crypto import encrypt_identity_code, identity_code_digest
from clients.deadlines import ClientCircumstances, deadlines_for
from clients.models import (
    Client,
    ClientPlan,
    Closure,
    Initiation,
    SpecialSupportAssessment,
    SupportPersonService,
    UrgencyAssessment,
)

# A child under the Child Welfare Act 417/2007 §6: under 18.
ADULT_AGE = 18


class ConcurrentEditError(Exception):
    """Someone else saved the record after this user opened it."""

    message = _(
        "Someone else saved this record while you were editing it. Your changes were not "
        "saved: reload the page to see the current data and make your changes again."
    )


def new_client_number() -> str:
    """A random client number, e.g. "A1234567".

    Random rather than sequential so that the number reveals nothing about
    when or in which unit the client came.
    """
    return f"A{secrets.randbelow(10**7):07d}"


def _identity_code_fields(identity_code: str | None) -> dict:
    """The stored form of an identity code: encrypted, plus its look-up key."""
    if identity_code is None:
        return {}
    if identity_code == "":
        return {"identity_code_token": "", "identity_code_digest": ""}
    return {
        "identity_code_token": encrypt_identity_code(identity_code),
        "identity_code_digest": identity_code_digest(identity_code),
    }


def client_create(
    *, unit, first_name: str, last_name: str, identity_code: str | None = None, **fields
) -> Client:
    """Create a client with a fresh pseudonymous number.

    `identity_code` is a validated, normalised code or None; it is stored only
    encrypted.
    """
    fields |= _identity_code_fields(identity_code)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Client.objects.create(
                    client_number=new_client_number(),
                    unit=unit,
                    first_name=first_name,
                    last_name=last_name,
                    **fields,
                )
        except IntegrityError:
            # The number is taken: draw another.
            continue
    raise RuntimeError("Could not draw a free client number.")


@transaction.atomic
def client_update(
    *, client: Client, expected_version: int, identity_code: str | None = None, **fields
) -> Client:
    """Save changes to a client unless someone else saved first.

    `identity_code`: None keeps the stored code, "" removes it, a code
    replaces it.  The conditional UPDATE on `version` makes the check and the
    write one step, so two simultaneous saves cannot both pass.
    """
    fields |= _identity_code_fields(identity_code)
    updated = Client.objects.filter(pk=client.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now(), **fields
    )
    if not updated:
        raise ConcurrentEditError
    client.refresh_from_db()
    if {"date_of_birth", "highest_care_allowance"} & fields.keys():
        client_refresh_deadlines(client=client)
    return client


def clients_with_identity_code(identity_code: str, *, exclude: Client | None = None):
    """Every client with this identity code, in any unit (duplicate check).

    The comparison is on the whole code, century sign included: since 2023
    `-` and `Y` codes of the same digits belong to different people.
    """
    found = Client.objects.filter(identity_code_digest=identity_code_digest(identity_code))
    if exclude is not None and exclude.pk:
        found = found.exclude(pk=exclude.pk)
    return found


# --- The client process -----------------------------------------------------


def client_circumstances(initiation: Initiation) -> ClientCircumstances:
    """What the statutory clock needs to know of the client, as of the
    initiation: age, the highest care allowance, and for a child whether
    special support was found to be needed in this matter."""
    client = initiation.client
    age = client.age_on(initiation.initiated_on)
    is_child = age is not None and age < ADULT_AGE
    special_support = (
        is_child
        and SpecialSupportAssessment.objects.filter(
            initiation=initiation, needs_special_support=True
        ).exists()
    )
    return ClientCircumstances(
        date_of_birth=client.date_of_birth,
        highest_care_allowance=client.highest_care_allowance,
        child_special_support=special_support,
    )


def initiation_refresh_deadlines(*, initiation: Initiation) -> Initiation:
    """Fix the due dates of SHL §36 on the initiation from the rules
    (clients/deadlines.py).  Idempotent: the dates depend only on the
    initiation day and the client's circumstances."""
    due = {"start": None, "completion": None}
    codes = []
    for deadline in deadlines_for(
        initiated_on=initiation.initiated_on, circumstances=client_circumstances(initiation)
    ):
        due[deadline.rule.measures] = deadline.due
        codes.append(deadline.rule.code)
    initiation.assessment_start_due_on = due["start"]
    initiation.assessment_completion_due_on = due["completion"]
    initiation.deadline_rules = ",".join(codes)
    initiation.save(
        update_fields=["assessment_start_due_on", "assessment_completion_due_on", "deadline_rules"]
    )
    return initiation


@transaction.atomic
def initiation_record(*, client: Client, by, **fields) -> Initiation:
    """The matter becomes pending: record it and start the statutory clock."""
    initiation = Initiation.objects.create(client=client, by=by, **fields)
    return initiation_refresh_deadlines(initiation=initiation)


@transaction.atomic
def client_refresh_deadlines(*, client: Client) -> None:
    """After the date of birth or the care allowance changed."""
    for initiation in Initiation.objects.filter(client=client).select_related("client"):
        initiation_refresh_deadlines(initiation=initiation)


@transaction.atomic
def special_support_record(*, initiation: Initiation, by, **fields) -> SpecialSupportAssessment:
    """Record the special-support assessment; for a child it may add the
    three-month completion limit of SHL §36, so the clock is refreshed."""
    step = SpecialSupportAssessment.objects.create(
        initiation=initiation, client=initiation.client, by=by, **fields
    )
    initiation_refresh_deadlines(initiation=initiation)
    return step


def urgency_record(*, initiation: Initiation, by, **fields) -> UrgencyAssessment:
    return UrgencyAssessment.objects.create(
        initiation=initiation, client=initiation.client, by=by, **fields
    )


def client_plan_record(*, client: Client, by, **fields) -> ClientPlan:
    return ClientPlan.objects.create(client=client, by=by, **fields)


def closure_record(*, client: Client, by, **fields) -> Closure:
    return Closure.objects.create(client=client, by=by, **fields)


def support_person_record(*, client: Client, by, **fields) -> SupportPersonService:
    return SupportPersonService.objects.create(client=client, by=by, **fields)
