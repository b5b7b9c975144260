from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.access_log import AccessLogEntry
from accounts.models import Area, Municipality, Unit, User
from accounts.two_factor import StaffTOTPDevice, two_factor_reset

admin.site.site_header = _("Adult social work portal: administration")
admin.site.site_title = _("Adult social work portal")


class UnitsInAreaMixin:
    """A user's units must belong to the user's area."""

    def clean(self):
        cleaned = super().clean()
        area, units = cleaned.get("area"), cleaned.get("units")
        if area and units:
            foreign = [u.name for u in units if u.area_id != area.pk]
            if foreign:
                self.add_error(
                    "units",
                    _("These units belong to another area: %(units)s")
                    % {"units": ", ".join(foreign)},
                )
        return cleaned


class PortalUserChangeForm(UnitsInAreaMixin, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User


class PortalUserCreationForm(UnitsInAreaMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "first_name", "last_name", "role", "title", "area", "units")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = PortalUserChangeForm
    add_form = PortalUserCreationForm
    list_display = (
        "username",
        "last_name",
        "first_name",
        "role",
        "title",
        "area",
        "is_active",
        "two_factor_enrolled",
    )
    actions = ["reset_two_factor"]

    def get_queryset(self, request):
        enrolled = StaffTOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(has_two_factor=Exists(enrolled))

    @admin.display(boolean=True, description=_("two-factor login"), ordering="has_two_factor")
    def two_factor_enrolled(self, obj) -> bool:
        return obj.has_two_factor

    @admin.action(description=_("Reset two-factor login (the user sets it up again)"))
    def reset_two_factor(self, request, queryset):
        """For a lost phone: the app and the recovery codes are removed and
        the user's sessions ended; at the next login the user enrols again."""
        for user in queryset:
            two_factor_reset(user=user, by=request.user)
            self.log_change(request, user, [{"changed": {"fields": ["two-factor login reset"]}}])
        self.message_user(
            request,
            ngettext(
                "Two-factor login was reset for %(count)d user.",
                "Two-factor login was reset for %(count)d users.",
                len(queryset),
            )
            % {"count": len(queryset)},
            messages.SUCCESS,
        )

    list_filter = ("role", "title", "area", "units", "is_active")
    filter_horizontal = ("units", "groups", "user_permissions")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Work"), {"fields": ("role", "title", "area", "units")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "first_name",
                    "last_name",
                    "role",
                    "title",
                    "area",
                    "units",
                    "password1",
                    "password2",
                ),
            },
        ),
    )


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("name", "code")
    search_fields = ("name", "code")


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "area")
    list_filter = ("area",)
    search_fields = ("name", "code")


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "service_line", "area", "is_active")
    list_filter = ("area", "service_line", "is_active")
    search_fields = ("name", "code")
    filter_horizontal = ("municipalities",)


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    """Read-only: the access log can be read, never changed or deleted."""

    list_display = (
        "at",
        "username",
        "role",
        "action",
        "record_type",
        "record_id",
        "client_id",
        "basis",
        "allowed",
        "ip_address",
    )
    list_filter = ("action", "allowed", "basis", "role")
    search_fields = ("username",)
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        return {}
