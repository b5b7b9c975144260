"""Report runs in the admin, read-only: they are built by the portal, and
changed only by building them again (reports/services.py)."""

from django.contrib import admin

from reports.models import ReportRun


@admin.register(ReportRun)
class ReportRunAdmin(admin.ModelAdmin):
    list_display = ["kind", "period_start", "period_end", "scope_key", "status", "requested_at"]
    list_filter = ["kind", "status", "trigger", "area"]
    date_hierarchy = "period_start"
    search_fields = ["scope_key"]
    list_select_related = ["area", "unit"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
