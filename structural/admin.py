"""Surveys are defined in the admin (statements, open questions, rounds);
observations are written in the portal and only viewed here."""

from django.contrib import admin

from structural.models import (
    Observation,
    ObservationFollowUp,
    OpenQuestion,
    Statement,
    Survey,
    SurveyRound,
)


class StatementInline(admin.TabularInline):
    model = Statement
    extra = 0


class OpenQuestionInline(admin.TabularInline):
    model = OpenQuestion
    extra = 0


class SurveyRoundInline(admin.TabularInline):
    model = SurveyRound
    extra = 0
    readonly_fields = ["token"]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["name", "area", "is_active"]
    list_filter = ["area", "is_active"]
    inlines = [StatementInline, OpenQuestionInline, SurveyRoundInline]


class FollowUpInline(admin.TabularInline):
    model = ObservationFollowUp
    extra = 0


@admin.register(Observation)
class ObservationAdmin(admin.ModelAdmin):
    list_display = ["title", "area", "theme", "recorded_on", "closed_on"]
    list_filter = ["area", "theme"]
    search_fields = ["title"]
    inlines = [FollowUpInline]
