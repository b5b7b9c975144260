"""Filters of client lists (django-filter)."""

import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.access import client_units
from clients.crypto import identity_code_digest
from clients.identity_code import parse_identity_code

CLIENT_NUMBER = re.compile(r"[A-Z][0-9]{7}")


class ClientFilter(django_filters.FilterSet):
    """One search box for a name, a client number or an identity code."""

    q = django_filters.CharFilter(
        label=_("Name, client number or identity code"), method="search", max_length=100
    )
    # A searched identity code is kept in the session only as its keyed HMAC
    # (clients.views.ClientListView), never as the code itself.
    identity_code_digest = django_filters.CharFilter(
        field_name="identity_code_digest", widget=forms.HiddenInput
    )
    unit = django_filters.ModelChoiceFilter(label=_("Unit"), queryset=None)
    mine = django_filters.BooleanFilter(
        label=_("Only my own clients"),
        method="only_mine",
        widget=forms.CheckboxInput,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.filters["unit"].queryset = client_units(user)

    def search(self, queryset, name, value):
        text = value.strip()
        if not text:
            return queryset
        try:
            code = parse_identity_code(text)
        except ValidationError:
            pass
        else:
            # Found through the keyed HMAC: the code itself is never queried.
            return queryset.filter(identity_code_digest=identity_code_digest(code.code))
        if CLIENT_NUMBER.fullmatch(text.upper()):
            return queryset.filter(client_number=text.upper())
        for term in text.split():
            queryset = queryset.filter(Q(first_name__icontains=term) | Q(last_name__icontains=term))
        return queryset

    def only_mine(self, queryset, name, value):
        return queryset.filter(responsible_worker=self.user) if value else queryset

    @staticmethod
    def criteria_to_keep(data: dict) -> dict:
        """The search as it may be kept in the session: an identity code in
        the search box becomes its keyed HMAC."""
        kept = {key: value for key, value in data.items() if value}
        try:
            code = parse_identity_code(kept.get("q", ""))
        except ValidationError:
            return kept
        del kept["q"]
        kept["identity_code_digest"] = identity_code_digest(code.code)
        return kept
