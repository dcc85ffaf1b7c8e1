"""Access predicates for the reports app's templates (navigation, home panel)."""

from django import template

from awards.reports import permissions

register = template.Library()


@register.filter
def can_view_statistics(user) -> bool:
    return permissions.can_view_statistics(user)


@register.filter
def can_view_unit_dashboard(user) -> bool:
    return permissions.can_view_unit_dashboard(user)
