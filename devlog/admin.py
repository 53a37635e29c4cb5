from django.contrib import admin

from devlog import models


@admin.register(models.FailureReason)
class FailureReasonAdmin(admin.ModelAdmin):
    """The reason categories of failure reviews, which admins maintain."""

    list_display = ("name_zh", "name_en", "active", "position")
    list_editable = ("active", "position")
    search_fields = ("name_zh", "name_en")


@admin.register(models.Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    """An outcome moves its account's status: it is recorded and restored in the
    app (devlog.services), and only its texts are edited here."""

    list_display = (
        "prospect",
        "result",
        "decided_on",
        "decided_by",
        "archived_at",
        "restored_at",
    )
    list_filter = ("result",)
    search_fields = ("prospect__name", "summary", "lessons")
    raw_id_fields = ("prospect",)
    filter_horizontal = ("reasons",)
    readonly_fields = ("prospect", "result", "archived_at", "restored_at")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.DevelopmentEntry)
class DevelopmentEntryAdmin(admin.ModelAdmin):
    list_display = (
        "prospect",
        "occurred_at",
        "person_met",
        "method",
        "progress",
        "attitude",
    )
    list_filter = ("method", "progress", "attitude")
    search_fields = ("prospect__name", "person_met", "remarks")
    raw_id_fields = ("prospect",)
