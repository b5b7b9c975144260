"""The indicator registry: every figure a page, an export or a report shows.

Each indicator has a code, a label, its definition (what is counted) and the
selector that computes it by database aggregation, for a period and the units
whose figures the viewer sees.  Selectors that give several figures in one
query are called once per computation, however many of their figures are
asked for.

Decisions where the seed is ambiguous are written beside the indicator:
* pop-up events are counted among the outreach visits (the seed's 11 are part
  of its 95: every kind of visit counts once as a visit);
* "groups held" and "group participants" count functional groups only, not the
  developer-client group, whose meetings are their own figure;
* trainings, training days and workshops belong to the whole area, so a
  narrowing to units does not change them.
"""

import copy
import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Min
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.access import figure_scope
from accounts.disclosure import SUPPRESSED, for_viewer, is_suppressed
from activities import selectors as activities
from assessments import selectors as assessments
from clients import selectors as clients
from groups import selectors as groups
from groups.esf import ESF_BREAKDOWN, ESF_INDICATORS
from outreach import selectors as outreach
from structural import selectors_observations as observations
from structural import selectors_surveys as surveys

NUTSHELL = "nutshell"
MONTHLY = "monthly"
ESF = "esf"

# The channel whose followers the nutshell reports.
SOCIAL_MEDIA_CHANNEL = "Facebook"


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    definition: str
    sets: tuple[str, ...]
    # (name of a source in SOURCES, key of its result; None: the result itself)
    source: str
    key: str | None = None
    # Whether the figure counts people (clients, participants, respondents).
    # Only such counts can single someone out, so only they are hidden when
    # small (accounts/disclosure.py); "4 trainings" or "3 meetings" identify
    # nobody and are shown as they are.
    counts_people: bool = True


def _followers(user, start, end):
    latest = activities.latest_follower_count(user=user, channel=SOCIAL_MEDIA_CHANNEL, on=end)
    return latest.followers if latest else None


def compliance_counts(user, start, end) -> dict:
    """The counts behind the statutory-limit share: {"on_time", "statutory"}."""
    totals = assessments.statutory_compliance_totals(user=user, start=start, end=end, today=end)
    return {"on_time": totals["on_time"], "statutory": totals["statutory"]}


def compliance_share(*, on_time: int, statutory: int) -> float | None:
    return round(100 * on_time / statutory, 1) if statutory else None


def _compliance(user, start, end):
    return {"share": compliance_share(**compliance_counts(user, start, end))}


# Each source runs once per computation: (user, start, end) -> value or dict.
SOURCES: dict[str, Callable] = {
    "groups": lambda user, start, end: groups.group_figures(user=user, start=start, end=end),
    "outreach": lambda user, start, end: outreach.outreach_summary(user=user, start=start, end=end),
    "trainings": lambda user, start, end: activities.training_count(
        user=user, start=start, end=end
    ),
    "training_days": lambda user, start, end: activities.training_days(
        user=user, start=start, end=end
    ),
    "workshops": lambda user, start, end: activities.workshop_count(
        user=user, start=start, end=end
    ),
    "followers": _followers,
    "measurements": lambda user, start, end: assessments.measurement_figures(
        user=user, start=start, end=end
    ),
    "assessments": lambda user, start, end: assessments.assessment_figures(
        user=user, start=start, end=end
    ),
    "compliance": _compliance,
    "cases": lambda user, start, end: clients.case_counts(user=user, start=start, end=end),
    "support_persons": lambda user, start, end: clients.support_person_clients(
        user=user, start=start, end=end
    ),
    "observations": lambda user, start, end: observations.observation_figures(
        user=user, start=start, end=end
    ),
    "satisfaction": lambda user, start, end: surveys.satisfaction_figures(
        user=user, start=start, end=end
    ),
    "esf": lambda user, start, end: groups.esf_participant_figures(user=user, start=start, end=end),
}

INDICATORS = [
    Indicator(
        "groups",
        _("Functional groups held"),
        _(
            "Functional groups (not the developer-client group) with at least one held session "
            "in the period."
        ),
        (NUTSHELL,),
        "groups",
        "groups_held",
        counts_people=False,
    ),
    Indicator(
        "group_participants",
        _("Group participants"),
        _(
            "Clients who attended at least one held session of a functional group in the period, "
            "counted in each group they attended; signing up is not enough."
        ),
        (NUTSHELL, MONTHLY),
        "groups",
        "participants",
    ),
    Indicator(
        "group_sessions",
        _("Group sessions held"),
        _(
            "Sessions of functional groups held in the period; planned and cancelled sessions "
            "do not count."
        ),
        (NUTSHELL, MONTHLY),
        "groups",
        "sessions_held",
        counts_people=False,
    ),
    Indicator(
        "developer_client_meetings",
        _("Developer-client group meetings"),
        _("Held sessions of developer-client groups in the period."),
        (NUTSHELL,),
        "groups",
        "developer_client_meetings",
        counts_people=False,
    ),
    Indicator(
        "popup_events",
        _("Pop-up events"),
        _(
            "Outreach visits of the kind pop-up event in the period (they are also outreach "
            "visits)."
        ),
        (NUTSHELL,),
        "outreach",
        "popup_events",
        counts_people=False,
    ),
    Indicator(
        "outreach_visits",
        _("Outreach visits"),
        _("Outreach visits of every kind in the period, pop-up and mass events included."),
        (NUTSHELL, MONTHLY),
        "outreach",
        "visits",
        counts_people=False,
    ),
    Indicator(
        "outreach_people_met",
        _("People met on outreach"),
        _(
            "The sum of the anonymous head-counts of the outreach visits in the period; a person "
            "met twice counts twice."
        ),
        (NUTSHELL, MONTHLY),
        "outreach",
        "people_met",
    ),
    Indicator(
        "trainings",
        _("Trainings"),
        _("Staff trainings with at least one training day in the period (area-wide)."),
        (NUTSHELL,),
        "trainings",
        counts_people=False,
    ),
    Indicator(
        "training_days",
        _("Training days"),
        _("Training days in the period (area-wide)."),
        (NUTSHELL,),
        "training_days",
        counts_people=False,
    ),
    Indicator(
        "workshops",
        _("Workshops"),
        _("Staff workshops held in the period (area-wide)."),
        (NUTSHELL,),
        "workshops",
        counts_people=False,
    ),
    Indicator(
        "measures_trialled",
        _("Outcome measures trialled"),
        _("Different outcome measures used on at least one client in the period."),
        (NUTSHELL,),
        "measurements",
        "measures_trialled",
        counts_people=False,
    ),
    Indicator(
        "measurements",
        _("Measurements done"),
        _("Outcome measurements recorded on clients in the period."),
        (MONTHLY,),
        "measurements",
        "measurements",
    ),
    Indicator(
        "assessments_completed",
        _("Service-need assessments completed"),
        _("Assessments completed in the period, by the client's unit at completion."),
        (NUTSHELL, MONTHLY),
        "assessments",
        "completed",
    ),
    Indicator(
        "assessments_started",
        _("Service-need assessments started"),
        _("Assessments started in the period, drafts included."),
        (MONTHLY,),
        "assessments",
        "started",
    ),
    Indicator(
        "assessments_started_in_time_share",
        _("Assessments started within the statutory limit (%)"),
        _(
            "Of the initiations of the period under the 7-working-day limit of the Social Welfare "
            "Act §36, the share whose assessment started by the limit."
        ),
        (MONTHLY,),
        "compliance",
        "share",
    ),
    Indicator(
        "initiations",
        _("Initiations"),
        _("Initiations (vireilletulo) dated in the period."),
        (MONTHLY,),
        "cases",
        "initiations",
    ),
    Indicator(
        "new_clients",
        _("New clients"),
        _("Clients whose first initiation lies in the period."),
        (MONTHLY,),
        "cases",
        "new_clients",
    ),
    Indicator(
        "client_plans",
        _("Client plans"),
        _("Client plans drawn up in the period."),
        (MONTHLY,),
        "cases",
        "client_plans",
    ),
    Indicator(
        "support_person_clients",
        _("Support-person clients"),
        _(
            "Different clients with a professional support-person service running at some time "
            "in the period."
        ),
        (MONTHLY,),
        "support_persons",
    ),
    Indicator(
        "observations_opened",
        _("Grievance observations opened"),
        _("Grievance observations recorded in the period (area-wide)."),
        (MONTHLY,),
        "observations",
        "opened",
        counts_people=False,
    ),
    Indicator(
        "observations_closed",
        _("Grievance observations closed"),
        _("Grievance observations closed in the period (area-wide)."),
        (MONTHLY,),
        "observations",
        "closed",
        counts_people=False,
    ),
    Indicator(
        "satisfaction_respondents",
        _("Satisfaction-survey respondents"),
        _(
            "Responses to the client satisfaction survey rounds that opened in the period "
            "(area-wide)."
        ),
        (NUTSHELL,),
        "satisfaction",
        "respondents",
    ),
    Indicator(
        "satisfaction_mean",
        _("Satisfaction mean (1–5)"),
        _("The mean of every statement value given in those responses, pooled, to one decimal."),
        (NUTSHELL,),
        "satisfaction",
        "mean",
    ),
    Indicator(
        "followers",
        _("Social-media followers"),
        _(
            "The latest follower count of the project's Facebook page on or before the period's "
            "last day."
        ),
        (NUTSHELL,),
        "followers",
        counts_people=False,
    ),
]


def _esf_indicators():
    """The Annex I participant indicators (groups/esf.py), each in total and
    for women, men and the rest; all of them come from one query."""
    for item in ESF_INDICATORS:
        for suffix, breakdown, _sex in ESF_BREAKDOWN:
            code = f"{item.code}{suffix}"
            yield Indicator(
                code,
                format_lazy("{} – {} ({})", _("ESF participants"), item.label, breakdown),
                format_lazy(
                    "{} {}",
                    _(
                        "Regulation (EU) 1304/2013, Annex I. Different clients who attended a "
                        "held session of a functional group in the period, counted once, with "
                        'the answers of their first enrollment; "prefer not to say" does not '
                        "count."
                    ),
                    _("Counted upon leaving, from the exit form.")
                    if item.result
                    else _("Counted at entry, from the start form."),
                ),
                (ESF,),
                "esf",
                code,
            )


INDICATORS += list(_esf_indicators())
REGISTRY = {indicator.code: indicator for indicator in INDICATORS}


def figure_viewer(user, unit_ids=None):
    """The user as a viewer of figures, narrowed to some of their units."""
    if not unit_ids:
        return user
    viewer = copy.copy(user)
    viewer.figures_narrowed_to = list(unit_ids)
    return viewer


def compute(
    *,
    user,
    start: datetime.date,
    end: datetime.date,
    unit_ids=None,
    codes=None,
    indicator_set: str | None = None,
    stored: bool = True,
) -> dict:
    """The figures of the registry as {code: value}, each source run once.

    With FIGURES_FROM_SUMMARY on, a calendar month's additive figures come
    from the stored summary when it holds them; `stored=False` counts them
    raw whatever the switch (the refresh of the summary itself)."""
    viewer = figure_viewer(user, unit_ids)
    wanted = [
        indicator
        for indicator in INDICATORS
        if (codes is None or indicator.code in codes)
        and (indicator_set is None or indicator_set in indicator.sets)
    ]
    if len({indicator.source for indicator in wanted}) > 1:
        # Several statements: the viewer's units read once for all of them.
        viewer = figure_scope(viewer)
    results = {}
    figures = {}
    summed = _summary(viewer, start, end, wanted) if stored else None
    for indicator in wanted:
        if summed is not None and indicator.code in summed:
            figures[indicator.code] = summed[indicator.code]
            continue
        if indicator.source not in results:
            results[indicator.source] = SOURCES[indicator.source](viewer, start, end)
        value = results[indicator.source]
        figures[indicator.code] = value[indicator.key] if indicator.key else value
    return figures


def disclosed(figures: dict, *, user, unit_ids, purpose: str) -> dict:
    """The figures as they may leave the unit (accounts/disclosure.py):
    counts of people below the threshold hidden (counts of events, such as
    trainings or visits, identify nobody and stay); the satisfaction mean
    hidden with its respondents; the statutory-limit share, whose base can be
    a handful of clients, hidden whenever suppression applies."""
    ctx = for_viewer(user, set(unit_ids), purpose)
    if not ctx.suppress:
        return figures

    def counts_people(code):
        indicator = REGISTRY.get(code)
        return indicator is None or indicator.counts_people

    shown = {
        code: ctx.count(value) if isinstance(value, int) and counts_people(code) else value
        for code, value in figures.items()
    }
    if "satisfaction_mean" in shown and is_suppressed(shown.get("satisfaction_respondents")):
        shown["satisfaction_mean"] = SUPPRESSED
    if "assessments_started_in_time_share" in shown:
        shown["assessments_started_in_time_share"] = SUPPRESSED
    return shown


# --- The stored summary (reports.UnitMonthFigures) ---------------------------
#
# Figures that add up over units: for one calendar month, the figure of many
# units is the sum of each unit's.  Counts of distinct clients qualify because
# a client belongs to one unit.  Not here: the grievance observations
# (recorded for the area: every unit's figure is the area's), events of the
# area (trainings, workshops), means.  The statutory share is recombined from
# its stored counts.  docs/performance.md explains the choice.
SUMMARY_CODES = (
    "group_participants",
    "group_sessions",
    "outreach_visits",
    "outreach_people_met",
    "measurements",
    "assessments_completed",
    "assessments_started",
    "initiations",
    "new_clients",
    "client_plans",
    "support_person_clients",
)
SHARE_CODE = "assessments_started_in_time_share"
# Of those, the figures that add up over months too, so that a period of
# whole months is the sum of its months: counts of events, and new clients (a
# client's first initiation lies in one month).  Not counts of distinct
# clients over the period: a client who took part in two months is one
# participant.  The share's counts (initiations of the period under the limit,
# and those started on time) add up too.
OVER_MONTHS_CODES = tuple(
    code for code in SUMMARY_CODES if code not in ("group_participants", "support_person_clients")
)


def whole_months(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The first days of the calendar months that start-end covers exactly
    ([] when it does not begin on a first or end on a last day)."""
    months, day = [], start
    while start.day == 1 and day <= end:
        months.append(day)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    if not months or day - datetime.timedelta(days=1) != end:
        return []
    return months


def summary_figures(*, user, start: datetime.date, end: datetime.date) -> dict | None:
    """The stored figures for the units whose figures the user sees, added
    up in the database from the stored summary (two queries): for one
    calendar month SUMMARY_CODES, for several whole months OVER_MONTHS_CODES,
    and the share either way.  None when the summary cannot answer:
    FIGURES_FROM_SUMMARY is off, the period is not whole calendar months, or
    a unit's row for one of its months has not been stored yet.  Also the
    share's counts ("on_time", "statutory") and "refreshed_at" (the oldest
    row's refresh time)."""
    from django.conf import settings

    from accounts.access import figure_unit_list
    from reports.models import UnitMonthFigures

    months = whole_months(start, end)
    if not settings.FIGURES_FROM_SUMMARY or not months:
        return None
    unit_ids = {unit.pk for unit in figure_unit_list(user)}
    codes = SUMMARY_CODES if len(months) == 1 else OVER_MONTHS_CODES
    counts = ("on_time", "statutory")
    found = UnitMonthFigures.objects.filter(month__in=months, unit__in=unit_ids).aggregate(
        rows=Count("pk"),
        refreshed_at=Min("refreshed_at"),  # as fresh as the oldest row
        **{code: UnitMonthFigures.total(code) for code in (*codes, *counts)},
    )
    # A row per unit and month (unique together), or the summary cannot answer.
    if not unit_ids or found.pop("rows") != len(unit_ids) * len(months):
        return None
    return {**found, SHARE_CODE: compliance_share(**{key: found[key] for key in counts})}


def _summary(viewer, start, end, wanted) -> dict | None:
    if not any(i.code in SUMMARY_CODES or i.code == SHARE_CODE for i in wanted):
        return None
    return summary_figures(user=viewer, start=start, end=end)
