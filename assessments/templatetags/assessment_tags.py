from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def field_value(obj, name: str) -> str:
    """A field of a record as the reader should see it (codes by label)."""
    value = getattr(obj, name)
    if hasattr(value, "all"):
        return ", ".join(str(code) for code in value.all()) or "–"
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    return str(value) if value not in (None, "") else "–"
