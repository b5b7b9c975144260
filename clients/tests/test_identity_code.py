"""The identity code parser, validator and form field.

Test data uses temporary individual numbers (900-999) only, apart from the
official example 131052-308T.
"""

import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from clients.identity_code import (
    CENTURY_SIGNS,
    CHECK_CHARACTERS,
    MESSAGES,
    IdentityCode,
    IdentityCodeField,
    compute_check_character,
    normalise,
    parse_identity_code,
    validate_identity_code,
)


def make_code(ddmmyy: str, sign: str, number: str) -> str:
    """A code with the right check character."""
    return f"{ddmmyy}{sign}{number}{compute_check_character(ddmmyy, number)}"


def error_code(value: str) -> str:
    with pytest.raises(ValidationError) as excinfo:
        parse_identity_code(value)
    return excinfo.value.code


def test_official_example():
    assert compute_check_character("131052", "308") == "T"
    parsed = parse_identity_code("131052-308T")
    assert parsed.date_of_birth == datetime.date(1952, 10, 13)
    assert parsed.individual_number == 308
    assert not parsed.is_temporary


@pytest.mark.parametrize(
    ("sign", "year"),
    [("+", 1890), *[(sign, 1990) for sign in "-YXWVU"], *[(sign, 2010) for sign in "ABCDEF"]],
)
def test_every_century_sign(sign, year):
    code = make_code(f"0101{year % 100:02d}", sign, "942")
    parsed = parse_identity_code(code)
    assert parsed.code == code
    assert parsed.date_of_birth == datetime.date(year, 1, 1)
    assert parsed.individual_number == 942
    assert parsed.is_temporary


def test_normalises_whitespace_and_case():
    code = make_code("150505", "A", "913")
    assert normalise(f"  {code.lower()}\n") == code
    assert parse_identity_code(f" {code.lower()} ").code == code


def test_new_signs_are_distinct_codes():
    old_style = make_code("010190", "-", "987")
    new_style = make_code("010190", "Y", "987")
    first, second = parse_identity_code(old_style), parse_identity_code(new_style)
    assert first.date_of_birth == second.date_of_birth == datetime.date(1990, 1, 1)
    assert first.code == old_style
    assert second.code == new_style
    assert first != second


def with_wrong_check(code: str) -> str:
    """The code with the next character of the check alphabet in place of its own."""
    return code[:-1] + CHECK_CHARACTERS[(CHECK_CHARACTERS.index(code[-1]) + 1) % 31]


def test_wrong_check_character():
    assert error_code(with_wrong_check(make_code("010190", "-", "900"))) == "checksum"
    # A character outside the check alphabet cannot match either.
    assert error_code(make_code("010190", "-", "900")[:-1] + "Q") == "checksum"


@pytest.mark.parametrize("ddmmyy", ["310290", "300290", "290223", "011390", "001090", "320190"])
def test_impossible_dates(ddmmyy):
    assert error_code(make_code(ddmmyy, "-", "900")) == "date"


def test_leap_day_in_a_leap_year():
    assert parse_identity_code(make_code("290224", "A", "900")).date_of_birth == (
        datetime.date(2024, 2, 29)
    )


def test_future_date_of_birth():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert error_code(make_code(tomorrow.strftime("%d%m%y"), "A", "900")) == "date"


@pytest.mark.parametrize("sign", ["G", "Z", "Å", "/", " "])
def test_unknown_century_sign(sign):
    assert error_code(make_code("010190", "-", "900").replace("-", sign)) == "century"


@pytest.mark.parametrize(
    "value",
    ["", "010190-900", "010190-9000X", "01019-900X", "0A0190-900X", "010190-9A0X", "010190-900*"],
)
def test_bad_format(value):
    assert error_code(value) == "format"


def test_non_string_is_a_format_error():
    assert error_code(None) == "format"


@pytest.mark.parametrize("number", ["000", "001"])
def test_individual_numbers_not_in_use(number):
    assert error_code(make_code("010190", "-", number)) == "individual_number"


def test_lowest_ordinary_individual_number():
    assert parse_identity_code(make_code("010190", "-", "002")).individual_number == 2


BAD_VALUES = {
    "format": "010190-90X",
    "century": make_code("010190", "-", "900").replace("-", "G"),
    "date": make_code("310290", "-", "900"),
    "individual_number": make_code("010190", "-", "001"),
    "checksum": with_wrong_check(make_code("010190", "-", "900")),
}


def test_each_failure_has_its_own_code_and_message():
    messages = {}
    for expected_code, value in BAD_VALUES.items():
        with pytest.raises(ValidationError) as excinfo:
            parse_identity_code(value)
        assert excinfo.value.code == expected_code
        messages[expected_code] = str(excinfo.value.message)
    assert len(set(messages.values())) == len(messages)


@pytest.mark.parametrize("value", [*BAD_VALUES.values(), " 010190-900q ", "310290a9001"])
def test_error_message_never_contains_the_code(value):
    with pytest.raises(ValidationError) as excinfo:
        parse_identity_code(value)
    text = " ".join(excinfo.value.messages) + str(excinfo.value)
    for fragment in (value.strip(), normalise(value), value.strip()[:6]):
        assert fragment not in text


def test_repr_and_str_are_masked():
    code = make_code("010190", "-", "900")
    parsed = parse_identity_code(code)
    assert repr(parsed) == str(parsed) == "IdentityCode(***)"
    assert code not in f"{parsed!r} {parsed}"


def test_validator():
    validate_identity_code(make_code("010190", "-", "900"))
    with pytest.raises(ValidationError):
        validate_identity_code(BAD_VALUES["checksum"])


def _signs_for(century: int) -> list[str]:
    return [sign for sign, start in CENTURY_SIGNS.items() if start == century]


@given(
    date_of_birth=st.dates(
        min_value=datetime.date(1850, 1, 1),
        max_value=min(datetime.date(2025, 12, 31), datetime.date.today()),
    ),
    number=st.integers(min_value=900, max_value=999),
    data=st.data(),
)
def test_valid_codes_parse_back(date_of_birth, number, data):
    sign = data.draw(st.sampled_from(_signs_for(date_of_birth.year // 100 * 100)))
    code = make_code(date_of_birth.strftime("%d%m%y"), sign, str(number))
    parsed = parse_identity_code(code)
    assert parsed == IdentityCode(code, date_of_birth, number, True)


class IdentityCodeForm(forms.Form):
    identity_code = IdentityCodeField(required=False)


def test_field_cleans_to_the_normalised_code():
    code = make_code("241299", "-", "955")
    form = IdentityCodeForm(data={"identity_code": f"  {code.lower()} "})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["identity_code"] == code


def test_field_allows_empty_when_not_required():
    form = IdentityCodeForm(data={"identity_code": "  "})
    assert form.is_valid()
    assert form.cleaned_data["identity_code"] == ""


def test_field_shows_the_error():
    form = IdentityCodeForm(data={"identity_code": BAD_VALUES["checksum"]})
    assert not form.is_valid()
    assert form.has_error("identity_code", code="checksum")
    assert form.errors["identity_code"] == [str(MESSAGES["checksum"])]
    assert BAD_VALUES["checksum"] not in str(form.errors)


def test_field_widget_attributes():
    attrs = IdentityCodeField().widget.attrs
    assert attrs["autocomplete"] == "off"
    assert attrs["spellcheck"] == "false"
    assert attrs["maxlength"] == "11"
