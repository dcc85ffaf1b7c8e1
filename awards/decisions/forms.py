"""Forms validate and convert; services decide."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from units.models import User

from .models import (
    CentralLevel,
    Choice,
    CouncilMember,
    CouncilRole,
    CouncilSession,
    Decision,
    DecisionEntry,
    Escalation,
)
from .services.decisions import EDITABLE_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SessionForm(forms.ModelForm):
    class Meta:
        model = CouncilSession
        fields = ["body", "title", "award_year", "meeting_date", "location"]
        widgets = {"meeting_date": DATE}


class PresenceForm(forms.Form):
    present = forms.ModelMultipleChoiceField(
        label=_("Thành viên có mặt"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = members
        self.fields["present"].label_from_instance = lambda m: (
            f"{m.user.get_full_name()} – {m.get_role_display()}"
            + (f" ({m.title})" if m.title else "")
        )


class AgendaForm(forms.Form):
    items = forms.MultipleChoiceField(
        label=_("Trường hợp đưa vào chương trình"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [(str(item.pk), str(item)) for item, _rule in candidates]


def _choice_field(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=Choice.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Chọn ý kiến cho nội dung này.")},
    )


class BallotForm(forms.Form):
    """One yes / no / abstain question per agenda item, keyed by the item's uid."""

    def __init__(self, *args, agenda, **kwargs):
        super().__init__(*args, **kwargs)
        for item in agenda:
            self.fields[f"item-{item.uid}"] = _choice_field(str(item))

    def choices(self) -> dict[str, str]:
        return {
            key.removeprefix("item-"): value
            for key, value in self.cleaned_data.items()
            if key.startswith("item-")
        }

    def raw_choices(self) -> dict[str, str]:
        """Every ``item-<uid>`` the browser sent, even ones this session does not
        have, so the service can refuse a tampered ballot as a whole."""
        return {
            key.removeprefix("item-"): value
            for key, value in self.data.items()
            if key.startswith("item-")
        }


class WrittenOpinionForm(BallotForm):
    member = forms.ModelChoiceField(label=_("Thành viên vắng mặt"), queryset=None)

    def __init__(self, *args, absent, agenda, **kwargs):
        super().__init__(*args, agenda=agenda, **kwargs)
        self.fields["member"].queryset = absent
        self.fields["member"].label_from_instance = lambda m: m.user.get_full_name()
        self.order_fields(["member"])


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = list(EDITABLE_FIELDS)
        widgets = {
            "decision_date": DATE,
            "legal_bases": forms.Textarea(attrs={"rows": 4}),
            "article_1": forms.Textarea(attrs={"rows": 3}),
            "article_2": forms.Textarea(attrs={"rows": 2}),
            "article_3": forms.Textarea(attrs={"rows": 3}),
            "recipients": forms.Textarea(attrs={"rows": 3}),
        }


class EntryForm(forms.ModelForm):
    class Meta:
        model = DecisionEntry
        fields = ["name", "position_text", "sort_key"]


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do thu hồi (Luật Thi đua, khen thưởng Điều 93)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Nhập lý do thu hồi.")},
    )
    entries = forms.ModelMultipleChoiceField(
        label=_("Trường hợp bị thu hồi (để trống = thu hồi toàn bộ quyết định)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, decision, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entries"].queryset = decision.entries.filter(
            revoked_at__isnull=True
        ).annex_order()
        self.fields["entries"].label_from_instance = lambda e: (
            f"{e.registry_no or ''}. {e.name} – {e.award.name}"
        )


class EscalationForm(forms.ModelForm):
    class Meta:
        model = Escalation
        fields = ["title", "letter_number", "letter_date", "letter_text"]
        widgets = {"letter_date": DATE, "letter_text": forms.Textarea(attrs={"rows": 8})}


class CentralDecisionForm(forms.Form):
    number = forms.CharField(label=_("Số quyết định"), max_length=60)
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=DATE)
    level = forms.ChoiceField(label=_("Cấp quyết định"), choices=CentralLevel.choices)
    accepted = forms.ModelMultipleChoiceField(
        label=_("Các trường hợp được khen thưởng"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Chọn các trường hợp được khen thưởng.")},
    )

    def __init__(self, *args, escalation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accepted"].queryset = escalation.entries.select_related("award")
        self.fields["accepted"].label_from_instance = lambda e: f"{e.name} – {e.award.name}"


# Council membership ------------------------------------------------------------


def _person_label(user) -> str:
    unit = user.unit.name if user.unit else gettext("không thuộc đơn vị")
    return f"{user.get_full_name()} – {unit}"


class MemberAddForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Người được cử"),
        queryset=User.objects.none(),
        error_messages={"required": _("Chọn người tham gia Hội đồng.")},
    )
    role = forms.ChoiceField(label=_("Vai trò"), choices=CouncilRole.choices)
    title = forms.CharField(
        label=_("Chức vụ"),
        max_length=255,
        required=False,
        help_text=_("Chức vụ ở cơ quan, ví dụ: Giám đốc Sở Nội vụ."),
    )
    is_standing = forms.BooleanField(label=_("Thành viên Thường trực Hội đồng"), required=False)
    valid_from = forms.DateField(label=_("Tham gia từ ngày"), widget=DATE)
    position = forms.IntegerField(
        label=_("Thứ tự"),
        min_value=0,
        max_value=32767,
        initial=100,
        help_text=_("Số nhỏ xếp trước trong danh sách thành viên."),
    )

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["valid_from"].initial = timezone.localdate()
        # The list offers active people without a seat on this council; the field
        # accepts any active account so that member_add, the one place for the
        # rule, explains a refusal (e.g. two managers adding the same person).
        field = self.fields["user"]
        field.queryset = User.objects.filter(is_active=True)
        field.label_from_instance = _person_label
        eligible = (
            User.objects.filter(is_active=True)
            .exclude(council_seats__council=council)
            .select_related("unit")
            .order_by("full_name", "username")
        )
        field.widget.choices = [("", "---------")] + [
            (user.pk, _person_label(user)) for user in eligible
        ]


class MemberEditForm(forms.ModelForm):
    class Meta:
        model = CouncilMember
        fields = ["role", "title", "is_standing", "position"]


class MemberEndForm(forms.Form):
    valid_to = forms.DateField(
        label=_("Ngày kết thúc tham gia"),
        widget=DATE,
        help_text=_("Ngày cuối cùng người này là thành viên Hội đồng."),
    )
    reason = forms.CharField(
        label=_("Lý do"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ví dụ: nghỉ hưu, chuyển công tác, theo quyết định kiện toàn Hội đồng."),
        error_messages={"required": _("Nhập lý do kết thúc tham gia.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["valid_to"].initial = timezone.localdate()
