from django.contrib import admin

from .models import ReportRender, YearReport


@admin.register(YearReport)
class YearReportAdmin(admin.ModelAdmin):
    list_display = ["year", "title", "updated_at", "updated_by"]
    readonly_fields = ["created_by", "updated_by", "created_at", "updated_at"]


@admin.register(ReportRender)
class ReportRenderAdmin(admin.ModelAdmin):
    """Job history: read-only (renders are started from the report page)."""

    list_display = ["report", "number", "status", "progress", "attempts", "requested_at"]
    list_filter = ["status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
