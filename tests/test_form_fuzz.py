"""Every form of the portal, fuzzed with hypothesis through its real view.

The forms are found from the URLconf: every page that, opened with GET by a
user who may open it, renders a Django form in its context.  Its fields are
then posted with random and hostile values — long strings, control
characters and NUL, script tags, wrong types, huge numbers, impossible
dates, valid choices mixed with junk — as that user.  For every example:

* no server error (status < 500);
* nothing half-saved: either the form is shown again (200) and no table of
  the portal changed, or the view accepted the input (a redirect).

URL arguments name records of the user's own unit, made as the access
matrix makes them (tests/test_access_matrix.py).  The settings keep the run
short and stable in CI: a modest number of examples, no deadline, derandomised.
"""

import pytest
from django import forms
from django.apps import apps
from django.urls import get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groups.tests.factories import FunctionalGroupFactory
from tests.test_access_matrix import (
    ARGUMENT_RECORDS,
    OTHER_ARGUMENTS,
    RECORD_OF_ANOTHER_UNIT,
    walk,
)
from tests.test_urls import PUBLIC

# Who tries each page, in this order: the first who may open it posts.
USERS = ("alice", "supervisor", "coordinator", "administrator")
# Pages with a form that are not the portal's data entry, and why.
NOT_FUZZED = {
    "logout": "ends the session",
    "set_language": "public language switch, no data",
}
# Pages that take POST but render no single form on GET, and why.
NO_FORM_ON_GET = {
    "clients:break_glass": "opens only from a search kept in the session (404 without one); "
    "its reason form is tested in clients/tests/test_break_glass.py",
    "clients:grant_review": "a button: POST with no fields",
    "groups:attendance": "a grid of checkboxes, not a form; "
    "bad input in groups/tests/test_bad_input.py",
    "recovery_codes": "two-factor recovery codes (a button)",
    "two_factor_enrol": "two-factor enrolment renders its form only within the login flow",
    "reports:run_final": "a button that starts a report run",
    "reports:run_monthly": "a button that starts a report run",
    "session_end": "a button that ends one of the user's own sessions",
}
PORTAL_APPS = {
    "accounts",
    "clients",
    "assessments",
    "groups",
    "outreach",
    "structural",
    "activities",
    "reports",
}

HOSTILE_TEXT = st.sampled_from(
    [
        "",
        " ",
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "\x00",
        "a\x00b",
        "\x01\x02\x1b[31m\x7f",
        "x" * 10_000,
        "ä" * 5_000,
        "9" * 60,
        "-1",
        "1e309",
        "NaN",
        "0000-00-00",
        "2019-02-30",
        "31.12.99999",
        "9999-12-31",
        "0001-01-01",
        "true",
        "[]",
        "{}",
        "' OR 1=1 --",
        "../../etc/passwd",
        "\u202e\u200b",
        "010190-955K",
    ]
)
RANDOM_TEXT = st.text(max_size=300)


def value_strategy(field):
    """Hostile values for one field, with its valid choices mixed in."""
    options = [
        HOSTILE_TEXT,
        RANDOM_TEXT,
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
    ]
    choices = getattr(field, "choices", None)
    if choices is not None:
        try:
            valid = [str(value) for value, _ in choices if value not in ("", None)]
        except TypeError:
            valid = []
        valid = [v for v in valid if v][:50]
        if valid:
            options.append(st.sampled_from(valid))
            options.append(st.lists(st.sampled_from(valid), max_size=3))
    if isinstance(field, forms.DateField):
        options.append(st.dates().map(lambda day: day.isoformat()))
    return st.one_of(*options)


def table_counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in PORTAL_APPS
        and not model._meta.proxy
        and model._meta.label != "accounts.AccessLogEntry"
    }


class OwnUnit:
    """Unit A and its records, shaped like the matrix's other unit."""

    def __init__(self, unit_a, alice, client_of_a):
        self.unit = unit_a
        self.user = alice
        self.client = client_of_a
        self.group = FunctionalGroupFactory(unit=unit_a, leaders=[alice])
        self.area = unit_a.area


def fill(name, view_class, arguments, own):
    model = getattr(view_class, "model", None)
    kwargs, record = {}, None
    for argument in arguments:
        if (name, argument) in OTHER_ARGUMENTS:
            kwargs[argument] = OTHER_ARGUMENTS[(name, argument)]()
        elif (name, argument) in ARGUMENT_RECORDS:
            kwargs[argument] = ARGUMENT_RECORDS[(name, argument)](own).pk
        elif model in RECORD_OF_ANOTHER_UNIT:
            record = record or RECORD_OF_ANOTHER_UNIT[model](own)
            if argument == getattr(view_class, "slug_url_kwarg", None):
                kwargs[argument] = getattr(record, view_class.slug_field)
            else:
                kwargs[argument] = record.pk
        else:
            return None
    return kwargs


PAGES = sorted(
    (name, pattern)
    for name, pattern in walk(get_resolver().url_patterns)
    if name not in PUBLIC
    and name not in NOT_FUZZED
    and getattr(pattern.callback, "view_class", None) is not None
    and hasattr(pattern.callback.view_class, "post")
)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "pattern"), PAGES, ids=[name for name, _ in PAGES])
def test_hostile_input_gives_no_server_error_and_nothing_half_saved(
    client, request, name, pattern, unit_a, alice, client_of_a
):
    view_class = pattern.callback.view_class
    own = OwnUnit(unit_a, alice, client_of_a)
    kwargs = fill(name, view_class, list(pattern.pattern.converters), own)
    if kwargs is None:
        pytest.fail(f"{name}: no way to fill its URL arguments (see tests/test_access_matrix.py)")
    url = reverse(name, kwargs=kwargs)
    form = None
    for username in USERS:
        user = request.getfixturevalue(username)
        client.force_login(user)
        response = client.get(url)
        if response.status_code == 200 and response.context is not None:
            form = response.context.get("form")
            if form is None and response.context.get("filter") is not None:
                form = response.context["filter"].form  # a search form posted to the list
            if isinstance(form, forms.BaseForm):
                break
        form = None
    if form is None:
        assert name in NO_FORM_ON_GET, f"{name} takes POST but renders no form: fuzz it or say why"
        pytest.skip(NO_FORM_ON_GET[name])
    fields = {field_name: value_strategy(field) for field_name, field in form.fields.items()}
    data_strategy = st.fixed_dictionaries({}, optional=fields)

    @settings(
        max_examples=12,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=data_strategy)
    def post_hostile(data):
        before = table_counts()
        response = client.post(url, {**data, "version": form.initial.get("version", "")})
        assert response.status_code < 500, f"{name}: {response.status_code} for {data!r}"
        if response.status_code == 200:
            assert table_counts() == before, f"{name}: a rejected form saved something: {data!r}"

    post_hostile()
