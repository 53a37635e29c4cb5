import pytest

from notifications import services
from notifications.models import Channel
from notifications.tests.robot_server import RobotServer


@pytest.fixture
def robots(settings):
    """The local server playing the three platforms, on a loopback host the
    administrator allowed (as KAM_WEBHOOK_HOSTS would), with a short timeout."""
    settings.KAM_WEBHOOK_HOSTS = [*settings.KAM_WEBHOOK_HOSTS, "127.0.0.1"]
    settings.KAM_WEBHOOK_TIMEOUT_SECONDS = 1
    with RobotServer() as server:
        yield server


@pytest.fixture
def add_robot(robots, manager):
    """A robot of ``team`` on the local server: (channel, the server's robot)."""

    def _add(kind, *, team=None, secret="", kinds=None, language="en", **options):
        url = robots.add(kind, secret=secret, **options)
        channel = services.channel_save(
            channel=Channel(
                team=team or manager.team,
                kind=kind,
                name=f"{kind} group",
                language=language,
            ),
            kinds=kinds or ["upcoming", "due", "overdue", "escalation"],
            address=url,
            secret=secret,
        )
        return channel, robots.robots[url.rsplit("=", 1)[-1].rsplit("/", 1)[-1]]

    return _add


@pytest.fixture
def scan(django_capture_on_commit_callbacks):
    """The scan at ``now`` (default: the clock), sending its e-mails and robot
    messages from this process once it commits. Robot messages are signed with the
    clock's time, as the platforms check it."""
    from django.utils import timezone

    from notifications import channels, reminders

    def _scan(now=None):
        with django_capture_on_commit_callbacks(execute=True):
            return reminders.dispatch(
                now or timezone.now(),
                enqueue=reminders.send_many,
                enqueue_robots=channels.send_many,
            )

    return _scan
