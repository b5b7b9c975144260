"""The portal's own system checks (run with `manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def secret_key_from_environment(app_configs, **kwargs):
    """Several web nodes must share one key: it has to come from the environment."""
    if getattr(settings, "SECRET_KEY_SOURCE", "environment") == "environment":
        return []
    return [
        Warning(
            "SECRET_KEY is read from a file created on this machine.",
            hint="Set SECRET_KEY in the environment of every web node and worker.",
            id="essote_sos.W001",
        )
    ]


@register(Tags.security, deploy=True)
def identity_code_keys_from_environment(app_configs, **kwargs):
    """Derived keys change with SECRET_KEY and would lock the codes away."""
    if not getattr(settings, "IDENTITY_CODE_KEYS_DERIVED", False):
        return []
    return [
        Warning(
            "The identity-code encryption and HMAC keys are derived from SECRET_KEY.",
            hint="Set IDENTITY_CODE_ENCRYPTION_KEYS (Fernet keys) and "
            "IDENTITY_CODE_HMAC_KEY in the environment, and back them up.",
            id="essote_sos.W002",
        )
    ]


@register(Tags.security, deploy=True)
def two_factor_required(app_configs, **kwargs):
    """Two-factor login may be off in the one-machine demo only."""
    if getattr(settings, "TWO_FACTOR_REQUIRED", True):
        return []
    return [
        Error(
            "Two-factor login is turned off (TWO_FACTOR_REQUIRED=false).",
            hint="Remove TWO_FACTOR_REQUIRED from the environment: production "
            "requires two-factor login for every account.",
            id="essote_sos.E001",
        )
    ]


@register(Tags.security, deploy=True)
def two_factor_keys_from_environment(app_configs, **kwargs):
    """Derived keys change with SECRET_KEY, and every user would have to enrol again."""
    if not getattr(settings, "TWO_FACTOR_KEYS_DERIVED", False):
        return []
    return [
        Warning(
            "The encryption keys of two-factor secrets are derived from SECRET_KEY.",
            hint="Set TWO_FACTOR_ENCRYPTION_KEYS (Fernet keys) in the environment, "
            "and back them up.",
            id="essote_sos.W003",
        )
    ]


@register(Tags.security, deploy=True)
def session_limits(app_configs, **kwargs):
    """The idle limit must come before the absolute one, and neither may be off."""
    idle = getattr(settings, "SESSION_IDLE_TIMEOUT", 0)
    absolute = getattr(settings, "SESSION_ABSOLUTE_TIMEOUT", 0)
    if 0 < idle <= absolute <= 24 * 3600:
        return []
    return [
        Warning(
            "The session limits are off or out of order.",
            hint="Set 0 < SESSION_IDLE_TIMEOUT <= SESSION_ABSOLUTE_TIMEOUT <= 86400 seconds.",
            id="essote_sos.W004",
        )
    ]
