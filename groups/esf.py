"""The ESF participant data of a group's start and exit forms, as data.

The project was funded by the European Social Fund (2014-2020).  What the
start form (alkulomake) and the exit form (loppulomake) ask of a participant
comes from Regulation (EU) No 1304/2013 of the European Parliament and of the
Council on the European Social Fund, Annex I: "Common output and result
indicators for ESF investments", its common output indicators for
participants (labour-market status, age, education by ISCED level, and the
disadvantage items) and its common immediate result indicators (the situation
upon leaving).  Annex I lets a participant withhold the sensitive items
(disability, migrant background, ...): every such answer has "prefer not to
say", which is not the same as "no".

The choices live here, in one module, so that the next programme period's
indicators (Regulation (EU) 2021/1057, Annex I) can replace them in one place.
"""

import datetime
import functools
import operator

from django.db import models
from django.utils.translation import gettext_lazy as _

# Annex I: "below 25 years" and "above 54 years".
YOUTH_AGE_LIMIT = 25
OLDER_AGE_LIMIT = 55


class Answer(models.TextChoices):
    """An answer to a yes/no item that the participant may also withhold."""

    YES = "yes", _("yes")
    NO = "no", _("no")
    UNDISCLOSED = "undisclosed", _("prefer not to say")


class LabourMarketStatus(models.TextChoices):
    """Employment status at entry (Annex I, common output indicators)."""

    EMPLOYED = "employed", _("employed, including self-employed")
    UNEMPLOYED = "unemployed", _("unemployed")
    # Annex I counts the long-term unemployed also among the unemployed; the
    # national definition: over 12 months, or over 6 months under the age of 25.
    LONG_TERM_UNEMPLOYED = (
        "long_term_unemployed",
        _("long-term unemployed (over 12 months; under 25: over 6 months)"),
    )
    INACTIVE = "inactive", _("inactive")
    INACTIVE_NOT_IN_EDUCATION = (
        "inactive_not_in_education",
        _("inactive, not in education or training"),
    )
    UNDISCLOSED = "undisclosed", _("prefer not to say")


# Statuses for which the months of unemployment are asked.
UNEMPLOYED_STATUSES = frozenset(
    {LabourMarketStatus.UNEMPLOYED, LabourMarketStatus.LONG_TERM_UNEMPLOYED}
)


class EducationLevel(models.TextChoices):
    """Highest education attained, by ISCED 2011 level (Annex I)."""

    ISCED_0 = "isced_0", _("ISCED 0: less than primary education")
    ISCED_1_2 = "isced_1_2", _("ISCED 1–2: primary or lower secondary education")
    ISCED_3_4 = "isced_3_4", _("ISCED 3–4: upper secondary or post-secondary education")
    ISCED_5_8 = "isced_5_8", _("ISCED 5–8: tertiary education")
    UNDISCLOSED = "undisclosed", _("prefer not to say")


class AgeGroup(models.TextChoices):
    """Age at entry (Annex I: below 25 years, above 54 years)."""

    UNDER_25 = "under_25", _("under 25")
    FROM_25_TO_54 = "25_54", _("25–54")
    OVER_54 = "over_54", _("over 54")


def age_group_on(date_of_birth: datetime.date | None, day: datetime.date) -> str:
    """The Annex I age group on the given day, or "" when the birth date is unknown."""
    if date_of_birth is None:
        return ""
    born = date_of_birth
    age = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
    if age < YOUTH_AGE_LIMIT:
        return AgeGroup.UNDER_25
    if age >= OLDER_AGE_LIMIT:
        return AgeGroup.OVER_54
    return AgeGroup.FROM_25_TO_54


# Annex I, common output indicators: the disadvantage items, each answered
# yes / no / prefer not to say.  (field name on the enrollment, label)
DISADVANTAGE_ITEMS = [
    ("jobless_household", _("lives in a jobless household")),
    (
        "jobless_household_with_children",
        _("lives in a jobless household with dependent children"),
    ),
    (
        "single_adult_household_with_children",
        _("lives in a single-adult household with dependent children"),
    ),
    (
        "migrant_or_minority",
        _("migrant, foreign background or minority (including marginalised communities)"),
    ),
    ("disability", _("has a disability")),
    ("homeless_or_housing_exclusion", _("homeless or affected by housing exclusion")),
    ("other_disadvantage", _("other disadvantage")),
]

# Annex I, common immediate result indicators: the situation upon leaving,
# asked on the exit form.  (field name on the enrollment, label)
EXIT_RESULTS = [
    ("exit_job_searching", _("engaged in job searching upon leaving")),
    ("exit_in_education", _("in education or training upon leaving")),
    ("exit_qualification", _("gained a qualification upon leaving")),
    ("exit_employed", _("in employment, including self-employment, upon leaving")),
]


# --- The participant indicators of Annex I, as data ---------------------------
#
# Each indicator counts participants (see groups/selectors.py,
# `esf_participant_figures`, for who is a participant and which of their
# answers count) whose entry data meet a condition.  Every figure is reported
# in total and for women and men, as Annex I and Article 5(2) of Regulation
# 1304/2013 ask.  An item answered "prefer not to say" counts as not met.
#
# Decisions where Annex I leaves room:
# * ISCED 0 (less than primary education) is counted in "ISCED 1–2", as
#   Eurostat groups ISCED 0–2 as low education, so nobody with little
#   schooling drops out of the education indicators;
# * "participants from rural areas" is left out: the portal records no
#   degree of urbanisation of a participant's home.


class EsfIndicator:
    """One Annex I participant indicator: a code, its label and the condition
    on an Enrollment (a Q) that a participant meets."""

    def __init__(self, code, label, condition, *, result=False):
        self.code = code
        self.label = label
        self.condition = condition
        # Result indicators count upon leaving: only exit forms filled in.
        self.result = result


def _yes(field):
    return models.Q(**{field: Answer.YES})


_UNEMPLOYED = models.Q(labour_market_status__in=list(UNEMPLOYED_STATUSES))
_INACTIVE = models.Q(
    labour_market_status__in=[
        LabourMarketStatus.INACTIVE,
        LabourMarketStatus.INACTIVE_NOT_IN_EDUCATION,
    ]
)
_INACTIVE_NOT_IN_EDUCATION = models.Q(
    labour_market_status=LabourMarketStatus.INACTIVE_NOT_IN_EDUCATION
)
_DISADVANTAGED = functools.reduce(operator.or_, (_yes(field) for field, _l in DISADVANTAGE_ITEMS))

ESF_INDICATORS = [
    EsfIndicator("esf_participants", _("participants"), models.Q()),
    EsfIndicator("esf_unemployed", _("unemployed, including long-term unemployed"), _UNEMPLOYED),
    EsfIndicator(
        "esf_long_term_unemployed",
        _("long-term unemployed"),
        models.Q(labour_market_status=LabourMarketStatus.LONG_TERM_UNEMPLOYED),
    ),
    EsfIndicator("esf_inactive", _("inactive"), _INACTIVE),
    EsfIndicator(
        "esf_inactive_not_in_education",
        _("inactive, not in education or training"),
        _INACTIVE_NOT_IN_EDUCATION,
    ),
    EsfIndicator(
        "esf_employed",
        _("employed, including self-employed"),
        models.Q(labour_market_status=LabourMarketStatus.EMPLOYED),
    ),
    EsfIndicator("esf_under_25", _("below 25 years of age"), models.Q(age_group=AgeGroup.UNDER_25)),
    EsfIndicator("esf_over_54", _("above 54 years of age"), models.Q(age_group=AgeGroup.OVER_54)),
    EsfIndicator(
        "esf_over_54_unemployed_or_inactive",
        _(
            "above 54 years of age who are unemployed, including long-term unemployed, or "
            "inactive not in education or training"
        ),
        models.Q(age_group=AgeGroup.OVER_54) & (_UNEMPLOYED | _INACTIVE_NOT_IN_EDUCATION),
    ),
    EsfIndicator(
        "esf_isced_1_2",
        _("with primary (ISCED 1) or lower secondary education (ISCED 2)"),
        models.Q(education_level__in=[EducationLevel.ISCED_0, EducationLevel.ISCED_1_2]),
    ),
    EsfIndicator(
        "esf_isced_3_4",
        _("with upper secondary (ISCED 3) or post-secondary education (ISCED 4)"),
        models.Q(education_level=EducationLevel.ISCED_3_4),
    ),
    EsfIndicator(
        "esf_isced_5_8",
        _("with tertiary education (ISCED 5 to 8)"),
        models.Q(education_level=EducationLevel.ISCED_5_8),
    ),
    *(EsfIndicator(f"esf_{field}", label, _yes(field)) for field, label in DISADVANTAGE_ITEMS),
    EsfIndicator(
        "esf_inactive_job_searching_on_leaving",
        _("inactive participants engaged in job searching upon leaving"),
        _INACTIVE & _yes("exit_job_searching"),
        result=True,
    ),
    *(
        EsfIndicator(f"esf_{field}", label, _yes(field), result=True)
        for field, label in EXIT_RESULTS
        if field != "exit_job_searching"
    ),
    EsfIndicator(
        "esf_disadvantaged_in_work_education_or_searching_on_leaving",
        _(
            "disadvantaged participants engaged in job searching, education or training, "
            "gaining a qualification or in employment upon leaving"
        ),
        _DISADVANTAGED
        & (
            _yes("exit_job_searching")
            | _yes("exit_in_education")
            | _yes("exit_qualification")
            | _yes("exit_employed")
        ),
        result=True,
    ),
]

# The breakdown of every indicator: (code suffix, label, condition on the
# client's recorded sex).  "Other or not known" makes the parts add up to the
# total, so that disclosure control can protect the small cells among them.
ESF_BREAKDOWN = [
    ("", _("total"), models.Q()),
    ("_women", _("women"), models.Q(client__sex="female")),
    ("_men", _("men"), models.Q(client__sex="male")),
    ("_other", _("other or not known"), ~models.Q(client__sex__in=["female", "male"])),
]
