"""The Celery app: its configuration, and a task on a real worker that runs
only after the transaction that enqueued it has committed."""

import pytest
from celery import shared_task
from celery.signals import before_task_publish
from django.conf import settings
from django.db import transaction

from accounts.models import User
from essote_sos.celery import BEAT_SCHEDULE, app


@shared_task
def user_exists(username: str) -> bool:
    """Test task: sees a row only if its transaction has committed."""
    return User.objects.filter(username=username).exists()


def test_configuration_keeps_tasks_safe():
    conf = app.conf
    assert conf.task_serializer == "json" and conf.accept_content == ["json"]
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.task_soft_time_limit < conf.task_time_limit
    assert conf.broker_transport_options["visibility_timeout"] > conf.task_time_limit
    assert conf.result_expires > 0
    assert app.task_cls == "celery.contrib.django.task:DjangoTask"


def test_without_a_broker_tasks_run_in_process():
    # make test sets a broker, but the settings module decides eagerness from
    # it; the one-machine default is checked in test_settings.py.
    assert settings.CELERY_TASK_ALWAYS_EAGER is (not settings.CELERY_BROKER_URL)


def test_every_scheduled_task_exists():
    app.loader.import_default_modules()
    for entry in BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks, entry["task"]


@pytest.fixture
def published():
    ids = []

    def remember(sender=None, headers=None, **kwargs):
        ids.append(headers["id"])

    before_task_publish.connect(remember, weak=False)
    yield ids
    before_task_publish.disconnect(remember)


@pytest.mark.django_db(transaction=True)
def test_task_runs_on_a_real_worker_only_after_commit(celery_app, celery_worker, published):
    with transaction.atomic():
        user = User.objects.create(username="commit-test", role="administrator")
        user_exists.delay_on_commit(user.username)
        assert published == [], "the task was sent before the commit"
    assert len(published) == 1
    result = celery_app.AsyncResult(published[0])
    assert result.get(timeout=20) is True


@pytest.mark.django_db(transaction=True)
def test_task_of_a_rolled_back_transaction_is_never_sent(celery_app, celery_worker, published):
    with pytest.raises(RuntimeError), transaction.atomic():
        user_exists.delay_on_commit("never")
        raise RuntimeError("roll back")
    assert published == []
