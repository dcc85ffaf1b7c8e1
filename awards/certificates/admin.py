"""Admin: emblems are uploaded here by the administrator (converted to JPEG on white by the
service); blanks may have their field layout edited as JSON; jobs, chunks and certificate
rows are read-only history (rendering is started from the decision's certificate page)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from . import services
from .blanks import BlankLayout
from .models import Blank, Certificate, Emblem, RenderChunk, RenderJob


class EmblemForm(forms.ModelForm):
    upload = forms.FileField(
        label="Ảnh biểu trưng",
        help_text="PNG hoặc JPEG; nền trong suốt được đổi thành nền trắng, lưu dạng JPEG.",
    )

    class Meta:
        model = Emblem
        fields = ["issuer"]


@admin.register(Emblem)
class EmblemAdmin(admin.ModelAdmin):
    form = EmblemForm
    list_display = ["issuer", "image", "uploaded_by", "updated_at"]
    readonly_fields = ["image", "uploaded_by"]

    def save_model(self, request, obj, form, change):
        upload = form.cleaned_data["upload"]
        saved = services.emblem_save(
            issuer=form.cleaned_data["issuer"], data=upload.read(), actor=request.user
        )
        obj.pk, obj.image = saved.pk, saved.image


class BlankForm(forms.ModelForm):
    class Meta:
        model = Blank
        fields = ["form_kind", "paper_width_mm", "paper_height_mm", "layout", "dx_mm", "dy_mm"]

    def clean_layout(self):
        layout = self.cleaned_data["layout"]
        try:
            BlankLayout.from_dict(layout)
        except (KeyError, TypeError, ValueError) as exc:
            raise ValidationError(f"Bố cục phôi không hợp lệ: {exc}") from exc
        return layout


@admin.register(Blank)
class BlankAdmin(admin.ModelAdmin):
    form = BlankForm
    list_display = ["__str__", "dx_mm", "dy_mm", "updated_by", "updated_at"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RenderJob)
class RenderJobAdmin(ReadOnlyAdmin):
    list_display = ["pk", "decision", "status", "total", "created_at", "finished_at"]
    list_filter = ["status"]


@admin.register(RenderChunk)
class RenderChunkAdmin(ReadOnlyAdmin):
    list_display = ["pk", "job", "position", "size", "status", "attempts", "heartbeat_at"]
    list_filter = ["status"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["entry", "decision", "status", "rendered_at"]
    list_filter = ["status"]
    list_select_related = ["entry__award", "decision"]
    search_fields = ["entry__name", "entry__certificate_serial"]
