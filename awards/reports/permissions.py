"""Who sees statistics and who writes the year-end report.

- Provincial staff, administrators and superusers (``sees_everything``) and the
  council (members and secretary) see the province's statistics and dashboard.
- Provincial staff and superusers write the narrative and render the report.
- Unit staff see their own unit's dashboard (their unit and subordinate units).
- Anyone, signed in or not, sees the public pages (published decisions only).
"""

from __future__ import annotations

from units.models import Role


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def can_view_statistics(user) -> bool:
    return _authenticated(user) and (
        user.sees_everything or user.has_role(Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARY)
    )


def can_edit_reports(user) -> bool:
    return _authenticated(user) and (user.is_superuser or user.has_role(Role.PROVINCIAL_STAFF))


def can_view_unit_dashboard(user) -> bool:
    return _authenticated(user) and bool(user.unit_id) and user.has_role(Role.UNIT_STAFF)
