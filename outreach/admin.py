"""Partner organisations are reference data, edited here too.  Visits are
recorded in the portal; the clients met are client data and stay out of the
admin, which writes no access log (tests/test_urls.py)."""

from django.contrib import admin

from outreach.models import PartnerOrganisation


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "municipality", "area", "is_active")
    list_filter = ("area", "kind", "is_active")
    search_fields = ("name",)

    def has_delete_permission(self, request, obj=None):
        # Recorded visits point at the partners; retire one instead.
        return False
