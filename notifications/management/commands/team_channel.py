"""`manage.py team_channel add|list|test|remove`: a team's chat robots, scripted."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Team
from notifications import channels, robots, services
from notifications.http import DeliveryError
from notifications.models import KINDS, Channel


class Command(BaseCommand):
    help = (
        "Manage teams' chat robots (WeCom, DingTalk, Feishu): add one, list them, "
        "send one a test message, remove one."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser("add", help="Add a robot to a team.")
        add.add_argument("--team", required=True, help="The team's name.")
        add.add_argument("--kind", required=True, choices=sorted(robots.PLATFORMS))
        add.add_argument("--url", required=True, help="The robot's webhook address.")
        add.add_argument("--secret", default="", help="DingTalk/Feishu signing secret.")
        add.add_argument(
            "--kinds",
            default=",".join(KINDS.values),
            help="Reminder kinds it carries, comma-separated "
            f"(default: all of {', '.join(KINDS.values)}).",
        )
        add.add_argument("--name", help="What the group is called (default: the kind).")
        add.add_argument("--language", default="zh-hans", help="en or zh-hans.")
        actions.add_parser("list", help="List every team's robots.")
        for action, text in (("test", "Send a test message."), ("remove", "Remove.")):
            parser_ = actions.add_parser(action, help=text)
            parser_.add_argument("id", type=int)

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _add(self, *, team, kind, url, secret, kinds, name, language, **options):
        found = Team.objects.filter(name=team).first()
        if found is None:
            raise CommandError(f"No team is called {team!r}.")
        chosen = [item.strip() for item in kinds.split(",") if item.strip()]
        unknown = set(chosen) - set(KINDS.values)
        if unknown:
            raise CommandError(
                f"Unknown reminder kinds: {', '.join(sorted(unknown))}; "
                f"use {', '.join(KINDS.values)}."
            )
        channel = Channel(
            team=found,
            kind=kind,
            name=name or str(robots.platform(kind).LABEL),
            language=language,
        )
        try:
            services.channel_save(
                channel=channel, kinds=chosen, address=url, secret=secret
            )
        except ValidationError as error:
            raise CommandError(_messages(error)) from None
        self.stdout.write(f"Added robot {channel.pk}: {_line(channel)}")

    def _list(self, **options):
        found = Channel.objects.select_related("team")
        for channel in found:
            self.stdout.write(f"{channel.pk}\t{_line(channel)}")
        if not found:
            self.stdout.write("No chat robots.")

    def _test(self, *, id, **options):
        channel = self._channel(id)
        try:
            answer = channels.send_test(channel)
        except DeliveryError as error:
            raise CommandError(
                f"Robot {id} did not take the message: {error}"
            ) from None
        self.stdout.write(f"Robot {id} took the test message: {answer}")

    def _remove(self, *, id, **options):
        channel = self._channel(id)
        services.channel_delete(channel=channel)
        self.stdout.write(f"Removed robot {id} ({channel.name}).")

    def _channel(self, pk):
        channel = Channel.objects.select_related("team").filter(pk=pk).first()
        if channel is None:
            raise CommandError(f"No chat robot has id {pk}.")
        return channel


def _line(channel):
    """Never the address or secret: the host, the last characters, the kinds."""
    signed = "signed" if channel.has_secret else "unsigned"
    return (
        f"{channel.team.name}\t{channel.kind}\t{channel.name}\t"
        f"{channel.host} {channel.address_hint}\t{signed}\t{channel.kinds or '-'}"
    )


def _messages(error):
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{field}: {' '.join(messages)}"
            for field, messages in error.message_dict.items()
        )
    return " ".join(error.messages)
