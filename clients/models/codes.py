"""Code lists: reference data with codes, edited in the admin.

Every categorical field that structural social work counts (housing, support
needs, notifiers, ...) points at a Code of one CodeList, never at a Python
literal, so that a county can follow a new national code list version without
a code change.  The initial lists are loaded by a data migration.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class CodeList(models.Model):
    """A code list, e.g. the support needs of SHL §11."""

    key = models.SlugField(_("key"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("The law or national code list.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("code list")
        verbose_name_plural = _("code lists")

    def __str__(self) -> str:
        return self.name


class CodeQuerySet(models.QuerySet):
    def of(self, key: str) -> "CodeQuerySet":
        """The active codes of one list, in their order."""
        return self.filter(code_list__key=key, is_active=True)


class Code(models.Model):
    """One code of a code list, with its labels in the portal's languages."""

    code_list = models.ForeignKey(
        CodeList, on_delete=models.PROTECT, related_name="codes", verbose_name=_("code list")
    )
    code = models.CharField(_("code"), max_length=20)
    label_fi = models.CharField(_("label in Finnish"), max_length=200)
    label_sv = models.CharField(_("label in Swedish"), max_length=200, blank=True)
    label_en = models.CharField(_("label in English"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = CodeQuerySet.as_manager()

    class Meta:
        ordering = ["code_list", "order", "code"]
        verbose_name = _("code")
        verbose_name_plural = _("codes")
        constraints = [
            models.UniqueConstraint(fields=["code_list", "code"], name="code_unique_in_list"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The label in the current language, Finnish when none is given."""
        language = (get_language() or "fi")[:2]
        return getattr(self, f"label_{language}", "") or self.label_fi
