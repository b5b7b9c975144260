"""Background work of the accounts app (thin: the work is in Django)."""

from celery import shared_task
from django.core import management


@shared_task(ignore_result=True)
def clear_expired_sessions() -> None:
    """Delete expired sessions; scheduled daily in essote_sos/celery.py."""
    management.call_command("clearsessions")
