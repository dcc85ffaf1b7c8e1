import django_filters
from django import forms
from django.utils import timezone

from .models import Unit


class UnitFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Tìm kiếm",
        method="filter_q",
        widget=forms.TextInput(
            attrs={
                "placeholder": "Tên, tên viết tắt hoặc mã (gõ có dấu hoặc không dấu)",
                "type": "search",
            }
        ),
    )
    kind = django_filters.ChoiceFilter(
        label="Loại đơn vị", choices=Unit.Kind.choices, empty_label="Tất cả"
    )
    status = django_filters.ChoiceFilter(
        label="Tình trạng",
        choices=[("active", "Đang hoạt động"), ("ended", "Đã kết thúc hoạt động")],
        method="filter_status",
        empty_label="Tất cả",
    )
    parent = django_filters.ModelChoiceFilter(
        label="Đơn vị cấp trên",
        queryset=Unit.objects.filter(children__isnull=False).distinct().order_by("search_text"),
        empty_label="Tất cả",
    )

    class Meta:
        model = Unit
        fields = ["q", "kind", "status", "parent"]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_status(self, queryset, name, value):
        today = timezone.localdate()
        if value == "active":
            return queryset.active_on(today)
        if value == "ended":
            return queryset.filter(valid_to__lt=today)
        return queryset
