"""Columns of the client lists' CSV and XLSX exports (accounts/exports.py).

The codes are those of the clients import (docs/import.md), so an exported
list imports back.  The identity code is never exported: it is stored only
encrypted and no list shows it.
"""

from accounts.exports import model_columns
from clients.models import Client

CLIENT_FIELDS = [
    "client_number",
    "last_name",
    "first_name",
    "date_of_birth",
    "sex",
    "mother_tongue",
    "municipality",
    "unit",
    "responsible_worker",
    "highest_care_allowance",
    "phone",
    "email",
    "street_address",
    "postal_code",
    "post_office",
]
CLIENT_COLUMNS = model_columns(Client, CLIENT_FIELDS)


def client_export_queryset(queryset):
    """What the columns read, joined in the one query of the export."""
    return queryset.select_related("unit", "municipality", "responsible_worker")
