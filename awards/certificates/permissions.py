"""Who may do what with certificates.

- Provincial staff (and superusers): everything — render, retry, downloads of a whole
  decision (zip, merged print file, print-on-blank), blank calibration.
- Administrators: see every decision's certificates and download them (read-only, as on
  every other page), and upload issuer emblems in the admin.
- Unit staff: the certificates of their own unit's awardees (the unit that proposed them,
  or a unit below it), one file at a time; never the whole decision's bundles.
- Everyone else: nothing here (404). The verification page is public.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from units.models import Role
from units.permissions import visible_unit_ids


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def can_manage_certificates(user) -> bool:
    return _authenticated(user) and (user.is_superuser or user.has_role(Role.PROVINCIAL_STAFF))


def can_view_all_certificates(user) -> bool:
    return _authenticated(user) and user.sees_everything


def can_view_certificates(user) -> bool:
    if can_view_all_certificates(user):
        return True
    return _authenticated(user) and user.has_role(Role.UNIT_STAFF) and bool(user.unit_id)


def certificate_filter(user) -> Q:
    """Certificates ``user`` may see (``Q()`` for all); by the proposing unit."""
    if can_view_all_certificates(user):
        return Q()
    if not can_view_certificates(user):
        return Q(pk__in=[])
    ids = visible_unit_ids(user) or frozenset()
    return Q(entry__nomination_item__nomination__proposing_unit_id__in=ids)


def require_view(user) -> None:
    if not can_view_certificates(user):
        raise Http404


def require_manage(user) -> None:
    require_view(user)
    if not can_manage_certificates(user):
        raise PermissionDenied
