"""Who may do what in the emulation app, built on units.permissions.

- Provincial staff (``user.sees_everything``) do everything.
- Unit staff register and self-score for the units they see
  (``visible_unit_ids``: their own unit and its subordinate units).
- Staff of a cluster's head unit assess the members of that cluster, that year.
- Published standings of a cluster are seen by its members' staff, by
  provincial staff, and by every signed-in user when the province makes them
  public (``ProvinceSetting.public_standings``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from units.models import ClusterMembership, Role
from units.permissions import visible_unit_ids

from .models import ProvinceSetting, ScoreSheet, ScoringTable

_HEAD_CACHE = "_emulation_head_clusters"
_MEMBER_CACHE = "_emulation_member_clusters"


def is_provincial(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.sees_everything)


def can_manage_campaigns(user) -> bool:
    return is_provincial(user)


def can_act_for_unit(user, unit_id: int) -> bool:
    """Register and self-score for ``unit_id``: its own staff, or provincial staff."""
    if is_provincial(user):
        return True
    ids = visible_unit_ids(user)
    return user.has_role(Role.UNIT_STAFF) and ids is not None and unit_id in ids


def head_cluster_years(user) -> frozenset[tuple[int, int]]:
    """(cluster_id, year) pairs whose head unit is ``user``'s unit (cached, one query)."""
    if not getattr(user, "is_authenticated", False) or not user.unit_id:
        return frozenset()
    if not hasattr(user, _HEAD_CACHE):
        pairs = frozenset()
        if user.has_role(Role.UNIT_STAFF):
            pairs = frozenset(
                ClusterMembership.objects.filter(
                    unit_id=user.unit_id, role=ClusterMembership.Role.HEAD
                ).values_list("cluster_id", "year")
            )
        setattr(user, _HEAD_CACHE, pairs)
    return getattr(user, _HEAD_CACHE)


def member_cluster_years(user) -> frozenset[tuple[int, int]]:
    """(cluster_id, year) pairs in which ``user``'s units are members (one query)."""
    if not getattr(user, "is_authenticated", False) or not user.unit_id:
        return frozenset()
    if not hasattr(user, _MEMBER_CACHE):
        ids = visible_unit_ids(user) or frozenset()
        pairs = frozenset(
            ClusterMembership.objects.filter(unit_id__in=ids).values_list("cluster_id", "year")
        )
        setattr(user, _MEMBER_CACHE, pairs)
    return getattr(user, _MEMBER_CACHE)


def is_cluster_head_for(user, table: ScoringTable) -> bool:
    return (table.cluster_id, table.year) in head_cluster_years(user)


def can_assess(user, table: ScoringTable) -> bool:
    return is_provincial(user) or is_cluster_head_for(user, table)


def can_see_live_standings(user, table: ScoringTable) -> bool:
    """Unpublished (working) standings: the people doing the scoring."""
    return can_assess(user, table)


def can_see_published_standings(user, table: ScoringTable) -> bool:
    if can_see_live_standings(user, table):
        return True
    if not table.is_published:
        return False
    if (table.cluster_id, table.year) in member_cluster_years(user):
        return True
    return ProvinceSetting.current().public_standings


def can_see_standings(user, table: ScoringTable) -> bool:
    if table.is_published:
        return can_see_published_standings(user, table)
    return can_see_live_standings(user, table)


def can_see_sheet(user, sheet: ScoreSheet) -> bool:
    return can_act_for_unit(user, sheet.unit_id) or can_assess(user, sheet.table)


def can_edit_layer(user, sheet: ScoreSheet, layer: str) -> bool:
    if layer == "self":
        return can_act_for_unit(user, sheet.unit_id)
    if layer == "cluster":
        return can_assess(user, sheet.table)
    return is_provincial(user)


def require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied


def require_visible(condition: bool) -> None:
    """404 rather than 403, so that existence is not confirmed."""
    if not condition:
        raise Http404
