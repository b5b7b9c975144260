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
