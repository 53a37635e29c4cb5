from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from notifications import hand_over
        from prospects.moves import register_hand_over

        register_hand_over(hand_over.move_reminders)
