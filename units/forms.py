"""Forms for units, reorganisations and clusters. They validate and convert;
the services write."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone

from .models import Cluster, ClusterMembership, Reorganisation, Unit


def _helper(submit_label: str) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", submit_label))
    return helper


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt "
        "chữ hoa và chữ thường.",
        "inactive": "Tài khoản này đã bị khóa.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Tên đăng nhập"
        self.fields["password"].label = "Mật khẩu"
        self.helper = _helper("Đăng nhập")


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = [
            "name",
            "short_name",
            "code",
            "kind",
            "parent",
            "valid_from",
            "valid_to",
            "address",
            "phone",
            "email",
        ]
        widgets = {"valid_from": DateInput(), "valid_to": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Unit.objects.order_by("search_text")
        self.helper = _helper("Lưu")


class ReorganisationForm(forms.Form):
    kind = forms.ChoiceField(label="Hình thức", choices=Reorganisation.Kind.choices)
    effective_date = forms.DateField(label="Ngày có hiệu lực", widget=DateInput())
    predecessors = forms.ModelMultipleChoiceField(
        label="Đơn vị trước sắp xếp",
        queryset=Unit.objects.all(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="Giữ phím Ctrl để chọn nhiều đơn vị.",
    )
    successors = forms.ModelMultipleChoiceField(
        label="Đơn vị sau sắp xếp (đã có)",
        queryset=Unit.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    new_name = forms.CharField(label="Hoặc tạo đơn vị mới: tên", required=False, max_length=255)
    new_code = forms.SlugField(label="Mã đơn vị mới", required=False, max_length=40)
    new_kind = forms.ChoiceField(label="Loại đơn vị mới", choices=Unit.Kind.choices, required=False)
    new_parent = forms.ModelChoiceField(
        label="Đơn vị cấp trên của đơn vị mới", queryset=Unit.objects.all(), required=False
    )
    legal_basis = forms.CharField(label="Căn cứ pháp lý", max_length=255, required=False)
    note = forms.CharField(
        label="Ghi chú", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Ghi nhận sắp xếp")

    def clean(self):
        data = super().clean()
        if data.get("new_name") and not data.get("new_code"):
            self.add_error("new_code", "Nhập mã cho đơn vị mới.")
        if data.get("new_code") and Unit.objects.filter(code=data["new_code"]).exists():
            self.add_error("new_code", "Mã đơn vị này đã tồn tại.")
        if data.get("new_name") and not data.get("new_kind"):
            self.add_error("new_kind", "Chọn loại cho đơn vị mới.")
        return data


class ClusterForm(forms.ModelForm):
    class Meta:
        model = Cluster
        fields = ["name", "code", "kind", "description", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Lưu")


def _year_choices() -> list[tuple[int, int]]:
    this_year = timezone.localdate().year
    return [(y, y) for y in range(this_year + 1, 2014, -1)]


class MembershipAddForm(forms.Form):
    unit = forms.ModelChoiceField(label="Đơn vị", queryset=Unit.objects.none())
    role = forms.ChoiceField(
        label="Vai trò",
        choices=ClusterMembership.Role.choices,
        initial=ClusterMembership.Role.MEMBER,
    )

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        placed = ClusterMembership.objects.filter(year=year).values("unit_id")
        self.fields["unit"].queryset = (
            Unit.objects.active_in_year(year).exclude(pk__in=placed).order_by("search_text")
        )
        self.fields["unit"].error_messages["invalid_choice"] = (
            "Đơn vị này không hoạt động trong năm hoặc đã thuộc một cụm, khối khác."
        )
        self.helper = _helper("Thêm vào cụm, khối")
        self.helper.form_tag = False


class LeadershipForm(forms.Form):
    head = forms.ModelChoiceField(label="Cụm/khối trưởng", queryset=Unit.objects.none())
    deputy = forms.ModelChoiceField(
        label="Cụm/khối phó", queryset=Unit.objects.none(), required=False
    )

    def __init__(self, *args, cluster: Cluster, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        members = Unit.objects.filter(
            memberships__cluster=cluster, memberships__year=year
        ).order_by("search_text")
        self.fields["head"].queryset = members
        self.fields["deputy"].queryset = members

    def clean(self):
        data = super().clean()
        if data.get("head") and data.get("head") == data.get("deputy"):
            self.add_error("deputy", "Cụm/khối phó phải khác cụm/khối trưởng.")
        return data


class CopyYearForm(forms.Form):
    from_year = forms.TypedChoiceField(label="Sao chép từ năm", coerce=int, choices=())
    to_year = forms.TypedChoiceField(label="Sang năm", coerce=int, choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_year"].choices = _year_choices()
        self.fields["to_year"].choices = _year_choices()

    def clean(self):
        data = super().clean()
        if data.get("from_year") and data.get("to_year") and data["to_year"] <= data["from_year"]:
            self.add_error("to_year", "Năm đích phải sau năm nguồn.")
        return data


def apply_service_errors(form, exc) -> None:
    """Show a service's ``ValidationError`` next to the matching form fields
    (fields the form lacks become non-field errors), keeping what was typed."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def flash_refusal(request, exc) -> None:
    """Show a refused action (``ValidationError`` or ``InvalidTransition``) as
    one error message, for actions that have no form to attach it to."""
    from django.contrib import messages
    from django.core.exceptions import ValidationError

    text = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
    messages.error(request, text)
