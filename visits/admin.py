from django.contrib import admin

from visits import models


@admin.register(models.MethodMeeting)
class MethodMeetingAdmin(admin.ModelAdmin):
    list_display = ("held_on", "team", "called_by", "status")
    list_filter = ("team", "status")
    filter_horizontal = ("attendees", "prospects")


@admin.register(models.FirstContact)
class FirstContactAdmin(admin.ModelAdmin):
    list_display = ("prospect", "channel", "contacted_at", "made_by")
    list_filter = ("channel",)
    search_fields = ("prospect__name",)
    raw_id_fields = ("prospect", "contact")


class FollowUpInline(admin.StackedInline):
    model = models.FollowUp
    extra = 0
    raw_id_fields = ("prospect",)
    readonly_fields = ("status",)


@admin.register(models.Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ("prospect", "planned_at", "held_at", "lead_visitor", "status")
    list_filter = ("status", "method")
    search_fields = ("prospect__name", "place")
    raw_id_fields = ("prospect",)
    readonly_fields = ("status",)  # planned, held, cancelled: through visits.services
    inlines = [FollowUpInline]


@admin.register(models.FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ("visit", "assignee", "due_at", "status", "done_at")
    list_filter = ("status",)
    raw_id_fields = ("visit", "prospect")
    readonly_fields = ("status",)  # done by logging it (visits.services)


@admin.register(models.VisitCheck)
class VisitCheckAdmin(admin.ModelAdmin):
    """Check-ins are facts from the server's clock: read, never typed."""

    list_display = ("visit", "kind", "person", "at", "location", "distance_m", "is_far")
    list_filter = ("kind", "location", "is_far")
    search_fields = ("visit__prospect__name", "person__username")
    readonly_fields = [f.name for f in models.VisitCheck._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(models.CheckInSettings)
class CheckInSettingsAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return not models.CheckInSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
