"""The statutory clock of the service-need assessment (sosiaalihuoltolaki 1301/2014, 36 §).

This module is the one place where the portal keeps these legal rules: which clients have a
deadline, how many working days or months it is, and how working days are counted. Views,
reports and tasks ask this module instead of repeating the numbers. It is pure Python (no
models, no database), so the rules can be tested on their own.

In short, SHL 36 §:
- 1 mom.: an urgent need for assistance is assessed immediately (no countable deadline);
- 2 mom.: the assessment begins without delay and is completed without undue delay; it begins
  at the latest on the 7th working day (arkipäivä) after the matter became pending
  (vireilletulo) for a person aged 75 or over, a person receiving the highest care allowance
  (Act on disability allowances 570/2007) and a child needing special support;
- 3 mom.: for a child needing special support the assessment is completed within three months
  of the matter becoming pending.
Other adults have no day count in the law; the portal still shows the days elapsed.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import holidays
from dateutil.relativedelta import relativedelta
from django.db.models import TextChoices
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# SHL 36 § 2 mom. says "yli 75-vuotias". The portal reads it as "has reached the 75th
# birthday", like the earlier provision (SHL 710/1982 40 a §, "75 vuotta täyttänyt").
AGE_THRESHOLD = 75

AGED_75_OR_OVER = "aged_75_or_over"
HIGHEST_CARE_ALLOWANCE = "highest_care_allowance"
CHILD_SPECIAL_SUPPORT = "child_special_support"
CRITERIA = (AGED_75_OR_OVER, HIGHEST_CARE_ALLOWANCE, CHILD_SPECIAL_SUPPORT)


@dataclass(frozen=True)
class DeadlineRule:
    code: str
    section: str
    description: str  # a lazy translation (gettext_lazy)
    measures: str  # "start" or "completion" of the assessment
    working_days: int | None = None
    months: int | None = None
    applies_to: tuple[str, ...] = ()


# The only place where the numbers of SHL 36 § live.
RULES: tuple[DeadlineRule, ...] = (
    DeadlineRule(
        code="shl36_start_7_working_days",
        section="SHL 1301/2014 36 § 2 mom.",
        description=_(
            "The assessment must begin at the latest on the 7th working day after the matter "
            "became pending."
        ),
        measures="start",
        working_days=7,
        applies_to=(AGED_75_OR_OVER, HIGHEST_CARE_ALLOWANCE, CHILD_SPECIAL_SUPPORT),
    ),
    DeadlineRule(
        code="shl36_completion_3_months_child",
        section="SHL 1301/2014 36 § 3 mom.",
        description=_(
            "The assessment of a child needing special support must be completed within three "
            "months of the matter becoming pending."
        ),
        measures="completion",
        months=3,
        applies_to=(CHILD_SPECIAL_SUPPORT,),
    ),
)


# --- Working days (arkipäivät) -------------------------------------------------------------
#
# A working day is Monday to Friday and not a Finnish public holiday. The holidays come from the
# maintained `holidays` library, not from a list of our own. For Finland (0.109) its default
# (public) category includes Midsummer Eve (Juhannusaatto, the Friday 19-25 June) and Christmas
# Eve (Jouluaatto, 24 Dec) as well as Midsummer Day, Christmas Day and St Stephen's Day. They
# are de facto days off and the Act on the calculation of statutory time limits (150/1930, 5 §)
# also treats them like holidays, so we follow the library and count them as non-working days.
# Saturdays (arkilauantai) are never working days here.


@cache
def _finnish_holidays(year: int) -> frozenset[date]:
    # One frozen set per year: cheap to look up and safe to share between threads.
    return frozenset(holidays.country_holidays("FI", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _finnish_holidays(day.year)


def add_working_days(start: date, n: int) -> date:
    """Return the n-th working day after `start`; `start` itself is day 0 (not counted)."""
    if n < 0:
        raise ValueError("n must be zero or positive")
    day = start
    while n:
        day += timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Count the working days after `start` up to and including `end` (0 if end <= start)."""
    return sum(is_working_day(start + timedelta(days=i)) for i in range(1, (end - start).days + 1))


# --- Who has a deadline --------------------------------------------------------------------


@dataclass(frozen=True)
class ClientCircumstances:
    date_of_birth: date | None
    highest_care_allowance: bool = False
    child_special_support: bool = False


def _birthday(date_of_birth: date, age: int) -> date:
    # relativedelta moves 29 February to 28 February in a common year, the same month-end rule
    # as the completion deadline below: a Feb 29 child turns 75 on 28.2. of a common year.
    return date_of_birth + relativedelta(years=age)


def criteria_met(circumstances: ClientCircumstances, on: date) -> set[str]:
    """The criteria of SHL 36 § that hold on `on` (the day the matter became pending)."""
    met = set()
    dob = circumstances.date_of_birth
    if dob is not None and _birthday(dob, AGE_THRESHOLD) <= on:
        met.add(AGED_75_OR_OVER)
    if circumstances.highest_care_allowance:
        met.add(HIGHEST_CARE_ALLOWANCE)
    if circumstances.child_special_support:
        met.add(CHILD_SPECIAL_SUPPORT)
    return met


# --- Deadlines and their state -------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    rule: DeadlineRule
    due: date


def _due(rule: DeadlineRule, initiated_on: date) -> date:
    if rule.working_days is not None:
        return add_working_days(initiated_on, rule.working_days)
    # Months: the same day number, or the last day of a shorter month (30.11.2019 + 3 months
    # = 29.2.2020), as in 150/1930 3 §. A due date on a weekend or holiday is not moved to
    # the next working day: the portal warns by the calendar date.
    return initiated_on + relativedelta(months=rule.months)


def deadlines_for(*, initiated_on: date, circumstances: ClientCircumstances) -> list[Deadline]:
    """The statutory deadlines of the case, in RULES order; empty for an ordinary adult."""
    met = criteria_met(circumstances, initiated_on)
    return [
        Deadline(rule=rule, due=_due(rule, initiated_on))
        for rule in RULES
        if met.intersection(rule.applies_to)
    ]


# "Due soon" on the worker's and supervisor's pages: within this many calendar
# days, today included.  A portal setting, not a rule of law.
DUE_SOON_DAYS = 7


class DeadlineState(TextChoices):
    MET = "met", _("Met")
    LATE = "late", _("Met late")
    OVERDUE = "overdue", _("Overdue")
    DUE_THIS_WEEK = "due_this_week", _("Due within 7 days")
    RUNNING = "running", _("Running")


def deadline_state(
    deadline: Deadline, *, done_on: date | None, today: date | None = None
) -> DeadlineState:
    """Where the deadline stands.

    - MET: done on or before the due date;
    - LATE: done, but after the due date;
    - OVERDUE: not done and the due date has passed;
    - DUE_THIS_WEEK: not done and due within the next 7 calendar days, today included
      (today <= due <= today + 6);
    - RUNNING: not done and due later than that.

    `today` defaults to the local date of the portal (Europe/Helsinki), not the UTC date.
    """
    if done_on is not None:
        return DeadlineState.MET if done_on <= deadline.due else DeadlineState.LATE
    if today is None:
        today = timezone.localdate()
    if today > deadline.due:
        return DeadlineState.OVERDUE
    if deadline.due <= today + timedelta(days=DUE_SOON_DAYS - 1):
        return DeadlineState.DUE_THIS_WEEK
    return DeadlineState.RUNNING


def days_elapsed(initiated_on: date, today: date | None = None) -> int:
    """Calendar days since the matter became pending (0 on that day and for a future date)."""
    if today is None:
        today = timezone.localdate()
    return max((today - initiated_on).days, 0)


def working_days_elapsed(initiated_on: date, today: date | None = None) -> int:
    """Working days since the matter became pending, counted like the 7-day rule."""
    if today is None:
        today = timezone.localdate()
    return working_days_between(initiated_on, today)
