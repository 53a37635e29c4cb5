from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = _("Development and visits")

    def ready(self):
        from kam import history, search
        from notifications.reminders import register_source
        from prospects import panels
        from prospects.documents import register_profile_part
        from prospects.groups import register_rollup
        from prospects.moves import register_hand_over
        from visits import hand_over, models, reminders
        from visits.group_figures import group_figures
        from visits.search import KIND as SEARCH_KIND
        from visits.selectors import account_panel, profile_part

        panels.register("visits/_account_panel.html", account_panel, order=10)
        register_rollup("visits/_group_figures.html", group_figures, order=10)
        register_source(reminders.SOURCE)
        register_profile_part(profile_part)
        register_hand_over(hand_over.move_open_work)
        search.register(SEARCH_KIND)
        history.register(models.FirstContact, label="contacted_at")
        history.register(models.Visit, label="planned_at")
        history.register(models.FollowUp, label="due_at")
        history.register(models.VisitPreparation, lookup=_preparations_of)


def _preparations_of(account_id):
    """A visit's preparation belongs to the account through its visit."""
    from kam.history import copies
    from visits.models import Visit

    return {"visit_id__in": copies(Visit).filter(prospect_id=account_id).values("id")}
