"""Columns of the groups' CSV and XLSX exports (accounts/exports.py).

The codes are those of the groups, sessions and attendance imports
(docs/import.md): a group is named by its code, a session by its group's
code and its date, a client by the client number.
"""

from django.utils.translation import gettext_lazy as _

from accounts.exports import Column, model_columns
from groups.models import Enrollment, FunctionalGroup, GroupSession

GROUP_FIELDS = [
    "code",
    "name",
    "kind",
    "unit",
    "municipality",
    "place",
    "starts_on",
    "ends_on",
    "leaders",
    "external_instructors",
]
GROUP_COLUMNS = [
    *model_columns(FunctionalGroup, GROUP_FIELDS),
    # Figures of the list page; the import leaves them out.
    Column("sessions_held", _("sessions held")),
    Column("participant_count", _("participants")),
]

GROUP_CODE = Column("group", _("group code"), "group.code")

SESSION_FIELDS = ["date", "duration_minutes", "topic", "place", "status", "cancel_reason"]
SESSION_COLUMNS = [GROUP_CODE, *model_columns(GroupSession, SESSION_FIELDS)]

ATTENDANCE_COLUMNS = [
    Column("group", _("group code"), "session.group.code"),
    Column("date", _("date"), "session.date"),
    Column("client_number", _("client number"), "enrollment.client.client_number"),
    Column("present", _("present")),
]

ENROLLMENT_COLUMNS = [
    GROUP_CODE,
    Column("client_number", _("client number"), "client.client_number"),
    Column("last_name", _("last name"), "client.last_name"),
    Column("first_name", _("first name"), "client.first_name"),
    *model_columns(Enrollment, ["signed_up_on", "status", "dropped_out_on", "drop_out_reason"]),
    Column("attended", _("sessions attended")),
]
