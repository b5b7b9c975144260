"""The demo's groups give the report's figures (DOMAIN.md, "Functional
groups"): 7 functional groups held, 45 participants (8+6+6+5+8+8+4), the
sessions of each group, and 3 meetings of the developer-client group."""

import io

import pytest
from django.core.management import call_command

from accounts.models import User
from groups import selectors
from groups.models import (
    Attendance,
    Enrollment,
    EnrollmentStatus,
    Feedback,
    FunctionalGroup,
    GroupKind,
    GroupSession,
)

pytestmark = pytest.mark.django_db

# group: (held sessions, participants, sign-ups)
REPORTED = {
    "Voimaa valokuvista": (9, 8, 9),
    "Kädentaidot": (12, 6, 6),
    "Koira kaverina 1": (8, 6, 6),
    "Koira kaverina 2": (8, 5, 5),
    "Luontoryhmä": (7, 8, 8),
    "Puutyöt": (8, 8, 8),
    "Kokataan kimpassa": (8, 4, 5),
}


@pytest.fixture
def demo(settings):
    settings.DEMO_DATA_ALLOWED = True
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_the_demo_groups_give_the_reports_figures(demo):
    coordinator = User.objects.get(username="koordinaattori")
    assert selectors.group_figures(user=coordinator) == {
        "groups_held": 7,
        "participants": 45,
        "distinct_participants": 45,
        "sessions_held": 60,
        "developer_client_meetings": 3,
    }
    functional = FunctionalGroup.objects.exclude(kind=GroupKind.DEVELOPER_CLIENT)
    rows = selectors.participant_counts(selectors.sessions_held_counts(functional))
    assert {
        g.name: (g.sessions_held, g.participant_count, g.enrollments.count()) for g in rows
    } == REPORTED
    assert "45 participants" in demo

    # The photography group: one never came, one left after the first session.
    group = FunctionalGroup.objects.get(name="Voimaa valokuvista")
    participants = set(selectors.participants(FunctionalGroup.objects.filter(pk=group.pk)))
    dropped = group.enrollments.filter(status=EnrollmentStatus.DROPPED_OUT)
    assert dropped.count() == 2
    never_came, left = sorted(dropped, key=lambda e: e in participants)
    assert never_came not in participants
    assert left in participants
    assert left.attendances.filter(present=True).count() == 1

    # The developer-client group met three times; its members are not of the 45.
    developers = FunctionalGroup.objects.get(kind=GroupKind.DEVELOPER_CLIENT)
    assert developers.sessions.filter(status="held").count() == 3


def test_loading_the_demo_twice_adds_nothing(demo):
    def counts():
        return [
            model.objects.count()
            for model in (FunctionalGroup, GroupSession, Enrollment, Attendance, Feedback)
        ]

    first = counts()
    call_command("load_demo", stdout=io.StringIO())
    assert counts() == first
    assert first[0] == 8
