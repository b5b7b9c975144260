"""The ESF participant indicators of Regulation (EU) 1304/2013, Annex I
(groups/esf.py, groups/selectors.py `esf_participant_figures`), on a small
hand-made data set: who counts, which answers count, and the breakdown by
gender."""

import datetime

import pytest

from clients.models import Sex
from clients.tests.factories import ClientFactory
from groups import selectors
from groups.esf import ESF_BREAKDOWN, ESF_INDICATORS, AgeGroup, Answer, EducationLevel
from groups.esf import LabourMarketStatus as Status
from groups.models import GroupKind, SessionStatus
from groups.tests.factories import (
    AttendanceFactory,
    EnrollmentFactory,
    FunctionalGroupFactory,
    GroupSessionFactory,
)
from reports import indicators

pytestmark = pytest.mark.django_db


def participant(group, *, sex=Sex.FEMALE, signed_up_on=datetime.date(2019, 1, 15), **answers):
    """A client of the group's unit who came to a held session of it."""
    client = ClientFactory(unit=group.unit, sex=sex)
    enrollment = EnrollmentFactory(group=group, client=client, signed_up_on=signed_up_on, **answers)
    AttendanceFactory(enrollment=enrollment, session=GroupSessionFactory(group=group))
    return enrollment


def figures(user, **period):
    return selectors.esf_participant_figures(user=user, **period)


def test_every_indicator_has_a_total_and_a_figure_for_women_men_and_the_rest(supervisor):
    result = figures(supervisor)
    expected = {
        f"{item.code}{suffix}" for item in ESF_INDICATORS for suffix, _label, _sex in ESF_BREAKDOWN
    }
    assert set(result) == expected
    assert len(ESF_INDICATORS) >= 20  # Annex I has 17 output and 5 result indicators for people


def test_labour_market_status_and_gender(unit_a, supervisor):
    group = FunctionalGroupFactory(unit=unit_a)
    participant(group, sex=Sex.FEMALE, labour_market_status=Status.UNEMPLOYED)
    participant(group, sex=Sex.MALE, labour_market_status=Status.LONG_TERM_UNEMPLOYED)
    participant(group, sex=Sex.MALE, labour_market_status=Status.INACTIVE_NOT_IN_EDUCATION)
    participant(group, sex=Sex.UNKNOWN, labour_market_status=Status.EMPLOYED)
    participant(group, sex=Sex.FEMALE, labour_market_status=Status.UNDISCLOSED)

    result = figures(supervisor)
    assert (result["esf_participants"], result["esf_participants_women"]) == (5, 2)
    assert result["esf_participants_men"] == 2
    # Annex I counts the long-term unemployed among the unemployed too.
    assert (result["esf_unemployed"], result["esf_unemployed_men"]) == (2, 1)
    assert (result["esf_long_term_unemployed"], result["esf_long_term_unemployed_women"]) == (1, 0)
    assert (result["esf_inactive"], result["esf_inactive_not_in_education_men"]) == (1, 1)
    # Other or unknown sex: in the total and its own column, so the parts add up.
    assert (result["esf_employed"], result["esf_employed_other"]) == (1, 1)
    assert (result["esf_employed_women"], result["esf_employed_men"]) == (0, 0)


def test_prefer_not_to_say_is_not_yes(unit_a, supervisor):
    group = FunctionalGroupFactory(unit=unit_a)
    participant(group, disability=Answer.YES, homeless_or_housing_exclusion=Answer.UNDISCLOSED)
    participant(group, disability=Answer.UNDISCLOSED, homeless_or_housing_exclusion=Answer.NO)
    participant(group)  # not asked

    result = figures(supervisor)
    assert result["esf_disability"] == 1
    assert result["esf_homeless_or_housing_exclusion"] == 0


def test_age_and_education_groups(unit_a, supervisor):
    group = FunctionalGroupFactory(unit=unit_a)
    participant(group, age_group=AgeGroup.UNDER_25, education_level=EducationLevel.ISCED_0)
    participant(
        group,
        sex=Sex.MALE,
        age_group=AgeGroup.OVER_54,
        labour_market_status=Status.UNEMPLOYED,
        education_level=EducationLevel.ISCED_3_4,
    )
    participant(
        group,
        age_group=AgeGroup.OVER_54,
        labour_market_status=Status.EMPLOYED,
        education_level=EducationLevel.ISCED_5_8,
    )

    result = figures(supervisor)
    assert result["esf_under_25"] == 1
    assert (result["esf_over_54"], result["esf_over_54_unemployed_or_inactive"]) == (2, 1)
    assert result["esf_over_54_unemployed_or_inactive_men"] == 1
    # ISCED 0 is counted with ISCED 1–2 (groups/esf.py says why).
    assert result["esf_isced_1_2"] == 1
    assert (result["esf_isced_3_4"], result["esf_isced_5_8"]) == (1, 1)


def test_sign_ups_who_never_came_and_cancelled_sessions_are_not_participants(unit_a, supervisor):
    group = FunctionalGroupFactory(unit=unit_a)
    EnrollmentFactory(group=group, labour_market_status=Status.UNEMPLOYED)  # never came
    cancelled = GroupSessionFactory(
        group=group, status=SessionStatus.CANCELLED, cancel_reason="Ohjaaja sairastui."
    )
    AttendanceFactory(
        enrollment=EnrollmentFactory(group=group, labour_market_status=Status.UNEMPLOYED),
        session=cancelled,
    )
    assert figures(supervisor)["esf_participants"] == 0
    assert figures(supervisor)["esf_unemployed"] == 0


def test_a_client_in_two_groups_is_one_participant_with_the_answers_of_entry(unit_a, supervisor):
    first, second = FunctionalGroupFactory.create_batch(2, unit=unit_a)
    entry = participant(
        first, signed_up_on=datetime.date(2019, 1, 10), labour_market_status=Status.UNEMPLOYED
    )
    later = EnrollmentFactory(
        group=second,
        client=entry.client,
        signed_up_on=datetime.date(2019, 3, 1),
        labour_market_status=Status.EMPLOYED,
    )
    AttendanceFactory(enrollment=later, session=GroupSessionFactory(group=second))

    result = figures(supervisor)
    assert result["esf_participants"] == 1
    assert (result["esf_unemployed"], result["esf_employed"]) == (1, 0)


def test_the_developer_client_group_is_not_an_esf_operation_here(unit_a, supervisor):
    developers = FunctionalGroupFactory(unit=unit_a, kind=GroupKind.DEVELOPER_CLIENT)
    participant(developers)
    assert figures(supervisor)["esf_participants"] == 0


def test_result_indicators_count_exit_forms_only(unit_a, supervisor):
    group = FunctionalGroupFactory(unit=unit_a)
    participant(
        group,
        labour_market_status=Status.INACTIVE,
        exit_recorded_on=datetime.date(2019, 6, 1),
        exit_job_searching=Answer.YES,
    )
    # The answer without an exit form (a data-entry slip) does not count.
    participant(group, labour_market_status=Status.INACTIVE, exit_job_searching=Answer.YES)
    participant(
        group,
        sex=Sex.MALE,
        other_disadvantage=Answer.YES,
        exit_recorded_on=datetime.date(2019, 6, 1),
        exit_employed=Answer.YES,
    )

    result = figures(supervisor)
    assert result["esf_inactive_job_searching_on_leaving"] == 1
    assert (result["esf_exit_employed"], result["esf_exit_employed_men"]) == (1, 1)
    assert result["esf_disadvantaged_in_work_education_or_searching_on_leaving"] == 1


def test_the_period_counts_those_who_came_in_it(unit_a, supervisor):
    group = FunctionalGroupFactory(unit=unit_a)
    participant(group)  # came in February 2019 (GroupSessionFactory)
    assert (
        figures(supervisor, start=datetime.date(2019, 1, 1), end=datetime.date(2019, 12, 31))[
            "esf_participants"
        ]
        == 1
    )
    assert (
        figures(supervisor, start=datetime.date(2018, 1, 1), end=datetime.date(2018, 12, 31))[
            "esf_participants"
        ]
        == 0
    )


def test_other_units_participants_stay_out_of_the_figures(unit_b, supervisor):
    participant(FunctionalGroupFactory(unit=unit_b), labour_market_status=Status.UNEMPLOYED)
    assert figures(supervisor)["esf_participants"] == 0


def test_the_registry_gives_the_esf_set_in_one_query(unit_a, supervisor, django_assert_num_queries):
    group = FunctionalGroupFactory(unit=unit_a)
    participant(group, sex=Sex.MALE, labour_market_status=Status.UNEMPLOYED)
    period = {"start": datetime.date(2019, 1, 1), "end": datetime.date(2019, 12, 31)}
    # One query for the user's units inside the aggregate, none more.
    with django_assert_num_queries(1):
        result = indicators.compute(user=supervisor, indicator_set=indicators.ESF, **period)
    assert result["esf_unemployed_men"] == 1
    assert all(code.startswith("esf_") for code in result)
