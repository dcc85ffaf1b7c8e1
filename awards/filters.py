"""List filters (django-filter) for dossiers and nominees."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from units.models import Unit
from units.permissions import visible_unit_ids
from units.search import fold

from .models import Award, Nomination, NominationItem, Verdict, VerificationResult


def _year_choices():
    years = (
        Nomination.objects.values_list("award_year", flat=True).distinct().order_by("-award_year")
    )
    return [(y, y) for y in years]


def _units_for(user):
    ids = visible_unit_ids(user)
    qs = Unit.objects.order_by("name")
    return qs if ids is None else qs.filter(pk__in=ids)


def _campaigns():
    from emulation.models import Campaign

    return Campaign.objects.exclude(status=Campaign.Status.DRAFT).order_by("-year", "title")


SEARCH = forms.TextInput(attrs={"type": "search", "placeholder": _("Gõ có dấu hoặc không dấu")})


class _Base(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tên người, tập thể"), method="filter_q", widget=SEARCH)
    year = django_filters.ChoiceFilter(
        label=_("Năm"), choices=_year_choices, empty_label=_("Tất cả")
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Đơn vị đề nghị"), queryset=Unit.objects.none(), empty_label=_("Tất cả")
    )
    award = django_filters.ModelChoiceFilter(
        label=_("Danh hiệu, hình thức"),
        queryset=Award.objects.filter(is_active=True),
        empty_label=_("Tất cả"),
        method="filter_award",
    )
    campaign = django_filters.ModelChoiceFilter(
        label=_("Phong trào"), queryset=None, empty_label=_("Tất cả"), method="filter_campaign"
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = _units_for(user)
        self.filters["campaign"].queryset = _campaigns()


class NominationFilter(_Base):
    """For provincial staff an empty status means "everything but drafts"
    (applied by the view): they are not bothered with drafts, yet can list them."""

    status = django_filters.ChoiceFilter(
        label=_("Trạng thái"), choices=Nomination.Status.choices, empty_label=_("Tất cả")
    )

    class Meta:
        model = Nomination
        fields = ["q", "status", "year", "unit", "award", "campaign"]

    def filter_q(self, queryset, name, value):
        folded = fold(value)
        if not folded:
            return queryset
        match = NominationItem.objects.filter(
            nomination=OuterRef("pk"), search_text__contains=folded
        )
        return queryset.filter(Exists(match))

    def filter_award(self, queryset, name, value):
        return queryset.filter(
            Exists(NominationItem.objects.filter(nomination=OuterRef("pk"), award=value))
        )

    def filter_campaign(self, queryset, name, value):
        return queryset.filter(campaign=value)


NominationFilter.base_filters["year"].field_name = "award_year"
NominationFilter.base_filters["unit"].field_name = "proposing_unit"


class NominationItemFilter(_Base):
    status = django_filters.ChoiceFilter(
        label=_("Trạng thái hồ sơ"),
        choices=Nomination.Status.choices,
        empty_label=_("Tất cả"),
        field_name="nomination__status",
    )
    verdict = django_filters.ChoiceFilter(
        label=_("Kết quả kiểm tra"), choices=Verdict.choices, empty_label=_("Tất cả")
    )
    verification = django_filters.ChoiceFilter(
        label=_("Kết quả thẩm định"),
        choices=[c for c in VerificationResult.choices if c[0]],
        empty_label=_("Tất cả"),
    )

    class Meta:
        model = NominationItem
        fields = ["q", "status", "year", "unit", "award", "campaign", "verdict", "verification"]

    def filter_q(self, queryset, name, value):
        folded = fold(value)
        return queryset.filter(search_text__contains=folded) if folded else queryset

    def filter_award(self, queryset, name, value):
        return queryset.filter(award=value)

    def filter_campaign(self, queryset, name, value):
        return queryset.filter(nomination__campaign=value)


NominationItemFilter.base_filters["year"].field_name = "nomination__award_year"
NominationItemFilter.base_filters["unit"].field_name = "nomination__proposing_unit"
