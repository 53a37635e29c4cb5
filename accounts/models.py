from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _


class Team(models.Model):
    """A key-account development team (大客户小组): one manager and their staff."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self):
        return self.name

    @property
    def manager(self):
        return self.members.filter(role=Role.MANAGER).first()


class Role(models.TextChoices):
    REP = "rep", _("Sales rep")
    SUPERVISOR = "supervisor", _("KA supervisor")
    MANAGER = "manager", _("KA manager")
    ADMIN = "admin", _("Administrator")


class KamUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A member of staff. The role decides which records they see (accounts.scoping)."""

    first_name = None
    last_name = None
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.REP
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Used for pages after sign-in and for e-mails."),
    )

    # Chat robots @-mention a person by the mobile number their group knows them by
    # (DingTalk's atMobiles, WeCom's mentioned_mobile_list), and only if they gave one.
    mobile = models.CharField(
        _("mobile number"),
        max_length=11,
        blank=True,
        validators=[
            RegexValidator(
                r"^1[3-9][0-9]{9}$",
                _("Enter an 11-digit mainland China mobile number, e.g. 13800001111."),
            )
        ],
        help_text=_(
            "Optional. Your team's chat robot @-mentions you by this number when a "
            "follow-up is escalated."
        ),
    )

    objects = KamUserManager()

    REQUIRED_FIELDS = ["email"]

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                fields=["team"],
                condition=Q(role=Role.MANAGER),
                name="accounts_one_manager_per_team",
                violation_error_message=_("This team already has a manager."),
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.MANAGER) | Q(team__isnull=False),
                name="accounts_manager_has_team",
                violation_error_message=_("A KA manager must belong to a team."),
            ),
        ]

    #: The columns a person's name is shown from: lists of records read these of
    #: the people they name, not the whole row.
    NAME_FIELDS = ("full_name", "username")

    @classmethod
    def names_at(cls, path):
        """``NAME_FIELDS`` of the person a query reaches at ``path`` (for ``only()``)."""
        return tuple(f"{path}__{name}" for name in cls.NAME_FIELDS)

    @classmethod
    def name_at(cls, path):
        """The name of the person a query reaches at ``path``, as ``str()`` shows
        it, computed in SQL: for lists long enough that a row costs more as the
        person's object than as their name."""
        return Coalesce(
            NullIf(F(f"{path}__full_name"), Value("")), F(f"{path}__username")
        )

    def __str__(self):
        return self.full_name or self.username

    def get_full_name(self):
        return self.full_name or self.username

    def get_short_name(self):
        return self.get_full_name()

    @property
    def sees_everything(self):
        return self.role == Role.ADMIN

    @property
    def is_manager(self):
        return self.role == Role.MANAGER

    @property
    def oversees_a_team(self):
        """A KA manager or an administrator: sees team figures, hands accounts over."""
        return self.is_manager or self.sees_everything

    def manages(self, team_id):
        """Chairs the team's meetings, waives its preparations: its manager, or an admin."""
        return self.sees_everything or (self.is_manager and self.team_id == team_id)

    @property
    def is_supervisor_or_above(self):
        """The playbook: visits are led by KA supervisor level or above."""
        return self.role in (Role.SUPERVISOR, Role.MANAGER, Role.ADMIN)


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A personal token for the REST API (``Authorization: Token <token>``).

    Only its SHA-256 digest is kept: the token itself is shown once, when it is
    made (``accounts.services.api_token_create``). Tokens are 256 random bits, so
    an unsalted digest is as good as a password hash and can be looked up.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(
        _("name"),
        max_length=80,
        help_text=_("What uses it, e.g. “ERP sync” or “BI report”."),
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    #: The first characters, for people to recognise the token by.
    prefix = models.CharField(_("starts with"), max_length=12, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self):
        return self.revoked_at is None
