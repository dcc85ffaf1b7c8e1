"""Admin pages. Ballot counters (``BallotCount``) are deliberately not registered:
while a session is open they are the only place choices exist, and nobody reads
them but the closing service. Receipts, agenda results and decisions are
read-only here: every change goes through the services and their audit rows."""

from django.contrib import admin

from .models import (
    AgendaItem,
    BallotReceipt,
    Council,
    CouncilMember,
    CouncilSession,
    Decision,
    DecisionEntry,
    Escalation,
    EscalationEntry,
    RegistryCounter,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CouncilMemberInline(admin.TabularInline):
    model = CouncilMember
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "role", "title", "is_standing", "valid_from", "valid_to", "position"]


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ["name", "term_start", "term_end", "quorum_percent"]
    inlines = [CouncilMemberInline]


class AgendaInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    can_delete = False
    fields = [
        "nomination_item",
        "award",
        "threshold_percent",
        "threshold_base",
        "yes_count",
        "no_count",
        "abstain_count",
        "required_yes",
        "outcome",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class ReceiptInline(admin.TabularInline):
    model = BallotReceipt
    extra = 0
    can_delete = False
    fields = ["member", "mode"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CouncilSession)
class CouncilSessionAdmin(ReadOnlyAdmin):
    list_display = ["title", "meeting_date", "body", "status", "member_count"]
    list_filter = ["status", "body", "award_year"]
    inlines = [AgendaInline, ReceiptInline]


class EntryInline(admin.TabularInline):
    model = DecisionEntry
    extra = 0
    can_delete = False
    fields = ["name", "award", "registry_no", "certificate_serial", "prize_amount", "revoked_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["number", "decision_date", "title", "status"]
    list_filter = ["status", "award_year"]
    search_fields = ["number", "title"]
    inlines = [EntryInline]


@admin.register(RegistryCounter)
class RegistryCounterAdmin(ReadOnlyAdmin):
    list_display = ["key", "last_value"]


class EscalationEntryInline(admin.TabularInline):
    model = EscalationEntry
    extra = 0
    can_delete = False
    fields = ["name", "award", "accepted"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Escalation)
class EscalationAdmin(ReadOnlyAdmin):
    list_display = ["title", "award_year", "status", "central_number"]
    inlines = [EscalationEntryInline]
