"""Columns of the outreach lists' CSV and XLSX exports (accounts/exports.py).

The codes are those of the outreach-visits import (docs/import.md):
partners by name, workers by username, several in one cell separated by ";".
"""

from accounts.exports import model_columns
from outreach.models import OutreachVisit, PartnerOrganisation

VISIT_FIELDS = [
    "date",
    "kind",
    "unit",
    "municipality",
    "place",
    "people_met",
    "new_contacts",
    "partners",
    "workers",
    "notes",
]
VISIT_COLUMNS = model_columns(OutreachVisit, VISIT_FIELDS)
PARTNER_COLUMNS = model_columns(PartnerOrganisation, ["name", "kind", "municipality", "is_active"])
