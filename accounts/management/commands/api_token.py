"""``python manage.py api_token create USERNAME --name NAME``: a new personal API
token, printed once (for scripts and operators); ``api_token list USERNAME``."""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import ApiToken, User
from accounts.services import api_token_create


class Command(BaseCommand):
    help = "Create (and print once) or list a user's personal API tokens."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Make a token and print it once.")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="What will use it.")
        listing = actions.add_parser("list", help="A user's tokens (never the token).")
        listing.add_argument("username")

    def handle(self, *args, action, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None or not user.is_active:
            raise CommandError(f"No active user named {username!r}.")
        if action == "list":
            for token in ApiToken.objects.filter(user=user):
                state = "revoked" if token.revoked_at else "active"
                used = token.last_used_at.isoformat() if token.last_used_at else "never"
                self.stdout.write(
                    f"{token.pk}\t{token.prefix}…\t{state}\tlast used {used}\t{token.name}"
                )
            return
        if not options["name"].strip():
            raise CommandError("Give the token a --name.")
        row, token = api_token_create(user=user, name=options["name"])
        self.stderr.write(
            f"Token {row.name!r} for {user.username}; it is shown only this once:"
        )
        self.stdout.write(token)
