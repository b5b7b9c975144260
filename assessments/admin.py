"""Outcome-measure definitions are reference data, edited here."""

from django.contrib import admin

from assessments.models import MeasureArea, OutcomeMeasure


class MeasureAreaInline(admin.TabularInline):
    model = MeasureArea
    extra = 1


@admin.register(OutcomeMeasure)
class OutcomeMeasureAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "scale_min", "scale_max", "is_active")
    list_filter = ("is_active",)
    inlines = [MeasureAreaInline]
