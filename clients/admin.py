"""Reference data of the client process.  Client records themselves are not in
the admin: it writes no access log (tests/test_urls.py checks this)."""

from django.contrib import admin

from clients.models import Code, CodeList


class CodeInline(admin.TabularInline):
    model = Code
    extra = 1
    fields = ("code", "label_fi", "label_sv", "label_en", "order", "is_active")


@admin.register(CodeList)
class CodeListAdmin(admin.ModelAdmin):
    list_display = ("name", "key", "source")
    search_fields = ("name", "key")
    inlines = [CodeInline]

    def has_delete_permission(self, request, obj=None):
        # Recorded data points at the codes; retire a code instead.
        return False


@admin.register(Code)
class CodeAdmin(admin.ModelAdmin):
    list_display = ("label_fi", "code", "code_list", "order", "is_active")
    list_filter = ("code_list", "is_active")
    search_fields = ("label_fi", "label_sv", "label_en", "code")

    def has_delete_permission(self, request, obj=None):
        return False
