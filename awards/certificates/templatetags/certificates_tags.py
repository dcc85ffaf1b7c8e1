from django import template

from awards.certificates.permissions import can_view_certificates as _can_view

register = template.Library()


@register.filter
def can_view_certificates(user) -> bool:
    return _can_view(user)
