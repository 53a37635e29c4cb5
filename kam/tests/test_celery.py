from django.conf import settings

from kam.celery import app


def test_celery_reads_django_settings_and_speaks_json_only():
    assert app.conf.broker_url == settings.CELERY_BROKER_URL
    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]
    assert app.conf.timezone == settings.TIME_ZONE


def test_every_task_has_a_time_limit():
    assert 0 < app.conf.task_soft_time_limit < app.conf.task_time_limit
