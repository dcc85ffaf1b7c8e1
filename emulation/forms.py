"""Forms of the emulation app: they validate and convert; services write."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from units.models import Cluster, Unit

from .evidence import ACCEPT_ATTR
from .models import TARGET_TITLES, Campaign, Criterion, FocusTask, ScoringTable, TieBreak


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    return helper


class CampaignForm(forms.ModelForm):
    focus_tasks_text = forms.CharField(
        label=_("Nội dung trọng tâm"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Mỗi dòng một nội dung, theo thứ tự. Phong trào chuyên đề có thể để trống."),
    )

    class Meta:
        model = Campaign
        fields = [
            "title",
            "year",
            "kind",
            "scope",
            "scope_cluster",
            "scope_unit",
            "launching_authority",
            "motto",
            "launch_date",
            "period_start",
            "period_end",
            "nomination_deadline",
            "description",
            "legal_basis",
        ]
        widgets = {
            "launch_date": DateInput(),
            "period_start": DateInput(),
            "period_end": DateInput(),
            "nomination_deadline": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "legal_basis": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope_cluster"].queryset = Cluster.objects.filter(is_active=True)
        self.fields["scope_unit"].queryset = Unit.objects.order_by("name")
        if self.instance.pk and not self.is_bound:
            self.fields["focus_tasks_text"].initial = "\n".join(
                t.title for t in self.instance.focus_tasks.all()
            )
        if not self.instance.pk and not self.is_bound:
            self.fields["year"].initial = timezone.localdate().year
        self.helper = _helper()

    def focus_task_titles(self) -> list[str]:
        text = self.cleaned_data.get("focus_tasks_text", "")
        return [line.strip() for line in text.splitlines() if line.strip()]


class CampaignCopyForm(forms.Form):
    year = forms.IntegerField(label=_("Sao chép sang năm"), min_value=2000, max_value=2100)


class RegistrationForm(forms.Form):
    target_titles = forms.MultipleChoiceField(
        label=_("Danh hiệu, hình thức khen thưởng đăng ký"),
        choices=TARGET_TITLES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Chọn ít nhất một danh hiệu đăng ký.")},
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, focus_tasks: list[FocusTask], **kwargs):
        super().__init__(*args, **kwargs)
        self.focus_tasks = focus_tasks
        for task in focus_tasks:
            self.fields[f"commit_{task.pk}"] = forms.CharField(
                label=_("Cam kết cho nội dung %(n)s: %(title)s")
                % {"n": task.position, "title": task.title},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.helper = _helper()

    def commitments(self) -> dict[int, str]:
        return {t.pk: self.cleaned_data.get(f"commit_{t.pk}", "") for t in self.focus_tasks}


class PactForm(forms.Form):
    text = forms.CharField(label=_("Nội dung giao ước"), widget=forms.Textarea(attrs={"rows": 8}))
    signed_on = forms.DateField(label=_("Ngày ký"), required=False, widget=DateInput())
    signatories = forms.ModelMultipleChoiceField(
        label=_("Đơn vị đã ký"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signatories"].queryset = members
        self.helper = _helper()


TIE_BREAK_CHOICES = [("", _("(không dùng)")), *TieBreak.choices]


class TableSettingsForm(forms.ModelForm):
    tie_break_1 = forms.ChoiceField(
        label=_("Khi bằng điểm, xét trước"), choices=TIE_BREAK_CHOICES, required=False
    )
    tie_break_2 = forms.ChoiceField(
        label=_("Sau đó xét"), choices=TIE_BREAK_CHOICES, required=False
    )
    tie_break_3 = forms.ChoiceField(
        label=_("Cuối cùng xét"), choices=TIE_BREAK_CHOICES, required=False
    )

    class Meta:
        model = ScoringTable
        fields = [
            "campaign",
            "bonus_cap",
            "penalty_cap",
            "excellent_min",
            "good_min",
            "fair_min",
            "flag_count",
            "merit_count",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        table = self.instance
        self.fields["campaign"].queryset = Campaign.objects.filter(year=table.year)
        for i, name in enumerate((table.tie_breaks or [])[:3], start=1):
            self.fields[f"tie_break_{i}"].initial = name
        if not table.is_editable():
            for name in ("campaign", "bonus_cap", "penalty_cap"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Đã khóa khi bắt đầu chấm điểm.")
        self.helper = _helper()

    def clean(self):
        data = super().clean()
        chosen = [data.get(f"tie_break_{i}") for i in (1, 2, 3)]
        chosen = [c for c in chosen if c]
        if len(chosen) != len(set(chosen)):
            self.add_error("tie_break_2", _("Mỗi cách phân hạng chỉ chọn một lần."))
        data["tie_breaks"] = chosen
        return data


class TableCreateForm(forms.Form):
    cluster = forms.ModelChoiceField(label=_("Cụm, khối"), queryset=Cluster.objects.none())
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    copy_previous = forms.BooleanField(
        label=_("Sao chép tiêu chí từ bảng điểm năm trước của cụm, khối"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = Cluster.objects.filter(is_active=True)
        self.fields["year"].initial = timezone.localdate().year
        self.helper = _helper()


class CriterionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=Criterion.Kind.choices)
    parent = forms.ModelChoiceField(
        label=_("Thuộc nhóm"),
        queryset=Criterion.objects.none(),
        required=False,
        help_text=_("Chỉ dùng cho tiêu chí."),
    )
    title = forms.CharField(label=_("Nội dung"), max_length=500)
    max_points = forms.DecimalField(
        label=_("Điểm tối đa"),
        max_digits=6,
        decimal_places=2,
        min_value=0.01,
        localize=True,
    )
    focus_task = forms.ModelChoiceField(
        label=_("Đo nội dung trọng tâm"), queryset=FocusTask.objects.none(), required=False
    )
    position = forms.IntegerField(label=_("Thứ tự"), min_value=1, required=False)
    guidance = forms.CharField(
        label=_("Hướng dẫn chấm"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, table: ScoringTable, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = table.criteria.filter(kind=Criterion.Kind.GROUP)
        if table.campaign_id:
            self.fields["focus_task"].queryset = table.campaign.focus_tasks.all()
        self.helper = _helper()


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Lý do"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ScoreLayerForm(forms.Form):
    """One row of fields per criterion for one layer. The service checks the
    values (range, reasons, evidence) and its errors land on these fields."""

    def __init__(self, *args, criteria, entries, layer: str, needs_reason: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.layer = layer
        self.rows = []
        for criterion in criteria:
            entry = entries.get(criterion.pk)
            current = entry.points(layer) if entry else None
            if current is None and entry is not None and layer != "self":
                # Start from the layer below, so agreeing takes no typing.
                current = entry.points("cluster" if layer == "final" else "self")
            points = forms.CharField(
                label=_("Điểm: %(title)s") % {"title": criterion.title},
                required=False,
                initial="" if current is None else f"{current.normalize():f}".replace(".", ","),
                widget=forms.TextInput(
                    attrs={"inputmode": "decimal", "class": "score-input", "autocomplete": "off"}
                ),
            )
            self.fields[f"points_{criterion.pk}"] = points
            self.fields[f"note_{criterion.pk}"] = forms.CharField(
                label=_("Ghi chú: %(title)s") % {"title": criterion.title},
                required=False,
                initial=entry.note(layer) if entry else "",
                widget=forms.Textarea(attrs={"rows": 1}),
            )
            if needs_reason:
                self.fields[f"reason_{criterion.pk}"] = forms.CharField(
                    label=_("Lý do thay đổi: %(title)s") % {"title": criterion.title},
                    required=False,
                )
            if layer == "self":
                self.fields[f"evidence_{criterion.pk}"] = forms.FileField(
                    label=_("Minh chứng: %(title)s") % {"title": criterion.title},
                    required=False,
                    widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTR}),
                )
            self.rows.append((criterion, entry))

    def bound(self):
        """(criterion, entry, points field, note field, reason field, evidence field)."""
        for criterion, entry in self.rows:
            pk = criterion.pk
            yield (
                criterion,
                entry,
                self[f"points_{pk}"],
                self[f"note_{pk}"],
                self[f"reason_{pk}"] if f"reason_{pk}" in self.fields else None,
                self[f"evidence_{pk}"] if f"evidence_{pk}" in self.fields else None,
            )
