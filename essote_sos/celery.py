"""The Celery app of the portal.

Configuration comes from Django settings under the CELERY_ prefix
(essote_sos/settings.py).  Tasks are Django-aware: `task.delay_on_commit()`
enqueues only after the surrounding transaction has committed, so a worker
never looks for a row that is not there yet.  Every periodic task is declared
in BEAT_SCHEDULE below and nowhere else.
"""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "essote_sos.settings")

app = Celery("essote_sos", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The one place where periodic work is scheduled.  Run exactly one beat
# process per installation (docs/deployment.md).
BEAT_SCHEDULE = {
    "clear-expired-sessions": {
        "task": "accounts.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=15),
    },
    # The previous month's indicator reports, for every unit and area.
    "monthly-reports": {
        "task": "reports.tasks.monthly_reports",
        "schedule": crontab(day_of_month=1, hour=2, minute=30),
    },
    # The stored summary of figures (reports/summary.py): the previous and
    # the current month, before the monthly reports are built from it.
    "figures-summary": {
        "task": "reports.tasks.figures_summary_refresh",
        "schedule": crontab(hour=1, minute=45),
    },
    # Every month of this year and the previous one, on Sunday nights: late
    # entries into older months and clients' moves reach the summary within
    # a week (about 20 minutes at national scale, docs/performance.md).
    "figures-summary-sweep": {
        "task": "reports.tasks.figures_summary_refresh",
        "schedule": crontab(day_of_week="sunday", hour=3, minute=30),
        "kwargs": {"sweep": True},
    },
}
app.conf.beat_schedule = BEAT_SCHEDULE
