"""Which database a read goes to."""

from django.conf import settings


def reports_database() -> str:
    """The alias that aggregate figures read from.

    A read replica ("reports", from REPORTS_DATABASE_URL) takes the heavy
    aggregations off the primary when one is configured; otherwise the
    primary serves them too.  Client pages always read the primary, so a
    worker sees what they have just saved.
    """
    return "reports" if "reports" in settings.DATABASES else "default"
