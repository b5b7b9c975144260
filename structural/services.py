"""Writes of structural social work, and the checks that keep client
identities out of observations and addresses out of surveys.

Every write is keyword-only and atomic.
"""

import datetime
import hashlib
import re
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from clients.identity_code import parse_identity_code
from structural.models import (
    Answer,
    Observation,
    ObservationFollowUp,
    OpenAnswer,
    OpenQuestion,
    Response,
    Statement,
    SurveyRound,
)

# --- Client identities in free text ------------------------------------------

# DDMMYY, a century sign, NNN and a check character, in either case, not part
# of a longer run of letters and digits.  A match is a code only if
# parse_identity_code accepts it (valid date and check character).
IDENTITY_CODE_IN_TEXT = re.compile(
    r"(?<![0-9A-Za-z])[0-9]{6}[-+A-FU-Ya-fu-y][0-9]{3}[0-9A-Za-z](?![0-9A-Za-z])"
)

IDENTITY_CODE_MESSAGE = _(
    "The text contains a personal identity code. Observations must not identify "
    "clients: remove the code."
)

_UPPER = "A-ZÅÄÖ"
_LOWER = "a-zåäöéü"
_WORD = rf"[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?"
# Two capitalised words in a row ("Matti Virtanen"), or a capitalised word
# and an initial ("Matti V.", "Virtanen M.").
# A lookahead, so that overlapping pairs ("Asiakas Matti Virtanen") are all seen.
_NAME_PAIR = re.compile(rf"(?<![\w-])(?=({_WORD}\s+(?:{_WORD}\b|[{_UPPER}]\.)))")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s*|\n\s*)$")


def identity_codes_in(text: str) -> list[str]:
    """The valid personal identity codes found in a text (for refusing it;
    never show them back)."""
    found = []
    for match in IDENTITY_CODE_IN_TEXT.finditer(text or ""):
        try:
            parse_identity_code(match.group())
        except ValidationError:
            continue
        found.append(match.group())
    return found


def name_like_phrases(text: str) -> list[str]:
    """Phrases that look like a person's name, by a deliberately simple rule.

    A phrase is two consecutive capitalised words ("Matti Virtanen") or a
    capitalised word followed by an initial ("Matti V.", "Virtanen M.").  A
    pair whose first word starts a sentence (at the start of the text or
    after . ! ? : ; or a line break) is not counted, since Finnish capitalises
    only the sentence's first word and proper names.  It is a warning, not a
    refusal: place and organisation names ("Mikkelin Asunnot") match too, and
    a name written in lower case does not.
    """
    phrases = []
    text = text or ""
    for match in _NAME_PAIR.finditer(text):
        if _SENTENCE_START.search(text[: match.start()]):
            continue
        phrases.append(match.group(1))
    return phrases


def check_no_identity_code(**texts: str) -> None:
    """Raise a ValidationError naming each field whose text holds a code."""
    errors = {
        name: ValidationError(IDENTITY_CODE_MESSAGE, code="identity_code")
        for name, text in texts.items()
        if identity_codes_in(text)
    }
    if errors:
        raise ValidationError(errors)


# --- Observations ------------------------------------------------------------

OBSERVATION_FIELDS = (
    "title",
    "description",
    "theme",
    "municipality",
    "unit",
    "clients_concerned",
    "recorded_on",
)


@transaction.atomic
def observation_create(*, recorded_by: User, **fields) -> Observation:
    """Record an observation in the recorder's area; a text with an identity
    code is refused, whoever calls."""
    unknown = fields.keys() - set(OBSERVATION_FIELDS)
    if unknown:
        raise TypeError(f"Not a field of an observation: {', '.join(sorted(unknown))}")
    check_no_identity_code(title=fields.get("title", ""), description=fields.get("description", ""))
    observation = Observation(area_id=recorded_by.area_id, recorded_by=recorded_by, **fields)
    observation.full_clean()
    observation.save()
    return observation


@transaction.atomic
def observation_update(*, observation: Observation, **fields) -> Observation:
    unknown = fields.keys() - set(OBSERVATION_FIELDS)
    if unknown:
        raise TypeError(f"Not a field of an observation: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(observation, name, value)
    check_no_identity_code(title=observation.title, description=observation.description)
    observation.full_clean()
    observation.save()
    return observation


# step: (the previous step's date field or None, the fields the step sets)
STEPS = {
    "raised": (None, ("raised_in_team_on", "raised_by")),
    "supervisor": ("raised_in_team_on", ("supervisor_informed", "supervisor_informed_on")),
    "action": (
        "supervisor_informed_on",
        ("action_agreed", "responsible", "action_agreed_on", "partners"),
    ),
    "close": (None, ("closed_on", "closed_by", "outcome")),
}
STEP_DATE = {
    "raised": "raised_in_team_on",
    "supervisor": "supervisor_informed_on",
    "action": "action_agreed_on",
    "close": "closed_on",
}


@transaction.atomic
def observation_step(*, observation: Observation, step: str, **fields) -> Observation:
    """Take (or correct) a step of the workflow.

    The steps go in order (raised → supervisor informed → action agreed); an
    observation may be closed at any point.  A step's date is not in the
    future nor before the observation was recorded or the previous step.
    """
    if step not in STEPS:
        raise ValueError(f"Unknown step {step}")
    previous, names = STEPS[step]
    unknown = fields.keys() - set(names)
    if unknown:
        raise TypeError(f"Not a field of the step: {', '.join(sorted(unknown))}")
    if observation.closed_on and step != "close":
        raise ValidationError(_("The observation is closed."), code="closed")
    date_field = STEP_DATE[step]
    day: datetime.date = fields[date_field]
    if previous and getattr(observation, previous) is None:
        raise ValidationError(_("Take the previous step first."), code="order")
    earliest = getattr(observation, previous) if previous else observation.recorded_on
    if day > timezone.localdate():
        raise ValidationError({date_field: _("The date cannot be in the future.")})
    if earliest and day < earliest:
        raise ValidationError(
            {date_field: _("The date cannot be before the previous step of the observation.")}
        )
    partners = fields.pop("partners", None)
    if step == "close":
        check_no_identity_code(outcome=fields.get("outcome", ""))
    if step == "action":
        check_no_identity_code(action_agreed=fields.get("action_agreed", ""))
    for name, value in fields.items():
        setattr(observation, name, value)
    observation.save()
    if partners is not None:
        observation.partners.set(list(partners))
    return observation


@transaction.atomic
def follow_up_create(
    *, observation: Observation, by: User, text: str, on: datetime.date | None = None
) -> ObservationFollowUp:
    check_no_identity_code(text=text)
    return ObservationFollowUp.objects.create(
        observation=observation, by=by, text=text, on=on or timezone.localdate()
    )


# --- Surveys -----------------------------------------------------------------

FLOOD_LIMIT = 20  # answers per address and round ...
FLOOD_WINDOW = 10 * 60  # ... in this many seconds


def address_hash(address: str) -> str:
    """A keyed hash of the client's address: it keys a counter in the cache
    and is never written to the database."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]


def flood_check(*, token: str, address: str) -> bool:
    """Count one answer of an address to a round; False when the address has
    already sent FLOOD_LIMIT answers in the current FLOOD_WINDOW."""
    key = f"structural:survey-flood:{token}:{address_hash(address)}"
    cache.add(key, 0, timeout=FLOOD_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=FLOOD_WINDOW)
        count = 1
    return count <= FLOOD_LIMIT


@transaction.atomic
def response_create(
    *,
    round: SurveyRound,
    service_line: str,
    values: dict[Statement, int | None],
    open_answers: dict[OpenQuestion, str] | None = None,
    entered_by: User | None = None,
) -> Response:
    """Save one anonymous response with its answers (None = skipped)."""
    if any(v is not None and not 1 <= v <= 5 for v in values.values()):
        raise ValidationError(_("The answers are on a scale of 1 to 5."), code="scale")
    response = Response.objects.create(
        round=round, service_line=service_line, entered_by=entered_by
    )
    Answer.objects.bulk_create(
        Answer(response=response, statement=statement, value=value)
        for statement, value in values.items()
    )
    OpenAnswer.objects.bulk_create(
        OpenAnswer(response=response, question=question, text=text.strip())
        for question, text in (open_answers or {}).items()
        if text and text.strip()
    )
    return response


def statements_of(round: SurveyRound) -> Iterable[Statement]:
    return round.survey.statements.order_by("order", "id")
