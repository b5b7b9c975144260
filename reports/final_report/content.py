"""What the final report says, as plain data: every figure and every text.

`final_report_content()` assembles the whole document for one area and one
period.  Each figure comes from the indicator registry (reports/indicators.py)
or from the selector of the app that owns it, where its definition is
written; nothing is counted here or in the template.  Everything passes
through disclosure control for print (accounts/disclosure.py): counts of
people below the threshold are hidden, with complementary cells wherever a
total is printed beside them.

The document follows the seed's shape (DOMAIN.md, "Reports"): the nutshell,
the general part, activities by work package, the groups one by one,
outreach, the process, communications with participation and measures,
structural social work, conclusions.  Each section carries the narrative the
coordinators published for it (reports.ReportNarrative.text).
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from accounts.access import figure_units
from accounts.disclosure import for_viewer, is_suppressed
from accounts.models import Area, Role, User
from activities import selectors as activities
from activities.models import MediaKind, ParticipationKind
from assessments import selectors as assessment_selectors
from groups import selectors as groups
from groups.models import GroupKind
from outreach import selectors as outreach
from reports import indicators
from reports.models import NarrativeSection, ReportNarrative
from structural import analysis
from structural import selectors_observations as observations
from structural import selectors_surveys as surveys

# The process section's registry figures for the period.  The share started
# within the statutory limit is left out: the registry hides it whenever
# suppression applies, as it always does in print.
PROCESS_CODES = (
    "initiations",
    "new_clients",
    "assessments_started",
    "assessments_completed",
    "client_plans",
    "support_person_clients",
)


@dataclass(frozen=True)
class Figure:
    """One printed figure: its label, its value as disclosed, its definition."""

    code: str
    label: str
    value: object
    definition: str

    @property
    def decimal(self) -> bool:
        """A mean or a share, printed with one decimal; a count is whole."""
        return isinstance(self.value, float)


def area_viewer(area: Area) -> User:
    """An unsaved coordinator of the area: it sees exactly the area's figures
    (accounts.access.figure_units), as the `indicators` command does."""
    return User(username="final-report", role=Role.COORDINATOR, area=area, is_active=True)


def final_report_content(
    *, area: Area, start: datetime.date, end: datetime.date, user=None
) -> dict:
    """The final report of `area` for `start`–`end` (both days included).

    `user`, when given, must be a coordinator of the area: the figures are
    then those that user sees (the whole area).  Without one (the Celery task,
    the management command) the area's own figures are used.  Either way
    every figure is disclosed for print.
    """
    if end < start:
        raise ValueError("The period ends before it starts.")
    if user is not None and (user.role != Role.COORDINATOR or user.area_id != area.pk):
        raise ValueError("Only a coordinator of the area builds its final report.")
    viewer = user if user is not None else area_viewer(area)
    unit_ids = set(figure_units(viewer).values_list("pk", flat=True))
    ctx = for_viewer(viewer, unit_ids, "print")
    narratives = published_narratives(area=area)
    period = {"user": viewer, "start": start, "end": end}

    # Every registry figure of the period, computed once (each source runs
    # once): the nutshell, the process section and the others pick theirs.
    by_code = _period_figures(viewer, unit_ids, start, end)
    nutshell = [
        figure
        for code, figure in by_code.items()
        if indicators.NUTSHELL in indicators.REGISTRY[code].sets
    ]
    process = _process(viewer, ctx, start, end, by_code)
    sections = [
        _section(NarrativeSection.GENERAL, narratives, _general(viewer, area)),
        _section(NarrativeSection.WORK_PACKAGES, narratives, _work_packages(period, by_code)),
        _section(NarrativeSection.GROUPS, narratives, _groups(ctx, period, by_code)),
        _section(NarrativeSection.OUTREACH, narratives, _outreach(ctx, period)),
        _section(NarrativeSection.PROCESS, narratives, process),
        _section(
            NarrativeSection.COMMUNICATIONS,
            narratives,
            _communications(ctx, period, by_code),
        ),
        _section(NarrativeSection.STRUCTURAL, narratives, _structural(viewer, ctx, period)),
        _section(NarrativeSection.CONCLUSIONS, narratives, {}),
    ]
    return {
        "area": {"name": area.name, "code": area.code},
        "start": start,
        "end": end,
        "built_at": timezone.localtime(),
        "threshold": ctx.threshold,
        "nutshell": nutshell,
        "assessments_by_year": process["by_year"],
        "sections": sections,
    }


def published_narratives(*, area: Area) -> dict[str, str]:
    """The published text of each section of the area's report (a draft
    never prints); sections without one are missing."""
    return dict(
        ReportNarrative.objects.filter(area=area).exclude(text="").values_list("section", "text")
    )


def _section(section: NarrativeSection, narratives: dict, figures: dict) -> dict:
    return {
        "key": section.value,
        "title": str(section.label),
        "narrative": narratives.get(section.value, ""),
        **figures,
    }


def _disclosed(figures: dict, viewer, unit_ids) -> dict:
    # Counts of events (trainings, meetings) print as they are: the registry
    # hides only small counts of people (Indicator.counts_people).
    return indicators.disclosed(figures, user=viewer, unit_ids=unit_ids, purpose="print")


# The registry figures of the period that the document prints besides the
# nutshell set.
OTHER_CODES = (*PROCESS_CODES, "measurements")


def _period_figures(viewer, unit_ids, start, end) -> dict[str, Figure]:
    """The nutshell set and OTHER_CODES for the period, disclosed for print,
    in the registry's order: {code: Figure}."""
    codes = {
        indicator.code
        for indicator in indicators.INDICATORS
        if indicators.NUTSHELL in indicator.sets or indicator.code in OTHER_CODES
    }
    raw = indicators.compute(user=viewer, start=start, end=end, codes=codes)
    shown = _disclosed(raw, viewer, unit_ids)
    return {
        code: Figure(
            code=code,
            label=str(indicators.REGISTRY[code].label),
            value=value,
            definition=str(indicators.REGISTRY[code].definition),
        )
        for code, value in shown.items()
    }


def _general(viewer, area: Area) -> dict:
    """The area's units and their municipalities: who took part."""
    units = figure_units(viewer).prefetch_related("municipalities").order_by("name")
    return {
        "units": [
            {
                "name": unit.name,
                "service_line": unit.get_service_line_display(),
                "municipalities": ", ".join(
                    m.name for m in sorted(unit.municipalities.all(), key=lambda m: m.name)
                ),
            }
            for unit in units
        ],
    }


def _period_criteria(start, end) -> dict:
    return {"start": start.isoformat(), "end": end.isoformat()}


def _work_packages(period: dict, by_code: dict) -> dict:
    """Work package 1-3 activities of the area: workshops, trainings and the
    professional support-person service."""
    user, start, end = period["user"], period["start"], period["end"]
    workshops = activities.workshop_search(user=user, criteria=_period_criteria(start, end)).qs
    trainings = activities.training_search(user=user, criteria=_period_criteria(start, end)).qs
    return {
        "workshops": [
            {"date": w.held_on, "topic": w.topic} for w in workshops.order_by("held_on", "id")
        ],
        "trainings": [
            {
                "name": t.name,
                "provider": t.provider,
                "first_day": t.first_day,
                "last_day": t.last_day,
                "days": t.day_count,
                "started": t.started,
                "finished": t.finished,
            }
            for t in sorted(trainings, key=lambda t: (t.first_day, t.name))
        ],
        "figures": [
            by_code[c] for c in ("workshops", "trainings", "training_days") if c in by_code
        ],
        "support_person_clients": by_code["support_person_clients"].value,
    }


# How the groups section lists the groups.  A project like the seed's has a
# handful of groups and describes each one (the seed: 7); a county running
# hundreds would get hundreds of pages, so beyond GROUPS_DESCRIBED the groups
# are listed in the table only, and beyond GROUPS_LISTED (about one printed
# page of the table) the table lists the largest groups (by participants,
# then sessions) and one line adds up the rest.  The totals are those of
# every group either way.
GROUPS_DESCRIBED = 12
GROUPS_LISTED = 40


def _groups(ctx, period: dict, by_code: dict) -> dict:
    """The functional groups with sessions held in the period: kind, place,
    sessions held, participants and feedback (groups.selectors' definitions),
    every group in one query; the participants through a suppressed table
    with its total."""
    user, start, end = period["user"], period["start"], period["end"]
    functional = groups.functional_groups(user=user)
    held = groups.feedback_counts(
        groups.participant_counts(
            groups.sessions_held_counts(
                functional.select_related("unit", "municipality"), start=start, end=end
            ),
            start=start,
            end=end,
        )
    )
    rows = [g for g in held.order_by("starts_on", "name", "id") if g.sessions_held]
    listed, rest = rows, []
    if len(rows) > GROUPS_LISTED:
        by_size = sorted(
            rows, key=lambda g: (-g.participant_count, -g.sessions_held, g.starts_on, g.name)
        )
        listed, rest = by_size[:GROUPS_LISTED], by_size[GROUPS_LISTED:]
    # The table as printed: the listed groups and, when there is one, the
    # line of the rest, the subtotal of those groups' counts, each counted in
    # the database with the list (counting them again over those groups took
    # about 0.17 s of a county's report).
    printed = [[g.participant_count] for g in listed]
    if rest:
        printed.append([sum(g.participant_count for g in rest)])
    table = ctx.table(printed, row_totals=False)
    described = len(rows) <= GROUPS_DESCRIBED
    entries = []
    for i, group in enumerate(listed):
        entry = {
            "name": group.name,
            "kind": group.get_kind_display(),
            "unit": group.unit.name,
            "municipality": group.municipality.name if group.municipality_id else "",
            "place": group.place,
            "starts_on": group.starts_on,
            "ends_on": group.ends_on,
            "sessions_held": group.sessions_held,
            "participants": table.cells[i][0],
        }
        if described:
            entry["feedback_count"] = ctx.count(group.feedback_count)
            entry["mean_rating"] = ctx.mean(group.rating_sum, group.rated) if group.rated else None
        entries.append(entry)
    by_kind = groups.held_groups_by_kind(functional, start=start, end=end)
    kinds = [
        {"label": str(label), "groups": by_kind.get(kind, 0)}
        for kind, label in GroupKind.choices
        if kind != GroupKind.DEVELOPER_CLIENT
    ]
    return {
        "groups": entries,
        "described": described,
        "rest": {
            "groups": len(rest),
            "sessions_held": sum(g.sessions_held for g in rest),
            "participants": table.cells[-1][0],
        }
        if rest
        else None,
        "participants_total": table.column_totals[0] if rows else 0,
        # The registry's figure: the sessions held of every group above.
        "sessions_total": by_code["group_sessions"].value,
        "kinds": [k for k in kinds if k["groups"]],
        "figures": [
            by_code[c]
            for c in ("groups", "group_participants", "group_sessions", "developer_client_meetings")
            if c in by_code
        ],
        "chart": [{"label": str(i + 1), "value": e["participants"]} for i, e in enumerate(entries)],
    }


def _table_rows(ctx, rows: list[dict], keys: tuple[str, ...]) -> tuple[list[dict], dict]:
    """Rows of counts and their column totals as they may be printed: small
    counts hidden with complementary cells, so that no hidden count can be
    worked out from the totals."""
    if not rows:
        return [], dict.fromkeys(keys, 0)
    table = ctx.table([[row[key] for key in keys] for row in rows], row_totals=False)
    shown = [{**row, **dict(zip(keys, table.cells[i], strict=True))} for i, row in enumerate(rows)]
    return shown, dict(zip(keys, table.column_totals, strict=True))


OUTREACH_KEYS = ("visits", "people_met", "new_contacts")


def _outreach(ctx, period: dict) -> dict:
    """Outreach visits by kind and by municipality (outreach.selectors)."""
    by_kind, kind_totals = _table_rows(ctx, outreach.figures_by_kind(**period), OUTREACH_KEYS)
    by_place, place_totals = _table_rows(
        ctx,
        [
            {**row, "label": row["municipality__name"]}
            for row in outreach.figures_by_municipality(**period)
        ],
        OUTREACH_KEYS,
    )
    # Two breakdowns of the same totals: a total hidden by either stays hidden.
    totals = {
        key: place_totals[key] if is_suppressed(place_totals[key]) else kind_totals[key]
        for key in OUTREACH_KEYS
    }
    return {
        "by_kind": [{**row, "label": str(row["label"])} for row in by_kind],
        "by_municipality": by_place,
        "totals": totals,
        "chart": [{"label": row["label"], "value": row["visits"]} for row in by_place],
    }


def _process(viewer, ctx, start, end, by_code: dict) -> dict:
    """The client process: the period's registry figures, and service-need
    assessments completed in each calendar year from the year before the
    period to its last year (the seed's 2017 → 2019)."""
    # assessments_completed (the registry's definition, which is that of
    # assessments.selectors._completed_in) for every year in one query.
    first, last = start.year - 1, end.year
    counted = assessment_selectors.completed_by_year(
        user=viewer, start=datetime.date(first, 1, 1), end=datetime.date(last, 12, 31)
    )
    by_year = [
        {"year": year, "label": str(year), "value": ctx.count(counted.get(year, 0))}
        for year in range(first, last + 1)
    ]
    return {
        "figures": [figure for code, figure in by_code.items() if code in PROCESS_CODES],
        "by_year": by_year,
    }


def _communications(ctx, period: dict, by_code: dict) -> dict:
    """Communications (media items by kind, followers of each channel),
    client participation (events by kind and their head-counts) and the
    outcome measures (activities, assessments via the registry)."""
    user, end = period["user"], period["end"]
    media = activities.media_item_count(**period)
    media_rows = [
        {"label": str(label), "count": media.get(kind, 0)} for kind, label in MediaKind.choices
    ]
    participation = []
    for kind, label in ParticipationKind.choices:
        events = activities.participation_event_count(**period, kind=kind)
        if events:
            participation.append(
                {
                    "label": str(label),
                    "events": events,
                    "participants": ctx.count(
                        activities.participation_participants(**period, kind=kind)
                    ),
                }
            )
    followers = [
        {"channel": f.channel, "followers": f.followers, "counted_on": f.counted_on}
        for f in activities.latest_follower_counts(user=user, on=end)
    ]
    measurements = [by_code["measurements"]]
    return {
        "media": media_rows,
        "media_total": sum(media.values()),
        "followers": followers,
        "participation": participation,
        "figures": [
            by_code[c]
            for c in ("followers", "developer_client_meetings", "measures_trialled")
            if c in by_code
        ]
        + measurements,
    }


def _survey(ctx, round) -> dict:
    """One satisfaction-survey round (structural.selectors_surveys.survey_results):
    respondents by service line, each statement's answers 1-5 in a table with
    its totals, and its mean; low answers stay visible as counts."""
    results = surveys.survey_results(round=round)
    overall = results.overall
    lines, lines_total = _table_rows(
        ctx,
        [{"label": str(g.label), "respondents": g.respondents} for g in results.by_service_line],
        ("respondents",),
    )
    distribution = ctx.table(
        [[s.distribution[v] for v in surveys.SCALE] for s in overall.statements]
    )
    statements = [
        {
            "text": s.statement.text,
            "answers": distribution.row_totals[i],
            "mean": ctx.mean(s.total, s.answers) if s.answers else None,
            "below_mean": s.below_mean,
            "values": list(distribution.cells[i]),
            "low": ctx.count(s.low_answers),
        }
        for i, s in enumerate(overall.statements)
    ]
    return {
        "name": str(round),
        "opens_on": round.opens_on,
        "closes_on": round.closes_on,
        "respondents": ctx.count(overall.respondents),
        "mean": ctx.mean(sum(s.total for s in overall.statements), overall.answers)
        if overall.answers
        else None,
        "low_respondents": ctx.count(overall.low_respondents),
        "service_lines": lines,
        "scale": list(surveys.SCALE),
        "statements": statements,
        "value_totals": list(distribution.column_totals),
        "chart": [
            {"label": str(v), "value": distribution.column_totals[i]}
            for i, v in enumerate(surveys.SCALE)
        ],
    }


def _numbered(rows: list[dict]) -> list[dict]:
    """A chart's bars labelled 1, 2, ... as the rows of the table beside it:
    the answers' own labels are too long to stand under a bar."""
    return [{"label": str(i + 1), "count": row["count"]} for i, row in enumerate(rows)]


def _structural(viewer, ctx, period: dict) -> dict:
    """Structural social work: grievance observations opened and closed, the
    satisfaction surveys of the period, and the analysis of the service-need
    assessments completed in the period (structural.analysis)."""
    start, end = period["start"], period["end"]
    rounds = surveys.round_list(user=viewer).filter(opens_on__range=(start, end))
    observed = observations.observation_figures(**period)
    report = analysis.analysis_report(
        user=viewer, scope=analysis.Scope(start=start, end=end), purpose="print"
    )
    return {
        "observations": {key: ctx.count(value) for key, value in observed.items()},
        "surveys": [_survey(ctx, r) for r in rounds.order_by("opens_on", "id")],
        "analysis": {
            **report,
            "distributions": [
                (str(title), rows, _numbered(rows)) for title, rows in report["distributions"]
            ],
            "mentions": [
                (str(title), rows, _numbered(rows), mentions)
                for title, rows, mentions in report["mentions"]
            ],
        },
    }
