"""The access matrix: every role × every URL that names a record × a record
the role may not see → denied, and for client data, the refusal logged.

The matrix is generated from the URLconf (walked as tests/test_urls.py does),
so a new URL is covered automatically.  Each URL argument is filled from the
view's model: `RECORD_OF_ANOTHER_UNIT` makes a record of that model outside
the users' scope (a record of unit B, or of another area for area-wide
records, which every unit of the area sees by design); arguments that name
no record (a step, a measure) come from `OTHER_ARGUMENTS`.  A pattern with an
argument that cannot be filled fails the test, so no URL is skipped silently.

The users are of unit A (worker, supervisor, coordinator) and an
administrator; each request is made with GET and with POST.  A denial is 404
(the record "does not exist") or 403 (the role may not open the page at all);
never 200, never a redirect into the page, never a server error.
"""

import datetime

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.access_log import AccessLogEntry
from accounts.mixins import ClientRecordMixin
from accounts.tests.factories import AreaFactory, UnitFactory, UserFactory
from activities.models import FollowerCount, MediaItem, ParticipationEvent, Training, Workshop
from activities.tests.factories import (
    FollowerCountFactory,
    MediaItemFactory,
    ParticipationEventFactory,
    TrainingFactory,
    WorkshopFactory,
)
from assessments.models import ServiceNeedAssessment
from clients.models import BreakGlassGrant, Client
from clients.tests.factories import ClientFactory
from groups.models import Enrollment, FunctionalGroup, GroupSession
from groups.tests.factories import EnrollmentFactory, FunctionalGroupFactory, GroupSessionFactory
from outreach.models import OutreachVisit, PartnerOrganisation
from outreach.tests.factories import OutreachVisitFactory, PartnerOrganisationFactory
from structural.models import Observation, SurveyRound
from structural.tests.factories import ObservationFactory, SurveyRoundFactory
from tests.test_urls import PUBLIC

ROLES = ("alice", "supervisor", "coordinator", "administrator")
DENIED = {403, 404}


def _assessment(other):
    from assessments import services

    return services.assessment_start(
        client=other.client, by=other.user, started_on=datetime.date(2019, 6, 5)
    )


def _grant(other):
    from clients import break_glass

    return break_glass.grant_create(user=other.user, client=other.client, reason="Päivystys")


# model → how to make one that users of unit A may not see.
RECORD_OF_ANOTHER_UNIT = {
    Client: lambda other: other.client,
    ServiceNeedAssessment: _assessment,
    BreakGlassGrant: _grant,
    FunctionalGroup: lambda other: other.group,
    GroupSession: lambda other: GroupSessionFactory(group=other.group),
    Enrollment: lambda other: EnrollmentFactory(
        group=other.group, client=other.client, recorded_by=other.user
    ),
    OutreachVisit: lambda other: OutreachVisitFactory(unit=other.unit, recorded_by=other.user),
    PartnerOrganisation: lambda other: PartnerOrganisationFactory(area=other.area),
    Workshop: lambda other: WorkshopFactory(area=other.area),
    Training: lambda other: TrainingFactory(area=other.area),
    ParticipationEvent: lambda other: ParticipationEventFactory(area=other.area),
    MediaItem: lambda other: MediaItemFactory(area=other.area),
    FollowerCount: lambda other: FollowerCountFactory(area=other.area),
    Observation: lambda other: ObservationFactory(area=other.area),
    SurveyRound: lambda other: SurveyRoundFactory(survey__area=other.area),
}


def _first(mapping_path):
    def value():
        module, name = mapping_path.rsplit(".", 1)
        return next(iter(getattr(__import__(module, fromlist=[name]), name)))

    return value


# (URL name, argument) → a valid value of an argument that names no record.
OTHER_ARGUMENTS = {
    ("clients:step", "step"): _first("clients.views.CASE_STEPS"),
    ("structural:observation_step", "step"): _first("structural.forms.STEP_FORMS"),
    ("assessments:measure", "measure"): lambda: "kykyviisari",
    ("reports:run_download", "file_format"): lambda: "pdf",
    ("reports:narrative_edit", "section"): lambda: "general",
}

# URLs whose arguments name no record of any unit or area, and why: they are
# tested on their own below instead.
OWN_SCOPE_ONLY = {
    "reports:narrative_edit": "the section is always of the user's own area; "
    "no URL names another area's text",
}


def _report_run(other):
    """A monthly report run of another area (a coordinator sees every run of
    their own area, so another unit of it would be allowed)."""
    from reports.models import ReportKind, ReportRun, Trigger

    return ReportRun.objects.create(
        kind=ReportKind.MONTHLY,
        period_start=datetime.date(2019, 3, 1),
        period_end=datetime.date(2019, 3, 31),
        area=other.area,
        trigger=Trigger.SCHEDULE,
    )


def _import_run(other):
    """An import of bob's: each user sees only the imports they started."""
    from reports.models import ImportKind, ImportRun

    return ImportRun.objects.create(
        kind=ImportKind.CLIENTS,
        file="imports/asiakkaat.csv",
        original_name="asiakkaat.csv",
        requested_by=other.user,
    )


def _signed_in_session(other):
    """One of bob's signed-in sessions (accounts/user_sessions.py)."""
    from django.test import Client as Browser

    from accounts.user_sessions import UserSession

    Browser().force_login(other.user)
    return UserSession.objects.filter(user=other.user).latest("started_at")


# (URL name, argument) → the record it names, where that is not the view's
# model (an export of a group's attendance names the group).
ARGUMENT_RECORDS = {
    ("groups:attendance_export", "pk"): lambda other: other.group,
    ("groups:enrollments_export", "pk"): lambda other: other.group,
    ("reports:run", "pk"): _report_run,
    ("reports:run_status", "pk"): _report_run,
    ("reports:run_download", "pk"): _report_run,
    ("reports:import_status", "pk"): _import_run,
    ("reports:import_progress", "pk"): _import_run,
    ("session_end", "pk"): _signed_in_session,
    ("structural:survey_responses_export", "pk"): lambda other: SurveyRoundFactory(
        survey__area=other.area
    ),
}


def walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            namespace = f"{pattern.namespace}:" if pattern.namespace else prefix
            yield from walk(pattern.url_patterns, namespace)
        elif isinstance(pattern, URLPattern):
            yield f"{prefix}{pattern.name}", pattern


def patterns_with_arguments():
    for name, pattern in walk(get_resolver().url_patterns):
        if name in PUBLIC or name in OWN_SCOPE_ONLY:
            continue
        arguments = list(pattern.pattern.converters)
        if arguments:
            yield name, pattern, arguments


MATRIX = sorted(patterns_with_arguments(), key=lambda item: item[0])


class OtherUnit:
    """Unit B of the same area, and an area of its own, with their records."""

    def __init__(self, unit_b, bob):
        self.unit = unit_b
        self.user = bob
        self.client = ClientFactory(unit=unit_b, responsible_worker=bob)
        self.group = FunctionalGroupFactory(unit=unit_b, leaders=[bob])
        self.area = AreaFactory()
        UserFactory(area=self.area, units=[UnitFactory(area=self.area)])


def fill(name, view_class, arguments, other):
    """The URL arguments that name a record of the other unit, or a failure."""
    model = getattr(view_class, "model", None)
    record = None
    kwargs = {}
    for argument in arguments:
        if (name, argument) in OTHER_ARGUMENTS:
            kwargs[argument] = OTHER_ARGUMENTS[(name, argument)]()
            continue
        if (name, argument) in ARGUMENT_RECORDS:
            record = ARGUMENT_RECORDS[(name, argument)](other)
            kwargs[argument] = record.pk
            continue
        if model is None or model not in RECORD_OF_ANOTHER_UNIT:
            pytest.fail(
                f"{name}: no way to fill <{argument}>; add its model to RECORD_OF_ANOTHER_UNIT "
                "or the argument to OTHER_ARGUMENTS"
            )
        if record is None:
            record = RECORD_OF_ANOTHER_UNIT[model](other)
        if argument == getattr(view_class, "pk_url_kwarg", "pk"):
            kwargs[argument] = record.pk
        elif argument == getattr(view_class, "slug_url_kwarg", None):
            kwargs[argument] = getattr(record, view_class.slug_field)
        else:
            pytest.fail(f"{name}: <{argument}> is neither the view's pk nor its slug")
    return kwargs, record


def test_every_pattern_with_arguments_is_in_the_matrix():
    assert len(MATRIX) >= 30
    names = {name for name, _, _ in MATRIX}
    assert {"clients:detail", "assessments:detail", "groups:attendance"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "pattern", "arguments"), MATRIX, ids=[m[0] for m in MATRIX])
def test_a_record_of_another_unit_is_denied_and_logged(
    client, request, role, name, pattern, arguments, unit_b, bob
):
    user = request.getfixturevalue(role)
    view_class = getattr(pattern.callback, "view_class", None)
    assert view_class is not None, f"{name} is not a class-based portal view"
    other = OtherUnit(unit_b, bob)
    kwargs, record = fill(name, view_class, arguments, other)
    url = reverse(name, kwargs=kwargs)
    client.force_login(user)
    for method in ("get", "post"):
        before = AccessLogEntry.objects.filter(user=user, allowed=False).count()
        response = getattr(client, method)(url)
        # A page that takes no POST answers 405 before it looks at any record:
        # the same for a record that exists and one that does not.
        denied = DENIED | ({405} if not hasattr(view_class, method) else set())
        assert response.status_code in denied, (
            f"{method.upper()} {name} as {role}: {response.status_code}"
        )
        if response.status_code == 404 and issubclass(view_class, ClientRecordMixin):
            refused = AccessLogEntry.objects.filter(user=user, allowed=False)
            assert refused.count() == before + 1, f"{method.upper()} {name}: refusal not logged"
            entry = refused.latest("id")
            assert entry.record_id == record.pk
            assert entry.record_type == record._meta.label_lower


@pytest.mark.django_db
def test_a_narrative_url_reaches_only_the_users_own_area(client, coordinator):
    from reports.models import NarrativeSection, ReportNarrative

    other_area = AreaFactory()
    ReportNarrative.objects.create(
        area=other_area, section=NarrativeSection.GENERAL, draft="Toisen alueen teksti"
    )
    client.force_login(coordinator)
    url = reverse("reports:narrative_edit", kwargs={"section": NarrativeSection.GENERAL})
    page = client.get(url).content.decode()
    assert "Toisen alueen teksti" not in page
    assert set(OWN_SCOPE_ONLY) <= {name for name, _ in walk(get_resolver().url_patterns)}
