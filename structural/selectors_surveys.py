"""Reads of satisfaction surveys: the rounds a user may see and their
results."""

from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q, Sum
from django.utils.translation import gettext as _

from structural.models import (
    Answer,
    OpenAnswer,
    RespondentServiceLine,
    Response,
    Statement,
    Survey,
    SurveyRound,
)

SCALE = (1, 2, 3, 4, 5)
LOW = (1, 2)


def survey_list(*, user):
    return Survey.objects.restrict(user).prefetch_related("rounds")


def round_list(*, user):
    return SurveyRound.objects.restrict(user).select_related("survey")


@dataclass
class StatementResult:
    statement: Statement
    answers: int = 0  # values given (skipped ones not counted)
    total: int = 0
    distribution: dict[int, int] = field(default_factory=lambda: dict.fromkeys(SCALE, 0))
    below_mean: bool = False

    @property
    def mean(self) -> float | None:
        return self.total / self.answers if self.answers else None

    @property
    def low_answers(self) -> int:
        return sum(self.distribution[v] for v in LOW)

    @property
    def bars(self) -> list[tuple[int, int]]:
        """(value, count) from 1 to 5, for the template."""
        return [(v, self.distribution[v]) for v in SCALE]


@dataclass
class GroupResult:
    key: str  # "all" or a RespondentServiceLine value
    label: str
    respondents: int
    low_respondents: int  # respondents with at least one answer of 1-2
    statements: list[StatementResult]

    @property
    def answers(self) -> int:
        return sum(s.answers for s in self.statements)

    @property
    def mean(self) -> float | None:
        total = sum(s.total for s in self.statements)
        return total / self.answers if self.answers else None

    @property
    def low_answers(self) -> int:
        return sum(s.low_answers for s in self.statements)

    @property
    def below_mean(self) -> list[StatementResult]:
        return [s for s in self.statements if s.below_mean]

    @property
    def low_statements(self) -> list[StatementResult]:
        return [s for s in self.statements if s.low_answers]


@dataclass
class SurveyResults:
    round: SurveyRound
    overall: GroupResult
    by_service_line: list[GroupResult]
    open_answers: list = field(default_factory=list)

    @property
    def groups(self) -> list[GroupResult]:
        return [self.overall, *self.by_service_line]


def survey_results(*, round: SurveyRound) -> SurveyResults:
    """The results of a round, overall and per service line.

    Definitions (each group: all respondents, or those of one service line):

    * respondents: responses of the round in the group (a response whose every
      statement was skipped still counts as a respondent);
    * per statement: `answers` the values 1-5 given (skipped ones excluded),
      the distribution of 1-5, and the mean of the values given;
    * the group's mean: the mean of every value given to any statement, pooled
      (sum of values / number of values), not the mean of the statement means;
    * below the mean: statements whose mean is below the group's mean;
    * low answers: values 1 and 2, counted per statement and in total, and the
      respondents who gave at least one; shown as counts, never averaged away.

    Two database aggregations: the answers grouped by statement and service
    line (count, sum, and a count per value), and the responses grouped by
    service line (respondents, and those with a low answer).  The overall
    figures are sums of the service lines' counts, so they are exact.
    """
    statements = list(round.survey.statements.order_by("order", "id"))
    cells = (
        Answer.objects.filter(response__round=round, value__isnull=False)
        .order_by()
        .values("statement", "response__service_line")
        .annotate(
            n=Count("id"),
            total=Sum("value"),
            **{f"v{v}": Count("id", filter=Q(value=v)) for v in SCALE},
        )
    )
    people = {
        row["service_line"]: row
        for row in Response.objects.filter(round=round)
        .order_by()
        .values("service_line")
        .annotate(
            n=Count("id", distinct=True),
            low=Count("id", distinct=True, filter=Q(answers__value__in=LOW)),
        )
    }
    keys = ["all", *RespondentServiceLine.values]
    results = {key: {s.pk: StatementResult(statement=s) for s in statements} for key in keys}
    for cell in cells:
        for key in ("all", cell["response__service_line"]):
            result = results[key].get(cell["statement"])
            if result is None:
                continue
            result.answers += cell["n"]
            result.total += cell["total"]
            for v in SCALE:
                result.distribution[v] += cell[f"v{v}"]

    def group(key: str, label: str) -> GroupResult:
        lines = RespondentServiceLine.values if key == "all" else [key]
        result = GroupResult(
            key=key,
            label=label,
            respondents=sum(people.get(line, {}).get("n", 0) for line in lines),
            low_respondents=sum(people.get(line, {}).get("low", 0) for line in lines),
            statements=list(results[key].values()),
        )
        mean = result.mean
        for statement in result.statements:
            statement.below_mean = (
                mean is not None and statement.mean is not None and statement.mean < mean
            )
        return result

    open_answers = (
        OpenAnswer.objects.filter(response__round=round)
        .select_related("question", "response")
        .order_by("question__order", "question_id", "id")
    )
    return SurveyResults(
        round=round,
        overall=group("all", _("All respondents")),
        by_service_line=[group(line.value, line.label) for line in RespondentServiceLine],
        open_answers=list(open_answers),
    )


def satisfaction_figures(*, user, start, end) -> dict:
    """Satisfaction-survey figures of the rounds that opened in the period, in
    the user's area:

    * respondents: responses to those rounds (a response that skipped every
      statement still counts: the person answered the survey);
    * mean: the mean of every value given to a statement (1-5), pooled over
      all statements and respondents, rounded to one decimal; None without
      values.  The seed's 100 answers, mean 4.2.
    Two queries.
    """
    responses = Response.objects.restrict(user).filter(round__opens_on__range=(start, end))
    values = Answer.objects.filter(
        response__in=responses.values("pk"), value__isnull=False
    ).aggregate(mean=Avg("value"))
    mean = values["mean"]
    return {
        "respondents": responses.count(),
        "mean": round(float(mean), 1) if mean is not None else None,
    }
