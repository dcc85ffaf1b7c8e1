"""Forms validate and convert; services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import (
    CentralLevel,
    Choice,
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
