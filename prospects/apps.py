from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProspectsConfig(AppConfig):
    name = "prospects"
    verbose_name = _("Key accounts")

    def ready(self):
        from kam import history, search
        from prospects import groups, merging, models, panels, relationships
        from prospects.documents import register_profile_part
        from prospects.imports import (
            accounts,
            contacts,
            kinds,
            statements,
            transactions,
        )
        from prospects.search import KINDS

        history.register(models.Prospect, lookup=lambda pk: {"id": pk}, label="name")
        history.register(models.FinancialStatement, label="period")
        history.register(models.SalesProfile)
        history.register(models.Contact, label="name")
        history.register(models.PurchaseFactors)
        history.register(models.MonthlyTransaction, label="month")
        history.register(models.Competitor, label="name")
        history.register(models.Forecast)
        history.register(models.Advantage, label="aspect")

        for kind in (
            accounts.AccountsKind,
            contacts.ContactsKind,
            statements.StatementsKind,
            transactions.TransactionsKind,
        ):
            kinds.register(kind())
        for kind in KINDS:
            search.register(kind)
        panels.register("prospects/_merge_panel.html", merging.merge_panel, order=0)
        panels.register("prospects/_group_panel.html", groups.panel_context, order=5)
        register_profile_part(relationships.profile_part)
