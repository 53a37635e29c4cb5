"""What makes the app maintainable and tested: admins keep the failure reasons,
and `make test` (plain `pytest`) runs this suite."""

import configparser
from pathlib import Path

from django.conf import settings
from django.contrib import admin
from django.urls import reverse

from devlog.models import DevelopmentEntry, FailureReason, Outcome


def test_an_admin_maintains_the_failure_reasons(client, admin_user):
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:devlog_failurereason_add"),
        {"name_en": "Delivery times", "name_zh": "交期", "position": 8, "active": "on"},
    )

    assert response.status_code == 302
    assert FailureReason.objects.filter(name_zh="交期").exists()
    assert admin.site.is_registered(Outcome)
    assert admin.site.is_registered(DevelopmentEntry)


def test_plain_pytest_collects_the_devlog_suite():
    config = configparser.ConfigParser()
    config.read(Path(settings.BASE_DIR) / "pytest.ini")

    assert "devlog" in config["pytest"]["testpaths"].split()
