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
