"""Admin: look-ups and plain field fixes. Statuses are read-only (they change
only through the services); history tables cannot be edited or deleted."""

from django.contrib import admin

from .models import (
    Campaign,
    CampaignEvent,
    Criterion,
    FocusTask,
    Pact,
    ProvinceSetting,
    Registration,
    ScoreChange,
    ScoreSheet,
    ScoringTable,
    SheetEvent,
    Standing,
)


class FocusTaskInline(admin.TabularInline):
    model = FocusTask
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "kind", "status", "launch_date", "nomination_deadline"]
    list_filter = ["year", "kind", "status"]
    search_fields = ["title", "code"]
    readonly_fields = ["status", "copied_from", "created_by"]
    inlines = [FocusTaskInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["unit", "campaign", "updated_at"]
    list_filter = ["campaign"]
    raw_id_fields = ["unit", "registered_by"]


@admin.register(Pact)
class PactAdmin(admin.ModelAdmin):
    list_display = ["cluster", "year", "signed_on"]
    list_filter = ["year"]


@admin.register(ScoringTable)
class ScoringTableAdmin(admin.ModelAdmin):
    list_display = ["cluster", "year", "status", "published_at"]
    list_filter = ["year", "status"]
    readonly_fields = ["status", "published_at"]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["title", "table", "kind", "max_points"]
    list_filter = ["table__year", "kind"]


@admin.register(ScoreSheet)
class ScoreSheetAdmin(admin.ModelAdmin):
    list_display = ["unit", "table", "status"]
    list_filter = ["table__year", "status"]
    readonly_fields = ["status", "submitted_at", "assessed_at", "verified_at"]


@admin.register(Standing)
class StandingAdmin(admin.ModelAdmin):
    list_display = ["unit", "table", "rank", "total", "classification", "proposed_title"]
    list_filter = ["table__year", "proposed_title"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ProvinceSetting)
class ProvinceSettingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "public_standings", "updated_at"]


class ReadOnlyHistory(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CampaignEvent)
class CampaignEventAdmin(ReadOnlyHistory):
    list_display = ["campaign", "action", "actor", "created_at"]


@admin.register(SheetEvent)
class SheetEventAdmin(ReadOnlyHistory):
    list_display = ["sheet", "action", "actor", "created_at"]


@admin.register(ScoreChange)
class ScoreChangeAdmin(ReadOnlyHistory):
    list_display = [
        "sheet",
        "criterion",
        "layer",
        "old_points",
        "new_points",
        "actor",
        "created_at",
    ]
