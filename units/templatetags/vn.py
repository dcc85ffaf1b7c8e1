"""Vietnamese presentation filters: document dates and grouped numbers."""

import datetime as dt

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def vn_long_date(value: dt.date | None) -> str:
    """``ngày 28 tháng 11 năm 2026``, the form documents use."""
    if not value:
        return ""
    return f"ngày {value.day} tháng {value.month} năm {value.year}"


@register.filter
def vn_number(value) -> str:
    """``2.655``: thousands grouped with dots, whatever the active language."""
    if value is None or value == "":
        return ""
    return number_format(value, force_grouping=True, use_l10n=True)
