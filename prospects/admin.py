from django.contrib import admin
from django.db import models as db_models
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kam.celery import enqueue
from prospects import models
from prospects.groups import prospect_place_in_group
from prospects.tasks import rescore_all_prospects


@admin.register(
    models.ProductCategory,
    models.CustomerNature,
    models.ServiceContent,
    models.Industry,
)
class LookupListAdmin(admin.ModelAdmin):
    list_display = ("name_zh", "name_en", "active", "position")
    list_editable = ("active", "position")
    search_fields = ("name_zh", "name_en")


@admin.register(models.ScoringWeights)
class ScoringWeightsAdmin(admin.ModelAdmin):
    fieldsets = (
        (
            _("Attractiveness score"),
            {"fields": ("financial", "forecast", "purchase_factors")},
        ),
        (
            _("Our position"),
            {
                "fields": (
                    "share_of_wallet",
                    "competition",
                    "advantages",
                    "relationships",
                )
            },
        ),
    )

    def has_add_permission(self, request):
        return not models.ScoringWeights.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # If the broker is down, the periodic scan rescores (rescore_if_weights_changed).
        transaction.on_commit(lambda: enqueue(rescore_all_prospects))
        self.message_user(
            request,
            _("Every account's score is being recomputed with the new weights."),
        )


class FinancialStatementInline(admin.TabularInline):
    model = models.FinancialStatement
    extra = 0


class ContactInline(admin.StackedInline):
    model = models.Contact
    extra = 0
    raw_id_fields = ("reports_to", "relationship_owner")


@admin.register(models.Prospect)
class ProspectAdmin(admin.ModelAdmin):
    """Accounts are archived through their outcome, never deleted; their status and
    stage move only through the services (the outcome, restore, logged contacts)."""

    list_display = ("name", "team", "owner", "status", "score", "verdict", "updated_at")
    list_filter = ("team", "status", "verdict", "quadrant", "product_category")
    search_fields = ("name", "region")
    autocomplete_fields = ("owner", "parent")
    filter_horizontal = ("colleagues",)
    formfield_overrides = {db_models.URLField: {"assume_scheme": "https"}}
    readonly_fields = (
        "status",
        "stage",
        "score",
        "position_score",
        "verdict",
        "quadrant",
        "created_at",
        "updated_at",
    )
    inlines = [FinancialStatementInline, ContactInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "parent" in form.changed_data:
            # The group's members carry its head: kept as prospect_save keeps it.
            prospect_place_in_group(obj, old_parent_id=form.initial.get("parent"))

    list_select_related = ("team", "owner")

    def has_delete_permission(self, request, obj=None):
        return False
