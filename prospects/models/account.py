"""The key account (大客户) itself, and the base of every record kept under it."""

import functools

from django.conf import settings
from django.db import connections, models
from django.db.models import Value
from django.db.models.functions import Lower
from django.db.models.query import ModelIterable
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scoping import ScopedQuerySet
from kam.addresses import address
from kam.compiled import ANY, filled_in_turn
from kam.search import search_grams, search_text
from kam.versioning import VersionedModel
from prospects.identity import clean_credit_code, name_key, validate_credit_code
from prospects.models.common import (
    CustomerNature,
    Industry,
    ProductCategory,
    Progress,
    ServiceContent,
    long_text,
)
from prospects.models.group import GroupMember

#: What moves only through a service that bumps the version and writes the history
#: in the actor's name (prospects.services): never a bare UPDATE.
STATE_FIELDS = frozenset({"status", "stage", "owner", "owner_id", "team", "team_id"})
CLASSIFICATION = ("product_category", "customer_nature", "service_content", "industry")


class ClassifiedIterable(ModelIterable):
    """Accounts with their classification read in one query (read_classification)."""

    def __iter__(self):
        accounts = list(super().__iter__())
        read_classification(accounts)
        yield from accounts


class ProspectQuerySet(ScopedQuerySet):
    scope_team = "team"
    scope_people = ("owner", "colleagues")

    def update(self, **kwargs):
        moved = STATE_FIELDS & kwargs.keys()
        if moved:
            raise TypeError(
                f"{', '.join(sorted(moved))}: change an account's state through its "
                "service (prospect_set_status, prospect_advance_stage, prospect_save), "
                "which bumps the version and records who did it."
            )
        return super().update(**kwargs)

    def with_classification(self, *, single=False):
        # The lists are a handful of rows each: fetched apart, they keep a list's
        # query to three tables, which PostgreSQL plans in a fraction of the time.
        # For a single account (``single``) the four lists come in one query more,
        # a UNION of their rows: joined, the account's query took PostgreSQL
        # 2.5 ms to plan instead of 0.6.
        accounts = self.select_related("owner", "team")
        if single:
            accounts._iterable_class = ClassifiedIterable
            return accounts
        return accounts.prefetch_related(*CLASSIFICATION)

    def open(self):
        """Accounts still being worked: not won, lost or dormant."""
        return self.filter(status__in=Prospect.OPEN_STATUSES)


class Prospect(GroupMember, VersionedModel):
    """A current or potential key account (大客户) and the people working it."""

    class Status(models.TextChoices):
        POTENTIAL = "potential", _("Potential")
        DEVELOPING = "developing", _("Developing")
        WON = "won", _("Won (key account)")
        LOST = "lost", _("Lost")
        DORMANT = "dormant", _("Dormant")

    class Size(models.TextChoices):
        SMALL = "small", _("Fewer than 100 staff")
        MEDIUM = "medium", _("100–499 staff")
        LARGE = "large", _("500–1,999 staff")
        VERY_LARGE = "very_large", _("2,000 staff or more")

    class Verdict(models.TextChoices):
        UNDECIDED = "undecided", _("Not yet assessed")
        WORTH = "worth", _("Worth developing")
        NOT_WORTH = "not_worth", _("Not worth developing")

    class Quadrant(models.TextChoices):
        STRATEGIC = "strategic", _("Strategic: invest")
        DEVELOP = "develop", _("Develop: build our position")
        MAINTAIN = "maintain", _("Maintain: serve efficiently")
        STREAMLINE = "streamline", _("Streamline: minimal effort")

    OPEN_STATUSES = (Status.POTENTIAL, Status.DEVELOPING)

    name = models.CharField(_("name"), max_length=200)
    # The name as compared for duplicates (prospects.identity.name_key), kept in step
    # by save() so that a match is one indexed lookup.
    name_key = models.CharField(
        max_length=200, editable=False, db_index=True, default=""
    )
    # What the search box finds it by (kam.search): name, pinyin, initials, code.
    search_text = models.TextField(editable=False, default="")
    search_grams = models.TextField(editable=False, default="")
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
        help_text=_("The 18 characters of 统一社会信用代码 on the business licence."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.POTENTIAL
    )
    team = models.ForeignKey(
        "accounts.Team",
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        related_name="prospects",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="owned_prospects",
    )
    colleagues = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned colleagues"),
        blank=True,
        related_name="assigned_prospects",
    )
    product_category = models.ForeignKey(
        ProductCategory,
        verbose_name=_("product category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    customer_nature = models.ForeignKey(
        CustomerNature,
        verbose_name=_("customer nature"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    service_content = models.ForeignKey(
        ServiceContent,
        verbose_name=_("service content"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    industry = models.ForeignKey(
        Industry,
        verbose_name=_("industry"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    region = models.CharField(_("region"), max_length=100, blank=True)
    size = models.CharField(_("size"), max_length=20, choices=Size.choices, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    # Where the customer is: set by the first check-in there with a precise position
    # (prospects.services.prospect_locate), so later check-ins show their distance.
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    located_at = models.DateTimeField(_("location set"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = long_text(_("description"))
    product_sales_notes = long_text(
        _("product sales analysis"),
        blank=True,
        help_text=_("How our products sell through this customer."),
    )

    # The assessment, recomputed whenever an input changes (prospects.services),
    # stored so that lists can filter and sort by it.
    score = models.PositiveSmallIntegerField(
        _("attractiveness score"), null=True, blank=True, editable=False
    )
    position_score = models.PositiveSmallIntegerField(
        _("our position"), null=True, blank=True, editable=False
    )
    verdict = models.CharField(
        _("verdict"),
        max_length=20,
        choices=Verdict.choices,
        default=Verdict.UNDECIDED,
        editable=False,
    )
    quadrant = models.CharField(
        _("portfolio quadrant"),
        max_length=20,
        choices=Quadrant.choices,
        blank=True,
        editable=False,
    )
    stage = models.CharField(
        _("stage reached"),
        max_length=20,
        choices=Progress.choices,
        blank=True,
        editable=False,
        help_text=_("The furthest business progress logged for the account."),
    )

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ProspectQuerySet.as_manager()

    history = HistoricalRecords(
        excluded_fields=[
            "updated_at",
            "version",
            "name_key",
            "search_text",
            "search_grams",
            "group_root",
            "score",
            "position_score",
            "verdict",
            "quadrant",
        ]
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("key account")
        verbose_name_plural = _("key accounts")
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "team",
                name="prospects_unique_name_per_team",
                violation_error_message=_(
                    "Your team already has an account of this name."
                ),
            ),
            models.UniqueConstraint(
                "credit_code",
                condition=~models.Q(credit_code=""),
                name="prospects_unique_credit_code",
                violation_error_message=_(
                    "An account with this unified social credit code already exists."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["name"]),
            models.Index(fields=["team", "status"]),
            models.Index(fields=["owner", "status"]),
            models.Index(fields=["team", "score"]),
        ]

    def __str__(self):
        return self.name

    def clean_fields(self, exclude=None):
        self.credit_code = clean_credit_code(self.credit_code)
        super().clean_fields(exclude=exclude)

    #: What keep_derived() computes from the name and the credit code.
    DERIVED_FIELDS = {"name_key", "search_text", "search_grams"}

    def keep_derived(self):
        """Compute what lookups use from the name and the code. save() calls it;
        whoever bulk-creates accounts (the demo, an import) must call it first."""
        self.name_key = name_key(self.name)
        self.credit_code = clean_credit_code(self.credit_code)
        self.search_text = search_text(self.name, self.credit_code)
        self.search_grams = search_grams(self.search_text)

    def save(self, *args, **kwargs):
        self.keep_derived()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"name", "credit_code"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, *self.DERIVED_FIELDS}
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.clean_parent()

    def get_absolute_url(self):
        return address("prospects:detail", self.pk)

    @property
    def position(self):
        if self.latitude is None or self.longitude is None:
            return None
        return (self.latitude, self.longitude)

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    def team_members(self):
        """The people working the account: owner first, then assigned colleagues."""
        return [self.owner, *self.colleagues.exclude(pk=self.owner_id)]


def read_classification(accounts):
    """Set the classification of ``accounts`` from one query: a UNION ALL of the
    rows they name in each of the four lists."""
    named = {name: set() for name in CLASSIFICATION}
    for account in accounts:
        for name in CLASSIFICATION:
            if (pk := getattr(account, f"{name}_id")) is not None:
                named[name].add(pk)
    if not any(named.values()):
        return
    db = accounts[0]._state.db
    if all(len(ids) <= 1 for ids in named.values()):
        found = _one_of_each(db, [next(iter(ids), None) for ids in named.values()])
    else:
        found = _all_named(db, named)
    rows = {(name, row.pk): row for name, row in found}
    for account in accounts:
        for name in CLASSIFICATION:
            # A row removed since the account was read is left to the descriptor.
            if (row := rows.get((name, getattr(account, f"{name}_id")))) is not None:
                setattr(account, name, row)


#: What is read of a row of a classification list.
LIST_COLUMNS = ("id", "name_en", "name_zh", "active", "position")


def _union(parts):
    first, *others = [
        lists.objects.filter(pk__in=ids)
        .order_by()
        .values_list(Value(name, output_field=models.CharField()), *LIST_COLUMNS)
        for name, lists, ids in parts
    ]
    return first.union(*others, all=True)


def _all_named(db, named):
    lists = classification_lists()
    union = _union([(name, lists[name], ids) for name, ids in named.items() if ids])
    for name, *values in union.using(db):
        yield name, lists[name].from_db(db, LIST_COLUMNS, values)


def _one_of_each(db, ids):
    """The rows of ``ids``, one id (or None) a list in CLASSIFICATION's order, read
    by SQL compiled once per database: one account's classification, on every page
    of an account, where building the four-part UNION took longer than running it."""
    sql, params, converters = _one_of_each_sql(db)
    params = filled_in_turn(params, ids)
    lists = classification_lists()
    connection = connections[db]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    for name, *values in found:
        for position, convert in converters[name]:
            values[position] = convert(values[position], None, connection)
        yield name, lists[name].from_db(db, LIST_COLUMNS, values)


@functools.cache
def _one_of_each_sql(db):
    lists = classification_lists()
    union = _union([(name, lists[name], [ANY]) for name in CLASSIFICATION])
    sql, params = union.using(db).query.sql_with_params()
    connection = connections[db]
    converters = {}
    for name, model in lists.items():
        converters[name] = [
            (position, convert)
            for position, column in enumerate(LIST_COLUMNS)
            for col in [model._meta.get_field(column).get_col(model._meta.db_table)]
            for convert in connection.ops.get_db_converters(col) + col.get_db_converters(connection)
        ]  # fmt: skip
    return sql, params, converters


def classification_lists():
    """Each classification field of an account, with the list its values come from."""
    return {
        name: Prospect._meta.get_field(name).related_model for name in CLASSIFICATION
    }


class ProspectPartQuerySet(ScopedQuerySet):
    """Records under an account: visible exactly when the account is."""

    scope_team = "prospect__team"
    scope_people = ("prospect__owner", "prospect__colleagues")


class ProspectPart(VersionedModel):
    prospect = models.ForeignKey(
        Prospect, verbose_name=_("key account"), on_delete=models.CASCADE
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ProspectPartQuerySet.as_manager()

    class Meta:
        abstract = True
