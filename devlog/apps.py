from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevlogConfig(AppConfig):
    name = "devlog"
    verbose_name = _("Development log and outcomes")

    def ready(self):
        from devlog import imports, models
        from devlog import reminders as approach_again
        from devlog.group_figures import group_figures
        from devlog.search import KIND as SEARCH_KIND
        from devlog.selectors import account_panel
        from kam import history, search
        from notifications.reminders import register_source
        from prospects import panels
        from prospects.groups import register_rollup
        from prospects.imports import kinds

        # Loads on its own: the record's summary and recent changes read every
        # contact and history table of the account.
        panels.register(
            "devlog/_account_panel.html",
            account_panel,
            order=20,
            name="record",
            title=_("Development record"),
        )
        register_rollup("devlog/_group_figures.html", group_figures, order=20)
        register_source(approach_again.SOURCE)
        history.register(models.DevelopmentEntry, label="occurred_at")
        history.register(models.Outcome, label="result")
        kinds.register(imports.EntriesKind())
        search.register(SEARCH_KIND)
