"""Factories for key accounts and their analysis sections."""

from datetime import date
from decimal import Decimal

import factory

from accounts.tests.factories import UserFactory
from kam.tests.helpers import loaded_version  # noqa: F401  (used by the tests)
from prospects.models import (
    Advantage,
    Competitor,
    Contact,
    CustomerNature,
    FinancialStatement,
    Forecast,
    Industry,
    MonthlyTransaction,
    ProductCategory,
    Prospect,
    PurchaseFactors,
    Rating,
    SalesProfile,
    ServiceContent,
)


class LookupFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    name_en = factory.Sequence(lambda n: f"Lookup {n}")
    name_zh = factory.Sequence(lambda n: f"选项{n}")


class ProductCategoryFactory(LookupFactory):
    class Meta:
        model = ProductCategory


class CustomerNatureFactory(LookupFactory):
    class Meta:
        model = CustomerNature


class ServiceContentFactory(LookupFactory):
    class Meta:
        model = ServiceContent


class IndustryFactory(LookupFactory):
    class Meta:
        model = Industry


class ProspectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Prospect
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Account {n:04d}")
    owner = factory.SubFactory(UserFactory)
    team = factory.LazyAttribute(lambda p: p.owner.team)

    @factory.post_generation
    def colleagues(self, create, extracted, **kwargs):
        if create and extracted:
            self.colleagues.set(extracted)


class FinancialStatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinancialStatement

    prospect = factory.SubFactory(ProspectFactory)
    period = factory.Sequence(lambda n: str(2000 + n % 100))
    revenue = Decimal("1000.00")
    net_profit = Decimal("100.00")
    total_assets = Decimal("2000.00")
    current_assets = Decimal("800.00")
    current_liabilities = Decimal("400.00")
    accounts_receivable = Decimal("200.00")
    inventory = Decimal("150.00")
    cost_of_sales = Decimal("730.00")


class SalesProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SalesProfile

    prospect = factory.SubFactory(ProspectFactory)
    buyers = "Manufacturers in East China"
    buyer_gender = SalesProfile.BuyerGender.BUSINESSES
    marketing = "Direct sales and trade fairs"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    prospect = factory.SubFactory(ProspectFactory)
    name = factory.Sequence(lambda n: f"Contact {n}")
    position = "Purchasing director"
    purchase_role = Contact.PurchaseRole.DECISION_MAKER
    phone = "13800000000"
    personality = "Careful, wants data before deciding"
    pressures = "Must cut costs by 10% this year"
    interests = "Golf and tea"
    family_notes = "Daughter sits the gaokao this year"


class MonthlyTransactionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonthlyTransaction

    prospect = factory.SubFactory(ProspectFactory)
    month = factory.Sequence(lambda n: date(2000 + n // 12 % 26, n % 12 + 1, 1))
    our_sales = Decimal("100.00")
    purchase_volume = Decimal("1000.00")


class CompetitorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competitor

    prospect = factory.SubFactory(ProspectFactory)
    name = factory.Sequence(lambda n: f"Competitor {n}")
    risk = Competitor.Risk.MEDIUM


class ForecastFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forecast

    prospect = factory.SubFactory(ProspectFactory)
    expected_sales = Decimal("1000000.00")
    margin = Decimal("20.00")
    inventory_interest = Decimal("10000.00")
    staff_cost = Decimal("50000.00")
    travel_cost = Decimal("10000.00")
    management_cost = Decimal("30000.00")
    risk_coefficient = Decimal("20.00")


class PurchaseFactorsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PurchaseFactors

    prospect = factory.SubFactory(ProspectFactory)
    purchase_cost = Rating.NEUTRAL
    technical_content = Rating.FAVOURABLE
    policy_social = Rating.NEUTRAL


class AdvantageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Advantage

    prospect = factory.SubFactory(ProspectFactory)
    aspect = Advantage.Aspect.LOWER_COST
    note = "Uses 15% less energy"
    evidence = "Measured at a similar plant"
