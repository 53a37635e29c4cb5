from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from notifications import models


@admin.register(models.Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Where admins see reminder e-mails that failed, and why."""

    list_display = (
        "follow_up",
        "kind",
        "recipient",
        "created_at",
        "email_status",
        "email_attempts",
        "email_error",
    )
    list_filter = ("email_status", "kind")
    search_fields = ("recipient__username", "email_error")
    raw_id_fields = ("follow_up",)
    readonly_fields = [f.name for f in models.Notification._meta.fields]
    actions = ["retry_email"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Send the e-mail again"))
    def retry_email(self, request, queryset):
        count = queryset.filter(email_status=models.Notification.Email.FAILED).update(
            email_status=models.Notification.Email.PENDING,
            email_attempts=0,
            email_enqueued_at=None,
        )
        self.message_user(
            request,
            _("%(count)s e-mails will be retried by the next scan.") % {"count": count},
        )


@admin.register(models.ReminderSettings)
class ReminderSettingsAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return not models.ReminderSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
