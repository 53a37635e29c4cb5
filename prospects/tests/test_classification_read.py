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
