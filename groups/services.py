"""Writes of the groups app.  Each is atomic and keyword-only; a refused
write raises ValidationError naming the field, and saves nothing."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from clients.models import Client
from groups.esf import UNEMPLOYED_STATUSES, age_group_on
from groups.models import (
    Attendance,
    Enrollment,
    EnrollmentStatus,
    Feedback,
    FunctionalGroup,
    GroupSession,
    SessionStatus,
)

# --- Groups --------------------------------------------------------------


@transaction.atomic
def group_create(*, leaders: Iterable[User], **fields) -> FunctionalGroup:
    """A new group with its leaders."""
    group = FunctionalGroup(**fields)
    group.full_clean()
    group.save()
    group.leaders.set(leaders)
    return group


@transaction.atomic
def group_update(*, group: FunctionalGroup, leaders: Iterable[User], **fields) -> FunctionalGroup:
    """Change a group.  Its period may not leave any session outside it."""
    for name, value in fields.items():
        setattr(group, name, value)
    group.full_clean()
    outside = group.sessions.exclude(date__range=(group.starts_on, group.ends_on))
    if outside.exists():
        raise ValidationError(
            {"starts_on": _("The group has sessions outside this period: move them first.")}
        )
    group.save()
    group.leaders.set(leaders)
    return group


# --- Sessions --------------------------------------------------------------


def _check_session(session: GroupSession) -> None:
    group = session.group
    if session.date and not group.covers(session.date):
        raise ValidationError(
            {
                "date": _("The session must fall within the group's period, %(starts)s–%(ends)s.")
                % {
                    "starts": f"{group.starts_on:%d.%m.%Y}",
                    "ends": f"{group.ends_on:%d.%m.%Y}",
                }
            }
        )
    if session.status == SessionStatus.CANCELLED and not session.cancel_reason.strip():
        raise ValidationError({"cancel_reason": _("Give the reason for cancelling.")})
    if (
        session.status == SessionStatus.CANCELLED
        and session.pk
        and session.attendances.filter(present=True).exists()
    ):
        raise ValidationError(
            {"status": _("Clients were marked present at this session: it cannot be cancelled.")}
        )


@transaction.atomic
def session_create(*, group: FunctionalGroup, **fields) -> GroupSession:
    """A session of the group, dated within the group's period."""
    session = GroupSession(group=group, **fields)
    _check_session(session)
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def session_update(*, session: GroupSession, **fields) -> GroupSession:
    """Change a session: the same rules as for a new one, and a session with
    clients marked present cannot be cancelled."""
    for name, value in fields.items():
        setattr(session, name, value)
    if session.status != SessionStatus.CANCELLED:
        session.cancel_reason = ""
    _check_session(session)
    session.full_clean()
    session.save()
    return session


# --- Enrollment --------------------------------------------------------------


def _check_esf(enrollment: Enrollment) -> None:
    if (
        enrollment.months_unemployed is not None
        and enrollment.labour_market_status not in UNEMPLOYED_STATUSES
    ):
        raise ValidationError(
            {"months_unemployed": _("Give the months of unemployment only for the unemployed.")}
        )


@transaction.atomic
def enrollment_create(
    *,
    group: FunctionalGroup,
    client: Client,
    signed_up_on: datetime.date,
    by: User,
    **esf,
) -> Enrollment:
    """Sign a client up for a group.

    The ESF age group is worked out from the client's date of birth on the
    day of signing up, when the client has one; otherwise it is as given.
    """
    if client.date_of_birth is not None:
        esf["age_group"] = age_group_on(client.date_of_birth, signed_up_on)
    if Enrollment.objects.filter(group=group, client=client).exists():
        raise ValidationError({"client": _("The client is already enrolled in this group.")})
    enrollment = Enrollment(
        group=group, client=client, signed_up_on=signed_up_on, recorded_by=by, **esf
    )
    _check_esf(enrollment)
    enrollment.full_clean()
    enrollment.save()
    return enrollment


@transaction.atomic
def enrollment_update(*, enrollment: Enrollment, **fields) -> Enrollment:
    """Change an enrollment's status or its ESF start and exit data.

    Dropping out has its own service (`enrollment_drop_out`): the status can
    not be set to "dropped out" here.
    """
    status = fields.get("status", enrollment.status)
    if status == EnrollmentStatus.DROPPED_OUT and enrollment.status != status:
        raise ValidationError({"status": _("Record a drop-out with its day and reason.")})
    for name, value in fields.items():
        setattr(enrollment, name, value)
    _check_esf(enrollment)
    enrollment.full_clean()
    enrollment.save()
    return enrollment


@transaction.atomic
def enrollment_drop_out(
    *, enrollment: Enrollment, dropped_out_on: datetime.date, reason: str
) -> Enrollment:
    """The client leaves the group.  Sessions attended before still count."""
    if dropped_out_on < enrollment.signed_up_on:
        raise ValidationError({"dropped_out_on": _("The day is before the client signed up.")})
    if not reason.strip():
        raise ValidationError({"drop_out_reason": _("Give the reason for dropping out.")})
    attended_after = enrollment.attendances.filter(present=True, session__date__gt=dropped_out_on)
    if attended_after.exists():
        raise ValidationError(
            {"dropped_out_on": _("The client was present at a session after this day.")}
        )
    enrollment.status = EnrollmentStatus.DROPPED_OUT
    enrollment.dropped_out_on = dropped_out_on
    enrollment.drop_out_reason = reason.strip()
    enrollment.full_clean()
    enrollment.save(update_fields=["status", "dropped_out_on", "drop_out_reason"])
    return enrollment


# --- Attendance --------------------------------------------------------------


@transaction.atomic
def attendance_record(
    *,
    session: GroupSession,
    enrollments: list[Enrollment],
    present: Iterable[int],
    by: User,
) -> list[Attendance]:
    """Write the attendance of the listed enrollments at the session in one
    statement: present if the enrollment's id is in `present`, absent
    otherwise.  A bounded number of queries however big the group.

    * every enrollment must belong to the session's group;
    * a cancelled session has no attendance;
    * a planned session at which anyone was present becomes held: the
      leader who marks attendance has held it, and the figures count only
      held sessions;
    * a signed-up client who was present becomes active.
    """
    present_ids = set(present)
    listed_ids = {enrollment.pk for enrollment in enrollments}
    if any(enrollment.group_id != session.group_id for enrollment in enrollments) or (
        present_ids - listed_ids
    ):
        raise ValidationError({"present": _("The client is not enrolled in this group.")})
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError({"present": _("The session was cancelled: it has no attendance.")})
    rows = Attendance.objects.bulk_create(
        [
            Attendance(
                session=session,
                enrollment=enrollment,
                present=enrollment.pk in present_ids,
                recorded_by=by,
            )
            for enrollment in enrollments
        ],
        update_conflicts=True,
        unique_fields=["session", "enrollment"],
        update_fields=["present", "recorded_by", "recorded_at"],
    )
    if present_ids:
        if session.status == SessionStatus.PLANNED:
            GroupSession.objects.filter(pk=session.pk, status=SessionStatus.PLANNED).update(
                status=SessionStatus.HELD
            )
            session.status = SessionStatus.HELD
        Enrollment.objects.filter(pk__in=present_ids, status=EnrollmentStatus.SIGNED_UP).update(
            status=EnrollmentStatus.ACTIVE
        )
    return rows


# --- Feedback --------------------------------------------------------------


@transaction.atomic
def feedback_record(*, group: FunctionalGroup, by: User, **fields) -> Feedback:
    """Feedback on the group or on one of its sessions.  A participant's
    feedback names no client."""
    feedback = Feedback(group=group, recorded_by=by, **fields)
    if feedback.session_id and feedback.session.group_id != group.pk:
        raise ValidationError({"session": _("The session is not one of this group's.")})
    feedback.full_clean()
    feedback.save()
    return feedback
