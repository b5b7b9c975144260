"""The statutory clock of SHL 1301/2014 36 § (clients.deadlines).

The due dates below are counted by hand in the comments: the day the matter became pending is
day 0, Saturdays, Sundays and public holidays are skipped. None of these tests uses the
database.
"""

from datetime import UTC, date, datetime

import holidays
import pytest
import time_machine
from django.utils import timezone

from clients.deadlines import (
    AGE_THRESHOLD,
    CRITERIA,
    RULES,
    ClientCircumstances,
    Deadline,
    DeadlineState,
    add_working_days,
    criteria_met,
    days_elapsed,
    deadline_state,
    deadlines_for,
    is_working_day,
    working_days_between,
    working_days_elapsed,
)

START = RULES[0]
COMPLETION = RULES[1]
AGED_75 = ClientCircumstances(date_of_birth=date(1940, 1, 15))


def codes(deadlines):
    return [d.rule.code for d in deadlines]


# --- The rules as data ---------------------------------------------------------------------


def test_shl36_every_rule_names_its_section():
    for rule in RULES:
        assert rule.section.startswith("SHL 1301/2014 36 §"), rule.code


def test_shl36_rules_are_well_formed():
    assert len({rule.code for rule in RULES}) == len(RULES)
    for rule in RULES:
        assert rule.measures in {"start", "completion"}
        # Exactly one way to count.
        assert (rule.working_days is None) != (rule.months is None)
        assert rule.applies_to and set(rule.applies_to) <= set(CRITERIA)


def test_shl36_numbers_of_the_law():
    assert (START.measures, START.working_days, START.section) == (
        "start",
        7,
        "SHL 1301/2014 36 § 2 mom.",
    )
    assert set(START.applies_to) == set(CRITERIA)
    assert (COMPLETION.measures, COMPLETION.months, COMPLETION.section) == (
        "completion",
        3,
        "SHL 1301/2014 36 § 3 mom.",
    )
    assert COMPLETION.applies_to == ("child_special_support",)
    assert AGE_THRESHOLD == 75


# --- Working days --------------------------------------------------------------------------


def test_shl36_2_holidays_library_lists_midsummer_eve_and_christmas_eve():
    # The deadlines rely on the library listing these de facto days off as holidays.
    fi = holidays.country_holidays("FI", years=[2018, 2019])
    for day in (date(2019, 6, 21), date(2019, 6, 22), date(2018, 12, 24), date(2018, 12, 26)):
        assert day in fi
        assert not is_working_day(day)


def test_shl36_2_weekdays_are_working_days_and_weekends_are_not():
    assert is_working_day(date(2019, 4, 18))  # Thursday
    assert not is_working_day(date(2019, 5, 4))  # Saturday
    assert not is_working_day(date(2019, 5, 5))  # Sunday


@pytest.mark.parametrize(
    ("initiated_on", "due"),
    [
        # Thu 18.4.2019, Easter. Fri 19.4 Good Friday, Sat 20, Sun 21, Mon 22.4 Easter Monday;
        # Tue 23 (1), Wed 24 (2), Thu 25 (3), Fri 26 (4), Mon 29 (5), Tue 30 (6),
        # Wed 1.5 May Day skipped, Thu 2.5 (7).
        pytest.param(date(2019, 4, 18), date(2019, 5, 2), id="easter-2019"),
        # Tue 18.6.2019, Midsummer. Wed 19 (1), Thu 20 (2), Fri 21.6 Midsummer Eve skipped,
        # Sat 22 Midsummer Day, Sun 23; Mon 24 (3), Tue 25 (4), Wed 26 (5), Thu 27 (6), Fri 28 (7).
        pytest.param(date(2019, 6, 18), date(2019, 6, 28), id="midsummer-2019"),
        # Fri 21.12.2018, Christmas and New Year. Mon 24, Tue 25, Wed 26.12 skipped;
        # Thu 27 (1), Fri 28 (2), Mon 31 (3), Tue 1.1 skipped, Wed 2.1 (4), Thu 3 (5), Fri 4 (6),
        # Sun 6.1 Epiphany is a Sunday anyway, Mon 7.1 (7).
        pytest.param(date(2018, 12, 21), date(2019, 1, 7), id="christmas-2018"),
        # Mon 30.12.2019, New Year and Epiphany on a Monday. Tue 31 (1), Wed 1.1 skipped,
        # Thu 2 (2), Fri 3 (3), Mon 6.1 Epiphany skipped, Tue 7 (4), Wed 8 (5), Thu 9 (6),
        # Fri 10.1 (7).
        pytest.param(date(2019, 12, 30), date(2020, 1, 10), id="new-year-epiphany-2020"),
        # Sat 4.5.2019: the weekend does not count. Mon 6 (1) ... Fri 10 (5), Mon 13 (6),
        # Tue 14 (7).
        pytest.param(date(2019, 5, 4), date(2019, 5, 14), id="saturday"),
        # THL's example: pending on a Tuesday -> Thursday of the next week.
        pytest.param(date(2019, 5, 7), date(2019, 5, 16), id="tuesday"),
    ],
)
def test_shl36_2_start_by_7th_working_day(initiated_on, due):
    assert add_working_days(initiated_on, 7) == due
    assert working_days_between(initiated_on, due) == 7
    assert deadlines_for(initiated_on=initiated_on, circumstances=AGED_75) == [
        Deadline(rule=START, due=due)
    ]


def test_shl36_2_without_midsummer_eve_the_due_date_would_be_a_day_earlier():
    # Guards the choice to follow the library: Midsummer Eve is not a working day.
    assert add_working_days(date(2019, 6, 18), 7) != date(2019, 6, 27)


def test_shl36_2_day_of_initiation_is_day_zero():
    assert add_working_days(date(2019, 4, 18), 0) == date(2019, 4, 18)
    assert add_working_days(date(2019, 4, 18), 1) == date(2019, 4, 23)
    with pytest.raises(ValueError):
        add_working_days(date(2019, 4, 18), -1)


def test_shl36_2_working_days_between_counts_after_start_up_to_end():
    assert working_days_between(date(2019, 4, 18), date(2019, 4, 18)) == 0
    assert working_days_between(date(2019, 4, 18), date(2019, 4, 1)) == 0
    assert working_days_between(date(2019, 4, 18), date(2019, 4, 22)) == 0  # Easter
    assert working_days_between(date(2019, 4, 18), date(2019, 4, 23)) == 1


def test_shl36_2_working_days_round_trip_over_a_year():
    day = date(2019, 1, 1)
    for offset in range(366):
        start = date.fromordinal(day.toordinal() + offset)
        due = add_working_days(start, 7)
        assert is_working_day(due)
        assert working_days_between(start, due) == 7


# --- Who has a deadline --------------------------------------------------------------------


def test_shl36_2_start_by_7th_working_day_for_aged_75():
    # The 75th birthday is on the day the matter became pending: the rule applies.
    born = ClientCircumstances(date_of_birth=date(1944, 4, 18))
    assert criteria_met(born, date(2019, 4, 18)) == {"aged_75_or_over"}
    deadlines = deadlines_for(initiated_on=date(2019, 4, 18), circumstances=born)
    assert deadlines == [Deadline(rule=START, due=date(2019, 5, 2))]


def test_shl36_2_75th_birthday_the_day_after_initiation_does_not_count():
    # Age is taken on the day the matter became pending; turning 75 later does not add a rule.
    born = ClientCircumstances(date_of_birth=date(1944, 4, 19))
    assert criteria_met(born, date(2019, 4, 18)) == set()
    assert deadlines_for(initiated_on=date(2019, 4, 18), circumstances=born) == []


def test_shl36_2_feb_29_birthday_turns_75_on_feb_28_of_a_common_year():
    # 29.2.1944 + 75 years: 2019 has no 29 February, so the birthday is 28.2.2019.
    born = ClientCircumstances(date_of_birth=date(1944, 2, 29))
    assert criteria_met(born, date(2019, 2, 27)) == set()
    assert criteria_met(born, date(2019, 2, 28)) == {"aged_75_or_over"}
    assert criteria_met(born, date(2019, 3, 1)) == {"aged_75_or_over"}


def test_shl36_2_unknown_date_of_birth_gives_no_age_criterion():
    assert criteria_met(ClientCircumstances(date_of_birth=None), date(2019, 4, 18)) == set()


def test_shl36_2_highest_care_allowance_at_40_starts_the_7_day_rule():
    forty = ClientCircumstances(date_of_birth=date(1979, 1, 1), highest_care_allowance=True)
    assert criteria_met(forty, date(2019, 4, 18)) == {"highest_care_allowance"}
    deadlines = deadlines_for(initiated_on=date(2019, 4, 18), circumstances=forty)
    assert deadlines == [Deadline(rule=START, due=date(2019, 5, 2))]


def test_shl36_2_ordinary_40_year_old_has_no_statutory_deadline():
    forty = ClientCircumstances(date_of_birth=date(1979, 1, 1))
    assert deadlines_for(initiated_on=date(2019, 4, 18), circumstances=forty) == []
    # The portal still shows the time elapsed.
    assert days_elapsed(date(2019, 4, 18), date(2019, 5, 2)) == 14
    assert working_days_elapsed(date(2019, 4, 18), date(2019, 5, 2)) == 7


def test_shl36_3_child_special_support_start_and_completion_in_3_months():
    child = ClientCircumstances(date_of_birth=date(2012, 5, 5), child_special_support=True)
    deadlines = deadlines_for(initiated_on=date(2019, 11, 30), circumstances=child)
    assert codes(deadlines) == [START.code, COMPLETION.code]
    # Start: Sat 30.11.2019 is day 0. Mon 2.12 (1), Tue 3 (2), Wed 4 (3), Thu 5 (4),
    # Fri 6.12 Independence Day skipped, Mon 9 (5), Tue 10 (6), Wed 11.12 (7).
    assert deadlines[0].due == date(2019, 12, 11)
    # Completion: 30.11.2019 + 3 months. February 2020 has no 30th, so the last day of the
    # month, 29.2.2020. It is a Saturday and is not moved to the next working day.
    assert deadlines[1].due == date(2020, 2, 29)


def test_shl36_3_completion_keeps_the_day_number_when_it_exists():
    child = ClientCircumstances(date_of_birth=date(2012, 5, 5), child_special_support=True)
    deadlines = deadlines_for(initiated_on=date(2019, 4, 18), circumstances=child)
    assert deadlines[1].due == date(2019, 7, 18)


def test_shl36_2_several_criteria_give_each_rule_once():
    both = ClientCircumstances(date_of_birth=date(1930, 1, 1), highest_care_allowance=True)
    deadlines = deadlines_for(initiated_on=date(2019, 4, 18), circumstances=both)
    assert codes(deadlines) == [START.code]


# --- State of a deadline -------------------------------------------------------------------

DUE_2_MAY = Deadline(rule=START, due=date(2019, 5, 2))


@pytest.mark.parametrize(
    ("done_on", "today", "state"),
    [
        pytest.param(date(2019, 5, 2), date(2019, 5, 10), DeadlineState.MET, id="met-on-due"),
        pytest.param(date(2019, 4, 23), date(2019, 4, 23), DeadlineState.MET, id="met-early"),
        pytest.param(date(2019, 5, 3), date(2019, 5, 3), DeadlineState.LATE, id="late"),
        pytest.param(None, date(2019, 5, 3), DeadlineState.OVERDUE, id="overdue"),
        pytest.param(None, date(2019, 5, 2), DeadlineState.DUE_THIS_WEEK, id="due-today"),
        # 26.4 + 6 days = 2.5: the 7th calendar day, today included.
        pytest.param(None, date(2019, 4, 26), DeadlineState.DUE_THIS_WEEK, id="due-in-6-days"),
        pytest.param(None, date(2019, 4, 25), DeadlineState.RUNNING, id="due-in-7-days"),
    ],
)
def test_shl36_2_deadline_state(done_on, today, state):
    assert deadline_state(DUE_2_MAY, done_on=done_on, today=today) == state


def test_shl36_2_deadline_state_uses_helsinki_date_by_default():
    # 26.4.2019 21:30 UTC is already 27.4.2019 00:30 in Helsinki (UTC+3 in summer).
    due_26_april = Deadline(rule=START, due=date(2019, 4, 26))
    with time_machine.travel(datetime(2019, 4, 26, 21, 30, tzinfo=UTC), tick=False):
        assert timezone.get_current_timezone_name() == "Europe/Helsinki"
        assert timezone.localdate() == date(2019, 4, 27)
        # By the UTC date it would still be due today; by the Helsinki date it is overdue.
        assert deadline_state(due_26_april, done_on=None, today=date(2019, 4, 26)) == (
            DeadlineState.DUE_THIS_WEEK
        )
        assert deadline_state(due_26_april, done_on=None) == DeadlineState.OVERDUE
        assert days_elapsed(date(2019, 4, 18)) == 9
        assert working_days_elapsed(date(2019, 4, 18)) == 4
