from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = _("Development and visits")

    def ready(self):
        from notifications.reminders import register_source
        from prospects import panels
        from prospects.documents import register_profile_part
        from visits import reminders
        from visits.selectors import account_panel, profile_part

        panels.register("visits/_account_panel.html", account_panel, order=10)
        register_source(reminders.SOURCE)
        register_profile_part(profile_part)
