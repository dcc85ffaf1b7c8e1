"""Forms of the reports app. They validate and convert; services write."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import YearReport


class ReportForm(forms.ModelForm):
    class Meta:
        model = YearReport
        fields = ["title", "overview", "highlights", "shortcomings", "next_year"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 6})
            for name in ("overview", "highlights", "shortcomings", "next_year")
        }
        help_texts = {
            "overview": _(
                "Mỗi đoạn một dòng. Câu số liệu chính (Trung ương, Chủ tịch UBND tỉnh) "
                "được tự động đưa vào đầu mục này."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Lưu nội dung")))


class ReportCreateForm(forms.Form):
    year = forms.IntegerField(label=_("Năm báo cáo"), min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_class = "d-flex flex-wrap gap-2 align-items-end"
        self.helper.add_input(Submit("submit", _("Mở báo cáo")))


class LookupForm(forms.Form):
    q = forms.CharField(
        label=_("Tên tập thể, cá nhân hoặc hộ gia đình"),
        min_length=3,
        max_length=100,
        error_messages={
            "min_length": _("Nhập ít nhất 3 ký tự."),
            "required": _("Nhập tên cần tra cứu."),
        },
        help_text=_("Có thể gõ không dấu, ví dụ: nguyen van an."),
    )
