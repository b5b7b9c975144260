"""The area's activity records in the admin: no client data, head-counts only."""

from django.contrib import admin

from activities.models import (
    FollowerCount,
    MediaItem,
    ParticipationEvent,
    Training,
    TrainingDay,
    Workshop,
)


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ("held_on", "topic", "participants", "area")
    list_filter = ("area",)
    date_hierarchy = "held_on"
    search_fields = ("topic",)


class TrainingDayInline(admin.TabularInline):
    model = TrainingDay
    extra = 1


@admin.register(Training)
class TrainingAdmin(admin.ModelAdmin):
    list_display = ("name", "provider", "started", "finished", "area")
    list_filter = ("area",)
    search_fields = ("name", "provider")
    inlines = [TrainingDayInline]


@admin.register(ParticipationEvent)
class ParticipationEventAdmin(admin.ModelAdmin):
    list_display = ("held_on", "kind", "title", "participants", "area")
    list_filter = ("area", "kind")
    date_hierarchy = "held_on"
    search_fields = ("title",)


@admin.register(MediaItem)
class MediaItemAdmin(admin.ModelAdmin):
    list_display = ("published_on", "kind", "outlet", "title", "area")
    list_filter = ("area", "kind")
    date_hierarchy = "published_on"
    search_fields = ("title", "outlet")


@admin.register(FollowerCount)
class FollowerCountAdmin(admin.ModelAdmin):
    list_display = ("channel", "counted_on", "followers", "area")
    list_filter = ("area", "channel")
    date_hierarchy = "counted_on"
