from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import (
    AuditEvent,
    Cluster,
    ClusterMembership,
    Notification,
    Reorganisation,
    Unit,
    UnitLineage,
    User,
)


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "parent", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["name", "code", "search_text"]
    autocomplete_fields = ["parent"]


class LineageInline(admin.TabularInline):
    model = UnitLineage
    extra = 0
    autocomplete_fields = ["predecessor", "successor"]
    # Lineage closure is maintained by units.services.unit_reorganise; edit there.
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Reorganisation)
class ReorganisationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "effective_date", "legal_basis"]
    inlines = [LineageInline]

    def has_add_permission(self, request):
        return False


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]


@admin.register(ClusterMembership)
class ClusterMembershipAdmin(admin.ModelAdmin):
    list_display = ["unit", "cluster", "year", "role"]
    list_filter = ["year", "cluster", "role"]
    autocomplete_fields = ["unit", "cluster"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "unit", "is_active"]
    list_filter = ["groups", "is_active"]
    search_fields = ["username", "full_name", "email"]
    autocomplete_fields = ["unit"]
    fieldsets = BaseUserAdmin.fieldsets + (
        ("Đơn vị công tác", {"fields": ("full_name", "position", "phone", "unit")}),
    )


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "action", "target_repr", "actor"]
    list_filter = ["action"]
    search_fields = ["target_repr", "action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "title", "read_at", "emailed_at"]
    search_fields = ["title", "user__username"]
    readonly_fields = ["created_at", "read_at", "emailed_at"]
