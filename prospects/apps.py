from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProspectsConfig(AppConfig):
    name = "prospects"
    verbose_name = _("Key accounts")

    def ready(self):
        from kam import history
        from prospects import groups, models, panels, relationships
        from prospects.documents import register_profile_part

        history.register(models.Prospect, lookup=lambda pk: {"id": pk}, label="name")
        history.register(models.FinancialStatement, label="period")
        history.register(models.SalesProfile)
        history.register(models.Contact, label="name")
        history.register(models.PurchaseFactors)
        history.register(models.MonthlyTransaction, label="month")
        history.register(models.Competitor, label="name")
        history.register(models.Forecast)
        history.register(models.Advantage, label="aspect")
        panels.register("prospects/_group_panel.html", groups.panel_context, order=5)
        register_profile_part(relationships.profile_part)
