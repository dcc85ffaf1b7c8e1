"""The council panel of the home page and the navigation test, so ``units`` (which
renders the home page) never imports this app."""

from django import template

from ..permissions import can_view_decisions
from ..selectors import council_panel as council_panel_data

register = template.Library()


@register.inclusion_tag("decisions/partials/council_panel.html")
def council_panel(user):
    return council_panel_data(user)


@register.filter
def sees_council(user) -> bool:
    return can_view_decisions(user)
