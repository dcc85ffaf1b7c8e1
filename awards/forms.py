"""Forms of the awards app. They validate and convert; services write."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from units.forms import DateInput
from units.models import Unit
from units.permissions import subtree_ids, visible_unit_ids

from .models import (
    Award,
    AwardRecord,
    AwardType,
    DocumentKind,
    Hold,
    Household,
    Initiative,
    Nomination,
    Person,
    Rating,
    RecipientKind,
)


def _helper(label: str, *, form_tag: bool = True) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = form_tag
    if label:
        helper.add_input(Submit("submit", label))
    return helper


def _year_choices():
    this = timezone.localdate().year
    return [(y, y) for y in range(this, 2016, -1)]


def _units_for(user):
    ids = visible_unit_ids(user)
    qs = Unit.objects.order_by("name")
    return qs if ids is None else qs.filter(pk__in=ids)


class NominationForm(forms.ModelForm):
    award_year = forms.TypedChoiceField(
        label=gettext_lazy("Năm khen thưởng"), coerce=int, choices=()
    )

    class Meta:
        model = Nomination
        fields = [
            "title",
            "proposing_unit",
            "award_year",
            "award_type",
            "procedure",
            "campaign",
            "proposal_number",
        ]
        help_texts = {
            "title": gettext_lazy("Ví dụ: Đề nghị khen thưởng tổng kết năm 2022"),
            "procedure": gettext_lazy(
                "Thủ tục đơn giản: khen đột xuất, cống hiến, đối ngoại, thành tích "
                "phát hiện trực tiếp (Luật TĐKT Điều 85)."
            ),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from emulation.models import Campaign

        self.fields["proposing_unit"].queryset = _units_for(user)
        self.fields["award_year"].choices = _year_choices()
        self.fields["campaign"].queryset = Campaign.objects.exclude(
            status=Campaign.Status.DRAFT
        ).order_by("-year", "title")
        self.fields["campaign"].required = False
        if user.unit_id and not self.instance.pk:
            self.fields["proposing_unit"].initial = user.unit_id
        self.helper = _helper(gettext("Lưu hồ sơ"))

    def clean(self):
        data = super().clean()
        campaign = data.get("campaign")
        if campaign and data.get("award_year") and campaign.year != data["award_year"]:
            self.add_error(
                "campaign",
                gettext("Phong trào này thuộc năm %(year)s.") % {"year": campaign.year},
            )
        return data


def _choose_message(kind: str) -> str:
    """The "choose the nominee" error for a recipient kind."""
    if kind == RecipientKind.COLLECTIVE:
        return gettext("Chọn tập thể được đề nghị.")
    if kind == RecipientKind.HOUSEHOLD:
        return gettext("Chọn hộ gia đình được đề nghị.")
    return gettext("Chọn cá nhân được đề nghị.")


class ItemForm(forms.Form):
    """A nominee row. The person list is narrowed by the look-up box (htmx)."""

    recipient_kind = forms.ChoiceField(
        label=gettext_lazy("Đối tượng"),
        choices=RecipientKind.choices,
        initial=RecipientKind.INDIVIDUAL,
    )
    person = forms.ModelChoiceField(
        label=gettext_lazy("Cá nhân"), queryset=Person.objects.none(), required=False
    )
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Tập thể"), queryset=Unit.objects.none(), required=False
    )
    household = forms.ModelChoiceField(
        label=gettext_lazy("Hộ gia đình"), queryset=Household.objects.none(), required=False
    )
    award = forms.ModelChoiceField(
        label=gettext_lazy("Danh hiệu, hình thức đề nghị"),
        queryset=Award.objects.filter(is_active=True),
    )
    position_text = forms.CharField(
        label=gettext_lazy("Chức vụ, đơn vị (ghi trên quyết định)"), required=False, max_length=300
    )
    achievement = forms.CharField(
        label=gettext_lazy("Tóm tắt thành tích"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, nomination: Nomination, **kwargs):
        super().__init__(*args, **kwargs)
        scope = subtree_ids(nomination.proposing_unit_id)
        self.fields["person"].queryset = Person.objects.filter(unit_id__in=scope).select_related(
            "unit"
        )
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=scope).order_by("name")
        self.fields["household"].queryset = Household.objects.filter(unit_id__in=scope)
        self.fields["person"].error_messages["invalid_choice"] = gettext(
            "Người này không thuộc đơn vị đề nghị hoặc đơn vị trực thuộc."
        )

    def clean(self):
        data = super().clean()
        kind = data.get("recipient_kind")
        need = {"individual": "person", "collective": "unit", "household": "household"}.get(kind)
        if need and not data.get(need) and need not in self.errors:
            self.add_error(need, _choose_message(kind))
        return data

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            k: d.get(k)
            for k in (
                "recipient_kind",
                "person",
                "unit",
                "household",
                "award",
                "position_text",
                "achievement",
            )
        }


class ItemCorrectForm(forms.Form):
    award = forms.ModelChoiceField(
        label=gettext_lazy("Danh hiệu, hình thức"), queryset=Award.objects.filter(is_active=True)
    )
    position_text = forms.CharField(
        label=gettext_lazy("Chức vụ, đơn vị"), required=False, max_length=300
    )
    achievement = forms.CharField(
        label=gettext_lazy("Tóm tắt thành tích"), widget=forms.Textarea(attrs={"rows": 3})
    )
    note = forms.CharField(label=gettext_lazy("Lý do hiệu chỉnh"), max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(gettext("Ghi nhận hiệu chỉnh"))


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Loại tài liệu"), choices=DocumentKind.choices)
    file = forms.FileField(
        label=gettext_lazy("Tệp"),
        help_text=gettext_lazy("PDF, DOCX, XLSX, JPEG hoặc PNG; tối đa 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(gettext("Tải lên"))


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp Excel (.xlsx) theo mẫu"))

    def __init__(self, *args, accept=".xlsx", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = accept
        self.helper = _helper(gettext("Kiểm tra và nhập"))


class SubmitForm(forms.Form):
    acknowledge = forms.BooleanField(
        label=gettext_lazy(
            "Tôi đã xem các trường hợp không đủ điều kiện và vẫn gửi để tỉnh thẩm định"
        ),
        required=False,
    )
    note = forms.CharField(
        label=gettext_lazy("Ghi chú gửi kèm"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Lý do"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "full_name",
            "gender",
            "birth_date",
            "citizen_id",
            "position",
            "unit",
            "joined_on",
            "leader_level",
            "is_ethnic_minority",
            "is_direct_worker",
            "is_entrepreneur",
            "is_active",
        ]
        widgets = {"birth_date": DateInput(), "joined_on": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units_for(user)
        if not user.sees_everything:
            # Citizen IDs are provincial staff's business only.
            del self.fields["citizen_id"]
        self.helper = _helper(gettext("Lưu"))


class RatingForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Năm"), coerce=int, choices=())
    rating = forms.ChoiceField(label=gettext_lazy("Xếp loại"), choices=Rating.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices()
        self.helper = _helper(gettext("Ghi xếp loại"))


class InitiativeForm(forms.ModelForm):
    class Meta:
        model = Initiative
        fields = ["title", "kind", "year", "level", "recognised_by", "document_number"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(gettext("Thêm sáng kiến, đề tài"))


class HoldForm(forms.ModelForm):
    class Meta:
        model = Hold
        fields = ["kind", "discipline_level", "started_on", "ended_on", "note"]
        widgets = {"started_on": DateInput(), "ended_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(gettext("Ghi nhận"))


class RecordForm(forms.ModelForm):
    class Meta:
        model = AwardRecord
        fields = [
            "award",
            "year",
            "award_type",
            "level",
            "decision_number",
            "decision_date",
            "issuer",
        ]
        widgets = {"decision_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award_type"].initial = AwardType.MERIT
        self.helper = _helper(gettext("Thêm vào lịch sử"))


class HouseholdForm(forms.ModelForm):
    class Meta:
        model = Household
        fields = ["head_name", "address", "unit"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units_for(user)
        self.helper = _helper(gettext("Thêm hộ gia đình"))
