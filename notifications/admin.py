from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from notifications import channels, models, services, webhooks
from notifications.forms import WebhookEndpointForm


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


@admin.register(models.Channel)
class ChannelAdmin(admin.ModelAdmin):
    """Every team's robots; the address and secret stay sealed (edit them on the
    team's page, which never shows them either)."""

    list_display = ("name", "team", "kind", "host", "kinds", "last_attempt_at")
    list_filter = ("kind", "team")
    search_fields = ("name", "team__name")
    fields = (
        "team",
        "kind",
        "name",
        "host",
        "address_hint",
        "kinds",
        "language",
        "last_attempt_at",
        "last_answer",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False


@admin.register(models.ChannelDelivery)
class ChannelDeliveryAdmin(admin.ModelAdmin):
    """Where admins see the chat-robot messages that failed, and why; and retry."""

    list_display = (
        "account",
        "kind",
        "channel",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
    )
    list_filter = ("status", "channel__kind", "channel__team")
    search_fields = ("channel__name", "error")
    list_select_related = (
        "notification__follow_up__prospect",
        "notification__prospect",
        "channel",
    )
    readonly_fields = [
        f.name for f in models.ChannelDelivery._meta.fields if f.name != "claim"
    ]
    exclude = ("claim",)
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("key account"))
    def account(self, delivery):
        return delivery.notification.account

    @admin.display(description=_("kind"))
    def kind(self, delivery):
        return delivery.notification.get_kind_display()

    @admin.display(description=_("last error"))
    def last_error(self, delivery):
        return Truncator(delivery.error).chars(90)

    @admin.action(description=_("Send the chat-robot message again"))
    def retry(self, request, queryset):
        count = channels.OUTBOX.retry(queryset)
        self.message_user(
            request,
            _("%(count)s chat-robot messages will be retried by the next scan.")
            % {"count": count},
        )


@admin.register(models.WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    """Other systems that hear KAM's events: registered here by an administrator."""

    form = WebhookEndpointForm
    list_display = (
        "name",
        "host",
        "events",
        "active",
        "last_attempt_at",
        "last_answer",
    )
    list_filter = ("active",)
    search_fields = ("name", "host")
    fields = ("name", "url", "secret", "event_choices", "active")

    def save_model(self, request, obj, form, change):
        try:
            services.webhook_endpoint_save(
                endpoint=obj,
                events=form.cleaned_data["event_choices"],
                url=form.cleaned_data["url"],
                secret=form.cleaned_data["secret"],
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)


@admin.register(models.WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """Every event sent to another system: what failed and why; and retry."""

    list_display = (
        "event",
        "endpoint",
        "created_at",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
    )
    list_filter = ("status", "event", "endpoint")
    search_fields = ("delivery_id", "error", "key")
    list_select_related = ("endpoint",)
    readonly_fields = [
        f.name for f in models.WebhookDelivery._meta.fields if f.name != "claim"
    ]
    exclude = ("claim",)
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("last error"))
    def last_error(self, delivery):
        return Truncator(delivery.error).chars(90)

    @admin.action(description=_("Send the webhook again"))
    def retry(self, request, queryset):
        count = webhooks.OUTBOX.retry(queryset)
        self.message_user(
            request,
            _("%(count)s webhook deliveries will be retried by the next scan.")
            % {"count": count},
        )
