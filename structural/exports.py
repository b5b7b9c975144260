"""Columns of the structural lists' CSV and XLSX exports (accounts/exports.py).

A survey round's answers are exported in the format of the survey-answers
import (docs/import.md): one row per response, the round by its public
token, statement n in column "s<n>" and open question n in "q<n>".
"""

from django.utils.translation import gettext_lazy as _

from accounts.exports import Column, model_columns
from structural.models import Observation, OpenAnswer, SurveyRound

OBSERVATION_COLUMNS = [
    *model_columns(
        Observation,
        [
            "recorded_on",
            "title",
            "theme",
            "municipality",
            "unit",
            "clients_concerned",
            "recorded_by",
            "raised_in_team_on",
            "action_agreed_on",
            "closed_on",
        ],
    ),
    Column("status", _("status"), "current_status"),
]

ROUND_COLUMNS = [
    Column("survey", _("survey"), "survey.name"),
    *model_columns(SurveyRound, ["name", "opens_on", "closes_on", "token"]),
]


def statement_code(position: int) -> str:
    """Statement number `position` (1, 2, ...) of a survey, as a column."""
    return f"s{position}"


def question_code(position: int) -> str:
    return f"q{position}"


def answer_columns(round: SurveyRound) -> list[Column]:
    """The columns of one round's responses: the statements and open
    questions in their order (the same numbering the import reads)."""
    statements = list(round.survey.statements.order_by("order", "id"))
    questions = list(round.survey.open_questions.order_by("order", "id"))

    def value_of(statement):
        return lambda response: response.values_by_statement.get(statement.pk)

    def text_of(question):
        return lambda response: response.texts_by_question.get(question.pk, "")

    return [
        Column("round", _("round"), "round.token"),
        Column("service_line", _("service line")),
        *(
            Column(statement_code(n), f"{statement_code(n)} {s.text}", value_of(s))
            for n, s in enumerate(statements, start=1)
        ),
        *(
            Column(question_code(n), f"{question_code(n)} {q.text}", text_of(q))
            for n, q in enumerate(questions, start=1)
        ),
    ]


def responses_with_answers(responses) -> list:
    """The responses, each with `values_by_statement` and
    `texts_by_question` (two prefetch queries for the whole round)."""
    rows = list(responses.select_related("round").prefetch_related("answers", "open_answers"))
    for response in rows:
        response.values_by_statement = {a.statement_id: a.value for a in response.answers.all()}
        response.texts_by_question = {
            a.question_id: a.text for a in response.open_answers.all() if isinstance(a, OpenAnswer)
        }
    return rows
