"""The Finnish personal identity code (henkilötunnus).

Format: ``DDMMYY`` + century sign + individual number ``NNN`` + check character.
Since 2023 the century sign also tells people apart (``-`` and ``Y`` to ``U`` all
mean the 1900s, but ``010190-999W`` and ``010190Y999W`` are two different codes),
so the sign is kept exactly as given and never normalised to another.

The code is personal data: error messages never repeat it, and ``IdentityCode``
masks it in ``repr`` so that it does not leak into logs or tracebacks. Sex is
deliberately not derived from the code (the law is moving away from
gender-bound codes).
"""

import datetime
import re
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"

CENTURY_SIGNS = {
    "+": 1800,
    "-": 1900,
    **dict.fromkeys("YXWVU", 1900),
    "A": 2000,
    **dict.fromkeys("BCDEF", 2000),
}

# [0-9] rather than \d: \d would accept other scripts' digits.
_FORMAT = re.compile(r"([0-9]{2})([0-9]{2})([0-9]{2})([^0-9])([0-9]{3})([0-9A-Z])")

# 900-999 are temporary codes; 000 and 001 are not in use.
_FIRST_INDIVIDUAL_NUMBER = 2
_FIRST_TEMPORARY_NUMBER = 900

# The messages are fixed texts: they must never contain the code itself.
MESSAGES = {
    "format": _(
        "Enter the identity code as 11 characters: the date of birth DDMMYY, "
        "the century sign, the individual number NNN and the check character."
    ),
    "century": _("The century sign is not valid: it must be one of + - A B C D E F U V W X Y."),
    "date": _("The date of birth in the identity code is not a valid date."),
    "future": _("The date of birth in the identity code is in the future."),
    "individual_number": _("The individual number of the identity code is not in use."),
    "checksum": _("The check character does not match: check the code."),
}


def _error(key: str, code: str | None = None) -> ValidationError:
    return ValidationError(MESSAGES[key], code=code or key)


def normalise(value: str) -> str:
    """The code as stored and compared: no surrounding whitespace, upper case."""
    return value.strip().upper()


def compute_check_character(ddmmyy: str, individual_number: str) -> str:
    """The check character for a date part ``DDMMYY`` and individual number ``NNN``."""
    if not (re.fullmatch(r"[0-9]{6}", ddmmyy) and re.fullmatch(r"[0-9]{3}", individual_number)):
        raise ValueError("Expected six digits and three digits.")
    return CHECK_CHARACTERS[int(ddmmyy + individual_number) % 31]


@dataclass(frozen=True, repr=False)
class IdentityCode:
    """A parsed, valid identity code; ``code`` is the normalised code."""

    code: str
    date_of_birth: datetime.date
    individual_number: int
    is_temporary: bool

    # Masked so that logging or printing the object never discloses the code.
    def __repr__(self) -> str:
        return "IdentityCode(***)"

    __str__ = __repr__


def parse_identity_code(value: str) -> IdentityCode:
    """Parse and validate a code; raise ``ValidationError`` naming the failure."""
    if not isinstance(value, str):
        raise _error("format")
    code = normalise(value)
    match = _FORMAT.fullmatch(code)
    if not match:
        raise _error("format")
    day, month, year, sign, number, check = match.groups()

    century = CENTURY_SIGNS.get(sign)
    if century is None:
        raise _error("century")
    try:
        date_of_birth = datetime.date(century + int(year), int(month), int(day))
    except ValueError:
        raise _error("date") from None
    if date_of_birth > timezone.localdate():
        raise _error("future", code="date")

    individual_number = int(number)
    if individual_number < _FIRST_INDIVIDUAL_NUMBER:
        raise _error("individual_number")

    if check != compute_check_character(day + month + year, number):
        raise _error("checksum")

    return IdentityCode(
        code=code,
        date_of_birth=date_of_birth,
        individual_number=individual_number,
        is_temporary=individual_number >= _FIRST_TEMPORARY_NUMBER,
    )


def validate_identity_code(value: str) -> None:
    """A Django validator for model and form fields."""
    parse_identity_code(value)


class IdentityCodeField(forms.CharField):
    """A form field that cleans an identity code to its normalised form."""

    default_validators = [validate_identity_code]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 11)
        kwargs.setdefault("strip", True)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalise(value) if value else value

    def widget_attrs(self, widget):
        # No browser autofill history or spell-check service should see the code.
        return {**super().widget_attrs(widget), "autocomplete": "off", "spellcheck": "false"}
