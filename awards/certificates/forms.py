"""Forms of the certificate pages: validate and convert only."""

from __future__ import annotations

from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from .models import Blank

OFFSET_LIMIT = Decimal("50")


class BlankOffsetForm(forms.ModelForm):
    """The printer offset of one blank, in millimetres (one decimal)."""

    class Meta:
        model = Blank
        fields = ["dx_mm", "dy_mm"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.fields:
            field = self.fields[name]
            field.validators += [
                MinValueValidator(-OFFSET_LIMIT, _("Độ lệch tối đa 50 mm mỗi chiều.")),
                MaxValueValidator(OFFSET_LIMIT, _("Độ lệch tối đa 50 mm mỗi chiều.")),
            ]
            field.error_messages["invalid"] = _("Nhập một số, ví dụ 1,5 hoặc -2.")
            field.error_messages["required"] = _("Nhập độ lệch (0 nếu không lệch).")
            field.localize = True
            field.widget = forms.TextInput(attrs={"inputmode": "decimal"})
            field.widget.is_localized = True
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.add_input(Submit("save", _("Lưu độ lệch")))
