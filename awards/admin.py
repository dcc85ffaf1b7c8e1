from django.contrib import admin

from .models import (
    Award,
    AwardRecord,
    AwardRule,
    BaseSalary,
    Hold,
    Holiday,
    Household,
    Initiative,
    Nomination,
    NominationEvent,
    NominationItem,
    Person,
    Regime,
    TaskRating,
    UnitYearFigure,
)


@admin.register(Regime)
class RegimeAdmin(admin.ModelAdmin):
    list_display = ["name", "valid_from", "valid_to"]


class RuleInline(admin.TabularInline):
    model = AwardRule
    extra = 0
    fields = ["kind", "recipient_kind", "description", "valid_from", "valid_to", "confidence"]
    show_change_link = True


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "category", "level", "forwarded_to_central", "is_active"]
    list_filter = ["category", "level"]
    search_fields = ["code", "name"]
    inlines = [RuleInline]


@admin.register(AwardRule)
class AwardRuleAdmin(admin.ModelAdmin):
    """Rule rows are data: thresholds marked L (unconfirmed) are meant to be edited here."""

    list_display = ["award", "kind", "description", "valid_from", "valid_to", "confidence"]
    list_filter = ["kind", "confidence", "award"]
    search_fields = ["description", "legal_basis"]


@admin.register(BaseSalary)
class BaseSalaryAdmin(admin.ModelAdmin):
    list_display = ["valid_from", "amount", "legal_basis"]


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name"]
    date_hierarchy = "date"


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "birth_date", "unit", "position"]
    search_fields = ["search_text"]
    autocomplete_fields = ["unit"]


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    list_display = ["head_name", "address", "unit"]
    search_fields = ["search_text"]


admin.site.register([TaskRating, Initiative, Hold, UnitYearFigure])


@admin.register(AwardRecord)
class AwardRecordAdmin(admin.ModelAdmin):
    list_display = ["award", "year", "recipient_kind", "person", "unit", "decision_number"]
    list_filter = ["award", "year", "source"]
    raw_id_fields = ["person", "household", "unit"]


class ItemInline(admin.TabularInline):
    model = NominationItem
    extra = 0
    fields = ["recipient_kind", "person", "unit", "household", "award", "verdict", "verification"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    """Read-only: dossiers change through the workflow service, never here."""

    list_display = ["title", "proposing_unit", "award_year", "status"]
    list_filter = ["status", "award_year"]
    inlines = [ItemInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(NominationEvent)
class NominationEventAdmin(admin.ModelAdmin):
    """Append-only trail: no add, change or delete."""

    list_display = ["nomination", "action", "from_status", "to_status", "actor", "created_at"]
    list_filter = ["action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
