"""The portal's own system checks (run with `manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


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
