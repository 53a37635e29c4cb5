"""A single account's classification comes in one query over the four lists,
beside the account's own (joined, they made PostgreSQL plan for 2.5 ms)."""

from prospects.models import (
    CustomerNature,
    Industry,
    ProductCategory,
    Prospect,
    ServiceContent,
)
from prospects.tests.factories import ProspectFactory


def test_the_four_lists_are_read_in_one_query(rep, django_assert_num_queries):
    classified = ProspectFactory(
        owner=rep,
        product_category=ProductCategory.objects.create(name_en="Pumps", name_zh="泵"),
        customer_nature=CustomerNature.objects.create(name_en="Maker", name_zh="制造"),
        service_content=ServiceContent.objects.create(name_en="Repair", name_zh="维修"),
        industry=Industry.objects.create(name_en="Textiles", name_zh="纺织"),
    )
    with django_assert_num_queries(2):
        account = Prospect.objects.with_classification(single=True).get(
            pk=classified.pk
        )
        names = [
            str(account.product_category),
            str(account.customer_nature),
            str(account.service_content),
            str(account.industry),
            str(account.owner),
        ]
    assert names[:4] == ["Pumps", "Maker", "Repair", "Textiles"]
    assert account.product_category.pk == classified.product_category_id


def test_an_account_without_a_classification_costs_no_query_more(
    rep, django_assert_num_queries
):
    plain = ProspectFactory(
        owner=rep,
        product_category=None,
        customer_nature=None,
        service_content=None,
        industry=None,
    )
    with django_assert_num_queries(1):
        account = Prospect.objects.with_classification(single=True).get(pk=plain.pk)
        assert account.product_category is None
        assert account.industry is None


def _fields(row):
    return {f.attname: getattr(row, f.attname) for f in type(row)._meta.concrete_fields}


def test_one_account_s_lists_are_the_rows_as_the_orm_reads_them(
    rep, django_assert_num_queries
):
    """Read by SQL compiled once: each value as the ORM gives it (a tick a bool
    on SQLite too), some lists left empty, and another account read the same way."""
    retired = Industry.objects.create(
        name_en="Looms", name_zh="织机", active=False, position=7
    )
    nature = CustomerNature.objects.create(name_en="Dealer", name_zh="经销", position=3)
    empty = {"product_category": None, "service_content": None}
    first = ProspectFactory(owner=rep, industry=retired, customer_nature=nature, **empty)  # fmt: skip
    second = ProspectFactory(owner=rep, industry=None, customer_nature=nature, **empty)  # fmt: skip
    read = {}
    for account in (first, second):
        with django_assert_num_queries(2):
            read[account] = Prospect.objects.with_classification(single=True).get(pk=account.pk)  # fmt: skip
    assert _fields(read[first].industry) == _fields(Industry.objects.get(pk=retired.pk))
    assert read[first].industry.active is False
    for account in (first, second):
        assert _fields(read[account].customer_nature) == _fields(CustomerNature.objects.get(pk=nature.pk))  # fmt: skip
        assert read[account].customer_nature.active is True
        assert read[account].product_category is None
        assert read[account].service_content is None
    assert read[second].industry is None


def test_accounts_of_a_list_share_its_rows_in_one_query(rep, django_assert_num_queries):
    pumps = ProductCategory.objects.create(name_en="Pumps", name_zh="泵")
    valves = ProductCategory.objects.create(name_en="Valves", name_zh="阀")
    for category in (pumps, valves, pumps):
        ProspectFactory(owner=rep, product_category=category)
    with django_assert_num_queries(2):
        accounts = list(
            Prospect.objects.filter(owner=rep).with_classification(single=True).order_by("pk")
        )  # fmt: skip
        assert [str(a.product_category) for a in accounts] == [
            "Pumps",
            "Valves",
            "Pumps",
        ]
