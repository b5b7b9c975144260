"""Two-factor login: a TOTP authenticator app and single-use recovery codes.

Every member of staff logs in with a password and then a code (RFC 6238 TOTP,
30-second steps, six digits) from an authenticator app, or with one of ten
recovery codes printed at enrolment.  Built on django-otp's device API
(`django_otp.login`, `verify_token`, throttling), with two things django-otp's
own TOTP plugin does not do:

* the TOTP secret is stored encrypted (Fernet, `settings.TWO_FACTOR_ENCRYPTION_KEYS`:
  the first key encrypts, all decrypt, as the identity codes' keys in
  clients/crypto.py), so a copy of the database alone does not give anyone
  the codes;
* recovery codes are stored only as keyed hashes (HMAC-SHA256 under
  SECRET_KEY, bound to the user), and each works once: using one is a
  conditional UPDATE, so two requests cannot both spend it.

A code is refused if its time step is not later than the last one accepted
(`last_t`), so a code seen over someone's shoulder cannot be replayed, and
wrong codes slow the next try down exponentially (django-otp's
ThrottlingMixin).  A user has at most one TOTP device; an administrator's
reset (`two_factor_reset`) removes it with the recovery codes and ends the
user's sessions, so they enrol again at their next login.  A user with a new
phone, or who has lost theirs and logged in with a recovery code, replaces
the app themselves (`totp_device_replace`): their password and a code from
the new app swap the device, make new recovery codes and end their other
sessions.
"""

import base64
import logging
import secrets
import time
from functools import lru_cache

import segno
from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.oath import TOTP

security_log = logging.getLogger("essote_sos.security")

TOTP_KEY_BYTES = 20  # 160 bits, as RFC 4226 recommends for HMAC-SHA1
TOTP_STEP = 30
TOTP_DIGITS = 6
# One step either way is accepted, for phones whose clocks are a little off.
TOTP_TOLERANCE = 1

# Recovery codes: 12 characters of an alphabet without look-alikes (no 0/o,
# 1/l/i), about 59 bits each, shown as xxxx-xxxx-xxxx.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_CODE_LENGTH = 12


# --- Encryption of the TOTP secret -------------------------------------------


@lru_cache(maxsize=8)
def _multi_fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def _fernet() -> MultiFernet:
    # Cached on the keys themselves, so overridden settings take effect at once.
    return _multi_fernet(tuple(settings.TWO_FACTOR_ENCRYPTION_KEYS))


def encrypt_totp_key(key: bytes) -> str:
    return _fernet().encrypt(key).decode()


def decrypt_totp_key(token: str) -> bytes:
    """The secret; raises ``cryptography.fernet.InvalidToken`` if no key fits."""
    return _fernet().decrypt(token.encode())


# --- Models ------------------------------------------------------------------


class StaffTOTPDevice(TimestampMixin, ThrottlingMixin, Device):
    """A user's authenticator app.  Unconfirmed until the user has entered
    one code from it at enrolment; only a confirmed device verifies a login."""

    encrypted_key = models.TextField(
        _("encrypted secret"), help_text=_("The TOTP secret, encrypted with Fernet.")
    )
    step = models.PositiveSmallIntegerField(default=TOTP_STEP)
    digits = models.PositiveSmallIntegerField(default=TOTP_DIGITS)
    tolerance = models.PositiveSmallIntegerField(default=TOTP_TOLERANCE)
    drift = models.SmallIntegerField(
        default=0, help_text=_("Time steps the app is known to be off from the server's clock.")
    )
    last_t = models.BigIntegerField(
        default=-1,
        help_text=_("Time step of the last accepted code; a code must come from a later one."),
    )

    class Meta:
        ordering = ["user", "-created_at"]
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")
        constraints = [
            models.UniqueConstraint(fields=["user"], name="one_totp_device_per_user"),
        ]

    @property
    def secret(self) -> bytes:
        return decrypt_totp_key(self.encrypted_key)

    @property
    def secret_base32(self) -> str:
        """The secret as an authenticator app's manual entry takes it."""
        return base64.b32encode(self.secret).decode().rstrip("=")

    def totp(self) -> TOTP:
        totp = TOTP(self.secret, self.step, 0, self.digits, self.drift)
        totp.time = time.time()
        return totp

    def config_url(self) -> str:
        """The otpauth:// address that the QR code carries."""
        from urllib.parse import quote, urlencode

        issuer = settings.TWO_FACTOR_ISSUER.replace(":", "")
        label = quote(f"{issuer}:{self.user.get_username()}")
        query = urlencode(
            {
                "secret": self.secret_base32,
                "issuer": issuer,
                "algorithm": "SHA1",
                "digits": self.digits,
                "period": self.step,
            }
        )
        return f"otpauth://totp/{label}?{query}"

    def verify_token(self, token) -> bool:
        allowed, _reason = self.verify_is_allowed()
        if not allowed:
            return False
        token = str(token).strip().replace(" ", "")
        if not (token.isdigit() and len(token) == self.digits):
            self.throttle_increment(commit=True)
            return False
        totp = self.totp()
        if totp.verify(int(token), self.tolerance, self.last_t + 1):
            self.last_t = totp.t()
            self.drift = totp.drift
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save()
            return True
        self.throttle_increment(commit=True)
        return False

    def get_throttle_factor(self) -> int:
        return settings.OTP_TOTP_THROTTLE_FACTOR


class RecoveryCodeDevice(ThrottlingMixin, Device):
    """The set of a user's recovery codes, as one django-otp device."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["user"]
        verbose_name = _("recovery codes")
        verbose_name_plural = _("recovery codes")
        constraints = [
            models.UniqueConstraint(fields=["user"], name="one_recovery_code_set_per_user"),
        ]

    def verify_token(self, token) -> bool:
        allowed, _reason = self.verify_is_allowed()
        if not allowed:
            return False
        code = normalise_recovery_code(str(token))
        used = 0
        if len(code) == RECOVERY_CODE_LENGTH:
            # Conditional UPDATE: of two requests with the same code, one wins.
            used = self.codes.filter(
                code_hash=recovery_code_hash(self.user_id, code), used_at__isnull=True
            ).update(used_at=timezone.now())
        if used:
            self.throttle_reset(commit=True)
            return True
        self.throttle_increment(commit=True)
        return False

    def get_throttle_factor(self) -> int:
        return settings.OTP_TOTP_THROTTLE_FACTOR

    def remaining(self) -> int:
        return self.codes.filter(used_at__isnull=True).count()


class RecoveryCode(models.Model):
    """One recovery code, kept only as a keyed hash."""

    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["device", "pk"]
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
        constraints = [
            models.UniqueConstraint(fields=["device", "code_hash"], name="recovery_code_unique"),
        ]

    def __str__(self) -> str:
        return f"recovery code {self.pk}"


# --- Recovery codes ------------------------------------------------------------


def normalise_recovery_code(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def recovery_code_hash(user_id: int, code: str) -> str:
    """HMAC-SHA256 of the code, bound to the user, under SECRET_KEY."""
    return salted_hmac(
        "accounts.two_factor.recovery-code", f"{user_id}:{code}", algorithm="sha256"
    ).hexdigest()


def _new_recovery_code() -> str:
    return "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))


def format_recovery_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


# --- Services --------------------------------------------------------------------


def has_confirmed_device(user) -> bool:
    return StaffTOTPDevice.objects.filter(user=user, confirmed=True).exists()


def session_is_verified(request) -> bool:
    """Whether this session has passed the second factor.

    django_otp.login() stores the verifying device's id in the session, which
    only the server can write; an administrator's reset ends the user's
    sessions, so a stored id never outlives the device.
    """
    return bool(request.session.get(DEVICE_ID_SESSION_KEY))


@transaction.atomic
def totp_device_start(*, user) -> StaffTOTPDevice:
    """The user's unconfirmed device for enrolment, with a new secret the
    first time; the same one on a reload, so a scanned QR code stays valid."""
    device = StaffTOTPDevice.objects.select_for_update().filter(user=user).first()
    if device is None:
        device = StaffTOTPDevice.objects.create(
            user=user,
            name=str(_("Authenticator app")),
            confirmed=False,
            encrypted_key=encrypt_totp_key(secrets.token_bytes(TOTP_KEY_BYTES)),
        )
    return device


@transaction.atomic
def totp_device_confirm(*, request, device: StaffTOTPDevice, token: str) -> list[str] | None:
    """Confirm enrolment with a code from the app.

    On success the device is confirmed, the session is verified, and new
    recovery codes are returned (in plain text, this once); a wrong code
    returns None.
    """
    device = StaffTOTPDevice.objects.select_for_update().get(pk=device.pk)
    if device.confirmed or device.user_id != request.user.pk or not device.verify_token(token):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_generate(user=request.user)
    otp_login(request, device)
    security_log.info("two-factor enrolment completed by user id=%s", request.user.pk)
    return codes


# The new app's secret while the user replaces their app, encrypted, in the
# session (stored on the server) until a code from the app confirms it.
REPLACEMENT_KEY_SESSION = "two_factor_replacement_key"


def totp_replacement_device(request) -> StaffTOTPDevice:
    """The app being added in place of the user's current one, not saved:
    a new secret the first time, the same one on a reload (so a scanned QR
    code stays valid), kept in the session until the replacement is done."""
    encrypted = request.session.get(REPLACEMENT_KEY_SESSION)
    if encrypted is None:
        encrypted = encrypt_totp_key(secrets.token_bytes(TOTP_KEY_BYTES))
        request.session[REPLACEMENT_KEY_SESSION] = encrypted
    return StaffTOTPDevice(
        user=request.user, name=str(_("Authenticator app")), encrypted_key=encrypted
    )


@transaction.atomic
def totp_device_replace(*, request, token: str) -> list[str] | None:
    """Replace the user's authenticator app with the one being added
    (totp_replacement_device), once a code from the new app is right.

    The old app stops working, this session is verified with the new one,
    the recovery codes are replaced (the old ones may have been kept with a
    lost phone) and every other session of the user ends.  Returns the new
    recovery codes (in plain text, this once); a wrong code returns None and
    changes nothing.  The caller has checked the user's password."""
    from accounts.user_sessions import user_sessions_end_all

    user = request.user
    added = totp_replacement_device(request)
    totp = added.totp()
    token = str(token).strip().replace(" ", "")
    if not (token.isdigit() and len(token) == added.digits):
        return None
    if not totp.verify(int(token), added.tolerance):
        return None
    StaffTOTPDevice.objects.select_for_update().filter(user=user).delete()
    added.confirmed = True
    added.last_t, added.drift = totp.t(), totp.drift
    added.save()
    del request.session[REPLACEMENT_KEY_SESSION]
    codes = recovery_codes_generate(user=user)
    otp_login(request, added)
    user_sessions_end_all(user=user, keep_session_key=request.session.session_key)
    security_log.warning("authenticator app replaced by user id=%s", user.pk)
    return codes


@transaction.atomic
def recovery_codes_generate(*, user) -> list[str]:
    """Replace the user's recovery codes with new ones; returns them formatted."""
    device, _created = RecoveryCodeDevice.objects.get_or_create(
        user=user, defaults={"name": str(_("Recovery codes"))}
    )
    device.codes.all().delete()
    codes = set()
    while len(codes) < settings.TWO_FACTOR_RECOVERY_CODE_COUNT:
        codes.add(_new_recovery_code())
    RecoveryCode.objects.bulk_create(
        RecoveryCode(device=device, code_hash=recovery_code_hash(user.pk, code)) for code in codes
    )
    security_log.info("recovery codes generated for user id=%s", user.pk)
    return [format_recovery_code(code) for code in sorted(codes)]


class VerifyResult:
    OK = "ok"
    WRONG = "wrong"
    THROTTLED = "throttled"


def two_factor_verify(*, request, token: str) -> tuple[str, object]:
    """Check a code from the app or a recovery code for the logged-in user.

    Returns (result, detail): on success the session is verified; when the
    user has tried too many wrong codes, detail is when they may try again.
    """
    user = request.user
    token = (token or "").strip()
    compact = token.replace(" ", "")
    with transaction.atomic():
        if compact.isdigit() and len(compact) == TOTP_DIGITS:
            device = (
                StaffTOTPDevice.objects.select_for_update()
                .filter(user=user, confirmed=True)
                .first()
            )
        else:
            device = (
                RecoveryCodeDevice.objects.select_for_update()
                .filter(user=user, confirmed=True)
                .first()
            )
        if device is None:
            return VerifyResult.WRONG, None
        allowed, detail = device.verify_is_allowed()
        if not allowed:
            return VerifyResult.THROTTLED, (detail or {}).get("locked_until")
        if not device.verify_token(compact):
            security_log.warning(
                "wrong two-factor code for user id=%s (%s)", user.pk, device.model_label()
            )
            return VerifyResult.WRONG, None
    otp_login(request, device)
    if isinstance(device, RecoveryCodeDevice):
        security_log.warning("recovery code used by user id=%s", user.pk)
    return VerifyResult.OK, device


@transaction.atomic
def two_factor_reset(*, user, by) -> None:
    """An administrator's reset: the user's app and recovery codes are
    removed and their sessions ended, so they enrol again at next login."""
    from accounts.user_sessions import user_sessions_end_all

    StaffTOTPDevice.objects.filter(user=user).delete()
    RecoveryCodeDevice.objects.filter(user=user).delete()
    user_sessions_end_all(user=user)
    security_log.warning("two-factor login reset for user id=%s by user id=%s", user.pk, by.pk)


def qr_code_svg(data: str) -> str:
    """The QR code as inline SVG (no script, no style attribute, no network)."""
    return segno.make(data, error="m").svg_inline(scale=5, dark="#000", light="#fff")
