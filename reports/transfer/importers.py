"""One importer per kind (docs/import.md).

Each row goes through the form that the page uses for the same record
(ClientForm, AssessmentForm, GroupForm, SessionForm, VisitForm,
ResponseForm), built for the importing user, so that the same fields,
choices, scope (the user's units and area) and rules apply; references are
stable codes, resolved once per file.  The writes use the apps' services,
or bulk inserts of the rows the forms have checked where a kind is written
in large numbers (clients, sessions, outreach visits).
"""

import datetime
from collections import defaultdict

from django import forms
from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.forms.models import construct_instance
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access_log import AccessAction
from accounts.models import Municipality, Unit, User
from accounts.services import access_log_record
from assessments import services as assessment_services
from assessments.forms import FIELDS as ASSESSMENT_FIELDS
from assessments.forms import AssessmentForm, CompleteForm, StartForm
from assessments.models import ServiceNeedAssessment
from clients import services as client_services
from clients.crypto import encrypt_identity_code, identity_code_digest
from clients.exports import CLIENT_FIELDS
from clients.forms import ClientForm
from clients.models import Client, Code
from groups import services as group_services
from groups.exports import GROUP_COLUMNS, GROUP_FIELDS, SESSION_FIELDS
from groups.forms import GroupForm, SessionForm
from groups.models import Enrollment, FunctionalGroup, GroupSession
from outreach.exports import VISIT_FIELDS
from outreach.forms import VisitForm
from outreach.models import OutreachVisit
from outreach.selectors import partner_list
from reports.models import ImportKind
from reports.transfer.base import ImportColumn, Importer, Row, RowError, RowErrors, SeenInFile
from structural import services as survey_services
from structural.exports import question_code, statement_code
from structural.forms import ResponseForm
from structural.models import SurveyRound


def _columns(model, names, required=()) -> list[ImportColumn]:
    return [
        ImportColumn(name, model._meta.get_field(name).verbose_name, name in required)
        for name in names
    ]


def _default(model, name) -> str:
    """The model's default of a choice field, for an empty cell."""
    default = model._meta.get_field(name).default
    return default() if callable(default) else default


class FormRowMixin:
    """Turning a row's codes into the values a form expects."""

    def by_code(self, row: Row, column: str, table: dict, errors: list, message) -> str:
        value = row.get(column)
        if not value:
            return ""
        found = table.get(value.casefold())
        if found is None:
            errors.append(row.error(column, message))
            return ""
        return str(found)

    def many_by_code(self, row, column, table, errors, message) -> list[str]:
        found = []
        for value in Importer.many(row.get(column)):
            pk = table.get(value.casefold())
            if pk is None:
                errors.append(row.error(column, message))
            else:
                found.append(str(pk))
        return found

    def bool_data(self, row, column, errors) -> str:
        value = Importer.yes_no(row, column, errors)
        return "on" if value else ""

    def load_references(self) -> None:
        area_id = self.user.area_id
        self.units = {code.casefold(): pk for pk, code in Unit.objects.values_list("pk", "code")}
        self.municipalities = {
            code: pk
            for pk, code in Municipality.objects.filter(area_id=area_id).values_list("pk", "code")
        }
        self.usernames = {
            name.casefold(): pk
            for pk, name in User.objects.filter(area_id=area_id).values_list("pk", "username")
        }


# --- One form for every row of a file ------------------------------------------------


def _cache_choices(field) -> None:
    """Look a choice field's values up in its own queryset, loaded once,
    instead of one query per row (a 10,000-row file would run 20,000)."""
    choices = {str(obj.pk): obj for obj in field.queryset}

    def one(value):
        if value in field.empty_values:
            return None
        try:
            return choices[str(value)]
        except KeyError:
            raise ValidationError(
                field.error_messages["invalid_choice"], code="invalid_choice"
            ) from None

    def many(values):
        missing = [value for value in values if str(value) not in choices]
        if missing:
            raise ValidationError(
                field.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": missing[0]},
            )
        return [choices[str(value)] for value in values]

    if isinstance(field, forms.ModelMultipleChoiceField):
        field._check_values = many
    else:
        field.to_python = one


def _rebind(form, data, instance):
    """A form built once, bound to one more row: its fields and their
    choices are the same for the whole file; only its data, its instance
    and what it cleaned are new."""
    form.data, form.is_bound, form._errors = data, True, None
    form._bound_fields_cache = {}
    form.instance = instance
    if hasattr(form, "cleaned_data"):
        del form.cleaned_data
    return form


class _ResolvedRowsMixin:
    """A model form whose choice fields were looked up in their own
    querysets, loaded once (`_cache_choices`): the model's validation skips
    those foreign keys (Model.full_clean would look each up again, one query
    per key and row) and the constraints, which the importer leaves to the
    database's insert (or checks itself, as `OutreachVisit.clean()` does)."""

    RESOLVED: frozenset = frozenset()

    def _post_clean(self):
        try:
            self.instance = construct_instance(self, self.instance, self._meta.fields)
            self.instance.full_clean(
                exclude=self._get_validation_exclusions() | self.RESOLVED,
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            self._update_errors(error)


class _ClientRowForm(_ResolvedRowsMixin, ClientForm):
    """ClientForm for the rows of a file: the same fields, choices (the
    user's units, the area's municipalities, the units' active workers),
    identity-code field and rules (ClientForm.clean: the date of birth
    agrees with the code).  The form has no unique field (the client number
    is checked by the importer) and Client has no check constraint."""

    RESOLVED = frozenset({"unit", "municipality", "responsible_worker"})


# --- Clients ------------------------------------------------------------------------


class ClientImporter(FormRowMixin, Importer):
    """Clients, through ClientForm.  The client number is kept if given (it
    must be free) and drawn otherwise; the identity code is validated by the
    form's IdentityCodeField, stored only encrypted with its look-up digest
    (as clients.services does), and a second record of the same person in the
    user's units is refused, as on the page.

    A file may hold thousands of clients, so nothing is looked up row by
    row: one form (ClientForm, built once for the user) checks every row
    against choices loaded once; the client numbers and the identity codes
    already registered in the user's units are looked up once for the whole
    file; the clients are written in one bulk insert and the access log in
    another."""

    kind = ImportKind.CLIENTS
    columns = [
        ImportColumn("client_number", gettext_lazy("client number")),
        *_columns(Client, ["last_name", "first_name"], required=("last_name", "first_name")),
        ImportColumn("identity_code", gettext_lazy("Personal identity code")),
        *_columns(Client, [f for f in CLIENT_FIELDS[3:]], required=("unit",)),
    ]

    def prepare(self, rows):
        self.load_references()
        numbers = [row.get("client_number") for row in rows if row.get("client_number")]
        self.taken = set(
            Client.objects.filter(client_number__in=numbers).values_list("client_number", flat=True)
        )
        self.numbers_seen = SeenInFile(_("The same client number is on line %(line)s."))
        self.codes_seen = SeenInFile(_("The same identity code is on line %(line)s."))
        self.template = _ClientRowForm(user=self.user)
        for name in ("unit", "municipality", "responsible_worker"):
            _cache_choices(self.template.fields[name])
        # The same look-up as clients.services.clients_with_identity_code
        # (the keyed digest of the normalised code), for every code of the
        # file at once, within the user's units.
        field = self.template.fields["identity_code"]
        digests = set()
        for row in rows:
            try:
                code = field.clean(row.get("identity_code"))
            except ValidationError:
                continue  # the row's own check reports it
            if code:
                digests.add(identity_code_digest(code))
        self.registered_digests = set(
            Client.objects.restrict(self.user)
            .filter(identity_code_digest__in=digests)
            .values_list("identity_code_digest", flat=True)
        )

    def check(self, row: Row):
        errors: list[RowError] = []
        data = {
            name: row.get(name)
            for name in ("first_name", "last_name", "date_of_birth", "phone", "email")
        }
        data |= {name: row.get(name) for name in ("street_address", "postal_code", "post_office")}
        data["identity_code"] = row.get("identity_code")
        for name in ("sex", "mother_tongue"):
            data[name] = row.get(name) or _default(Client, name)
        data["unit"] = self.by_code(row, "unit", self.units, errors, _("No unit has this code."))
        data["municipality"] = self.by_code(
            row,
            "municipality",
            self.municipalities,
            errors,
            _("No municipality of your area has this code."),
        )
        data["responsible_worker"] = self.by_code(
            row,
            "responsible_worker",
            self.usernames,
            errors,
            _("No user of your area has this username."),
        )
        data["highest_care_allowance"] = self.bool_data(row, "highest_care_allowance", errors)
        form = _rebind(self.template, data, Client())
        if not form.is_valid():
            errors += self.form_errors(row, form)
        number = row.get("client_number")
        if number:
            repeated = self.numbers_seen.repeat(row, "client_number", number)
            if len(number) > 12 or not number.isalnum():
                errors.append(
                    row.error(
                        "client_number", _("A client number has at most 12 letters and digits.")
                    )
                )
            elif number in self.taken:
                errors.append(row.error("client_number", _("The client number is already in use.")))
            elif repeated:
                errors.append(repeated)
        code = form.cleaned_data.get("identity_code") if hasattr(form, "cleaned_data") else None
        digest = identity_code_digest(code) if code else ""
        if code:
            if repeated := self.codes_seen.repeat(row, "identity_code", digest):
                errors.append(repeated)
            elif digest in self.registered_digests:
                errors.append(
                    row.error(
                        "identity_code",
                        _("A client with this identity code is already registered in your units."),
                    )
                )
        if errors:
            raise RowErrors(errors)
        client = form.save(commit=False)
        client.client_number = number
        if code:
            client.identity_code_token = encrypt_identity_code(code)
            client.identity_code_digest = digest
        return client

    def write(self, items):
        used = set(self.taken) | {c.client_number for c in items if c.client_number}
        missing = [c for c in items if not c.client_number]
        while missing:
            for client in missing:
                client.client_number = client_services.new_client_number()
            drawn = [c.client_number for c in missing]
            clash = set(
                Client.objects.filter(client_number__in=drawn).values_list(
                    "client_number", flat=True
                )
            )
            seen = set()
            again = []
            for client in missing:
                number = client.client_number
                if number in clash or number in used or number in seen:
                    again.append(client)
                seen.add(number)
            used |= seen - clash
            missing = again
        created = Client.objects.bulk_create(items, batch_size=1000)
        access_log_record(request=self.log_request(), records=created, action=AccessAction.CREATE)
        return len(created)


# --- Assessments ----------------------------------------------------------------------


class AssessmentImporter(FormRowMixin, Importer):
    """Service-need assessments, through the pages' StartForm, AssessmentForm
    and CompleteForm; written with assessments.services (start, save, and
    complete when `completed_on` is given, which checks what completion
    needs and takes the statistics snapshot)."""

    kind = ImportKind.ASSESSMENTS
    columns = [
        ImportColumn("client_number", gettext_lazy("client number"), required=True),
        ImportColumn("started_on", gettext_lazy("started on"), required=True),
        ImportColumn("completed_on", gettext_lazy("completed on")),
        *_columns(ServiceNeedAssessment, ASSESSMENT_FIELDS),
    ]
    YES_NO = ("needs_special_support", "relationship_continues", "needs_responsible_worker")

    def prepare(self, rows):
        numbers = {row.get("client_number") for row in rows}
        self.clients = {
            c.client_number: c
            for c in Client.objects.restrict(self.user).filter(client_number__in=numbers)
        }
        lists = {**ServiceNeedAssessment.CODE_FIELDS, **ServiceNeedAssessment.MULTI_CODE_FIELDS}
        self.codes = defaultdict(dict)
        for pk, key, code in Code.objects.filter(
            code_list__key__in=set(lists.values())
        ).values_list("pk", "code_list__key", "code"):
            self.codes[key][code.casefold()] = pk
        self.lists = lists

    def check(self, row):
        errors = []
        client = self.clients.get(row.get("client_number"))
        if client is None:
            errors.append(
                row.error("client_number", _("None of your units' clients has this number."))
            )
        start = StartForm({"started_on": row.get("started_on")})
        if not start.is_valid():
            errors += self.form_errors(row, start)
        data = {"version": "0"}
        for name in ASSESSMENT_FIELDS:
            multi = name in ServiceNeedAssessment.MULTI_CODE_FIELDS
            if multi or name in ServiceNeedAssessment.CODE_FIELDS:
                lookup = self.many_by_code if multi else self.by_code
                data[name] = lookup(
                    row,
                    name,
                    self.codes[self.lists[name]],
                    errors,
                    _("The code list has no such code."),
                )
            elif name in self.YES_NO:
                value = self.yes_no(row, name, errors)
                data[name] = "" if value is None else str(value)
            else:
                data[name] = row.get(name)
        form = AssessmentForm(data)
        if not form.is_valid():
            errors += self.form_errors(row, form)
        complete = None
        if row.get("completed_on"):
            complete = CompleteForm({"completed_on": row.get("completed_on"), "version": "0"})
            if not complete.is_valid():
                errors += self.form_errors(row, complete)
        if errors:
            raise RowErrors(errors)
        plain, many = form.split()
        return (
            row,
            client,
            start.cleaned_data["started_on"],
            plain,
            many,
            complete.cleaned_data["completed_on"] if complete else None,
        )

    def write(self, items):
        errors, saved = [], []
        for row, client, started_on, plain, many, completed_on in items:
            try:
                assessment = assessment_services.assessment_start(
                    client=client, by=self.user, started_on=started_on
                )
                assessment = assessment_services.assessment_save(
                    assessment=assessment,
                    expected_version=assessment.version,
                    fields=plain,
                    many=many,
                )
                if completed_on:
                    assessment = assessment_services.assessment_complete(
                        assessment=assessment,
                        by=self.user,
                        completed_on=completed_on,
                        expected_version=assessment.version,
                    )
                saved.append(assessment)
            except ValidationError as error:
                # The services' refusals concern completion.
                errors += [row.error("completed_on", message) for message in error.messages]
        if errors:
            raise RowErrors(errors)
        clients = {client.pk: client for client in self.clients.values()}
        for assessment in saved:
            assessment.client = clients[assessment.client_id]
        access_log_record(request=self.log_request(), records=saved, action=AccessAction.CREATE)
        return len(saved)


# --- Groups, sessions, attendance ---------------------------------------------------------


class GroupImporter(FormRowMixin, Importer):
    """Functional groups, through GroupForm; written with groups.services."""

    kind = ImportKind.GROUPS
    columns = _columns(
        FunctionalGroup,
        GROUP_FIELDS,
        required=("name", "kind", "unit", "municipality", "starts_on", "ends_on", "leaders"),
    )
    ignored = [column for column in GROUP_COLUMNS if column.code not in GROUP_FIELDS]

    def prepare(self, rows):
        self.load_references()
        self.codes_seen = SeenInFile(_("The same group code is on line %(line)s."))
        self.groups_seen = SeenInFile(_("The same group (unit, name, start) is on line %(line)s."))

    def check(self, row):
        errors = []
        data = {name: row.get(name) for name in ("name", "kind", "place", "starts_on", "ends_on")}
        data["external_instructors"] = row.get("external_instructors")
        data["code"] = row.get("code") or FunctionalGroup._meta.get_field("code").default()
        data["unit"] = self.by_code(row, "unit", self.units, errors, _("No unit has this code."))
        data["municipality"] = self.by_code(
            row,
            "municipality",
            self.municipalities,
            errors,
            _("No municipality of your area has this code."),
        )
        data["leaders"] = self.many_by_code(
            row, "leaders", self.usernames, errors, _("No user of your area has this username.")
        )
        form = GroupForm(data, user=self.user)
        if not form.is_valid():
            errors += self.form_errors(row, form)
        key = (data["unit"], data["name"].strip(), data["starts_on"])
        for repeated in (
            self.codes_seen.repeat(row, "code", data["code"].casefold()),
            self.groups_seen.repeat(row, "name", key),
        ):
            if repeated:
                errors.append(repeated)
        if errors:
            raise RowErrors(errors)
        fields = {name: form.cleaned_data[name] for name in GroupForm.Meta.fields}
        return row, fields

    def write(self, items):
        errors = []
        for row, fields in items:
            try:
                group_services.group_create(**fields)
            except ValidationError as error:
                errors += self.validation_errors(row, error)
        if errors:
            raise RowErrors(errors)
        return len(items)


class GroupReferenceMixin(FormRowMixin):
    def load_groups(self) -> None:
        self.groups = {
            group.code.casefold(): group for group in FunctionalGroup.objects.restrict(self.user)
        }

    def group_of(self, row: Row, errors: list):
        group = self.groups.get(row.get("group").casefold())
        if group is None:
            errors.append(row.error("group", _("None of your units' groups has this code.")))
        return group


class SessionImporter(GroupReferenceMixin, Importer):
    """Group sessions, through SessionForm.  A session is identified by its
    group's code and its date, so a group has at most one session a day:
    one already recorded on the day, or twice in the file, is refused."""

    kind = ImportKind.SESSIONS
    columns = [
        ImportColumn("group", gettext_lazy("group code"), required=True),
        *_columns(GroupSession, SESSION_FIELDS, required=("date", "duration_minutes")),
    ]

    def prepare(self, rows):
        self.load_groups()
        self.existing = set(
            GroupSession.objects.filter(group__in=self.groups.values()).values_list(
                "group_id", "date"
            )
        )
        self.sessions_seen = SeenInFile(_("The same session is on line %(line)s."))

    def check(self, row):
        errors = []
        group = self.group_of(row, errors)
        if group is None:
            raise RowErrors(errors)
        data = {name: row.get(name) for name in SESSION_FIELDS}
        data["status"] = data["status"] or _default(GroupSession, "status")
        form = SessionForm(data, group=group)
        if not form.is_valid():
            errors += self.form_errors(row, form)
            raise RowErrors(errors)
        key = (group.pk, form.cleaned_data["date"])
        repeated = self.sessions_seen.repeat(row, "date", key)
        if key in self.existing:
            errors.append(row.error("date", _("The group already has a session on this day.")))
        elif repeated:
            errors.append(repeated)
        if errors:
            raise RowErrors(errors)
        session = form.save(commit=False)
        session.group = group
        return session

    def write(self, items):
        return len(GroupSession.objects.bulk_create(items, batch_size=1000))


class AttendanceImporter(GroupReferenceMixin, Importer):
    """Attendance at sessions (group code + date + client number), written
    with groups.services.attendance_record, session by session: the same
    rules as the attendance sheet (only enrolled clients of the user's
    units, no attendance at a cancelled session; a planned session with
    someone present becomes held)."""

    kind = ImportKind.ATTENDANCE
    columns = [
        ImportColumn("group", gettext_lazy("group code"), required=True),
        ImportColumn("date", gettext_lazy("date"), required=True),
        ImportColumn("client_number", gettext_lazy("client number"), required=True),
        ImportColumn("present", gettext_lazy("present"), required=True),
    ]

    def prepare(self, rows):
        self.load_groups()
        self.sessions = defaultdict(list)
        for session in GroupSession.objects.filter(group__in=self.groups.values()).select_related(
            "group"
        ):
            self.sessions[(session.group_id, session.date)].append(session)
        self.enrollments = {
            (e.group_id, e.client.client_number): e
            for e in Enrollment.objects.restrict(self.user)
            .filter(group__in=self.groups.values())
            .select_related("client")
        }
        self.attendance_seen = SeenInFile(_("The same attendance is on line %(line)s."))

    def check(self, row):
        errors = []
        group = self.group_of(row, errors)
        present = self.yes_no(row, "present", errors)
        if present is None and not errors:
            errors.append(row.error("present", _('Write "kyllä" or "ei".')))
        try:
            day = datetime.date.fromisoformat(row.get("date"))
        except ValueError:
            day = _finnish_date(row.get("date"))
            if day is None:
                errors.append(row.error("date", _("Enter a valid date.")))
        if group is None or errors:
            raise RowErrors(errors)
        sessions = self.sessions.get((group.pk, day), [])
        if not sessions:
            errors.append(row.error("date", _("The group has no session on this day.")))
        elif len(sessions) > 1:
            errors.append(row.error("date", _("The group has several sessions on this day.")))
        enrollment = self.enrollments.get((group.pk, row.get("client_number")))
        if enrollment is None:
            errors.append(
                row.error(
                    "client_number",
                    _("No client of your units with this number is enrolled in the group."),
                )
            )
        if errors:
            raise RowErrors(errors)
        key = (sessions[0].pk, enrollment.pk)
        if repeated := self.attendance_seen.repeat(row, "client_number", key):
            errors.append(repeated)
            raise RowErrors(errors)
        return row, sessions[0], enrollment, present

    def write(self, items):
        by_session = defaultdict(list)
        for item in items:
            by_session[item[1].pk].append(item)
        errors, changed = [], []
        for rows in by_session.values():
            session = rows[0][1]
            enrollments = [enrollment for _row, _s, enrollment, _p in rows]
            try:
                group_services.attendance_record(
                    session=session,
                    enrollments=enrollments,
                    present={enrollment.pk for _r, _s, enrollment, present in rows if present},
                    by=self.user,
                )
                changed += enrollments
            except ValidationError as error:
                for row, *_rest in rows:
                    errors += [row.error("date", message) for message in error.messages]
        if errors:
            raise RowErrors(errors)
        access_log_record(request=self.log_request(), records=changed, action=AccessAction.CHANGE)
        return len(items)


def _finnish_date(text: str) -> datetime.date | None:
    try:
        return datetime.datetime.strptime(text, "%d.%m.%Y").date()
    except ValueError:
        return None


# --- Outreach visits -------------------------------------------------------------------


class _VisitRowForm(_ResolvedRowsMixin, VisitForm):
    """VisitForm for the rows of a file: its unit, municipality, partners
    and workers are looked up in the form's own querysets (loaded once), and
    the model's one check constraint (new contacts within people met) is the
    rule that OutreachVisit.clean() checks here and the database checks
    again on insert."""

    RESOLVED = frozenset({"unit", "municipality", "partners", "workers", "recorded_by"})


class OutreachVisitImporter(FormRowMixin, Importer):
    """Outreach visits, through the full VisitForm of the page (the user's
    units, the area's municipalities, active partners and staff; no date in
    the future; new contacts within people met).  Written in bulk: the
    visits in one insert, their partners and workers in one insert each;
    with no workers named, the importing user went, as in
    outreach.services.visit_create."""

    kind = ImportKind.OUTREACH_VISITS
    columns = _columns(
        OutreachVisit, VISIT_FIELDS, required=("date", "kind", "place", "people_met")
    )

    def prepare(self, rows):
        self.load_references()
        self.partners = {
            name: pk
            for pk, name in partner_list(user=self.user)
            .annotate(lower=Lower("name"))
            .values_list("pk", "lower")
        }
        self.template = _VisitRowForm(user=self.user)
        for name in ("unit", "municipality", "partners", "workers"):
            _cache_choices(self.template.fields[name])

    def row_form(self, data) -> "_VisitRowForm":
        """The page's form bound to one row (one form serves every row)."""
        return _rebind(self.template, data, OutreachVisit())

    def check(self, row):
        errors = []
        data = {name: row.get(name) for name in ("kind", "date", "place", "people_met", "notes")}
        data["new_contacts"] = row.get("new_contacts")
        data["unit"] = self.by_code(row, "unit", self.units, errors, _("No unit has this code."))
        data["municipality"] = self.by_code(
            row,
            "municipality",
            self.municipalities,
            errors,
            _("No municipality of your area has this code."),
        )
        data["partners"] = self.many_by_code(
            row,
            "partners",
            self.partners,
            errors,
            _("Your area has no partner organisation of this name."),
        )
        data["workers"] = self.many_by_code(
            row, "workers", self.usernames, errors, _("No user of your area has this username.")
        )
        form = self.row_form(data)
        if not form.is_valid():
            errors += self.form_errors(row, form)
        if errors:
            raise RowErrors(errors)
        fields = form.visit_fields()
        partners, workers = fields.pop("partners"), fields.pop("workers")
        return OutreachVisit(recorded_by=self.user, **fields), partners, workers

    def write(self, items):
        visits = OutreachVisit.objects.bulk_create([visit for visit, *_ in items], batch_size=1000)
        Partners = OutreachVisit.partners.through
        Workers = OutreachVisit.workers.through
        Partners.objects.bulk_create(
            [
                Partners(outreachvisit_id=visit.pk, partnerorganisation_id=partner.pk)
                for visit, partners, _workers in items
                for partner in partners
            ],
            batch_size=2000,
        )
        Workers.objects.bulk_create(
            [
                Workers(outreachvisit_id=visit.pk, user_id=worker.pk)
                for visit, _partners, workers in items
                for worker in (workers or [self.user])
            ],
            batch_size=2000,
        )
        return len(visits)


# --- Survey answers ---------------------------------------------------------------------


class SurveyAnswerImporter(Importer):
    """Responses to a satisfaction survey (paper forms typed in a
    spreadsheet): one row per response, through the staff entry form
    (ResponseForm), written with structural.services.response_create."""

    kind = ImportKind.SURVEY_ANSWERS
    columns = [
        ImportColumn("round", gettext_lazy("round"), required=True),
        ImportColumn("service_line", gettext_lazy("service line")),
    ]
    numbered = ("s", "q")

    def prepare(self, rows):
        self.rounds = {
            r.token: r for r in SurveyRound.objects.restrict(self.user).select_related("survey")
        }
        self.forms_of = {}

    def _layout(self, round):
        if round.pk not in self.forms_of:
            self.forms_of[round.pk] = (
                list(round.survey.statements.order_by("order", "id")),
                list(round.survey.open_questions.order_by("order", "id")),
            )
        return self.forms_of[round.pk]

    def check(self, row):
        errors = []
        round = self.rounds.get(row.get("round"))
        if round is None:
            raise RowErrors([row.error("round", _("No survey round of your area has this token."))])
        statements, questions = self._layout(round)
        data = {"service_line": row.get("service_line") or "not_said"}
        fields = {}
        known = {statement_code(n) for n in range(1, len(statements) + 1)}
        known |= {question_code(n) for n in range(1, len(questions) + 1)}
        for code, value in row.values.items():
            if code[:1] in ("s", "q") and code[1:].isdigit() and code not in known and value:
                errors.append(row.error(code, _("The survey has no such statement or question.")))
        for n, statement in enumerate(statements, start=1):
            data[f"s{statement.pk}"] = row.get(statement_code(n))
            fields[f"s{statement.pk}"] = statement_code(n)
        for n, question in enumerate(questions, start=1):
            data[f"q{question.pk}"] = row.get(question_code(n))
            fields[f"q{question.pk}"] = question_code(n)
        form = ResponseForm(data, round=round)
        if not form.is_valid():
            errors += self.form_errors(row, form, fields)
        if errors:
            raise RowErrors(errors)
        return row, round, form.response_fields()

    def write(self, items):
        errors = []
        for row, round, fields in items:
            try:
                survey_services.response_create(round=round, entered_by=self.user, **fields)
            except ValidationError as error:
                errors += self.validation_errors(row, error)
        if errors:
            raise RowErrors(errors)
        return len(items)


IMPORTERS: dict[str, type[Importer]] = {
    importer.kind: importer
    for importer in (
        ClientImporter,
        AssessmentImporter,
        GroupImporter,
        SessionImporter,
        AttendanceImporter,
        OutreachVisitImporter,
        SurveyAnswerImporter,
    )
}


def importer_for(kind: str, *, user) -> Importer:
    return IMPORTERS[kind](user=user)
