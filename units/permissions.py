"""Who sees what: the single vocabulary every app builds its access on.

- Provincial staff, administrators and superusers see every unit.
- Unit staff see their own unit and its subordinate units (by ``parent``).
- Everyone else (council members without a unit role, for instance) sees no
  unit's private pages or drafts.

Other apps filter their unit-owned rows with :func:`unit_filter`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest

from .models import Role, Unit

_CACHE_ATTR = "_visible_unit_ids"


def visible_unit_ids(user) -> frozenset[int] | None:
    """IDs of the units whose private data ``user`` may see; ``None`` means all.

    Cached on the user object, so a request pays for it once (one query).
    """
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    if hasattr(user, _CACHE_ATTR):
        return getattr(user, _CACHE_ATTR)
    ids: frozenset[int] | None
    if user.sees_everything:
        ids = None
    elif user.unit_id and user.has_role(Role.UNIT_STAFF):
        ids = frozenset(subtree_ids(user.unit_id))
    else:
        ids = frozenset()
    setattr(user, _CACHE_ATTR, ids)
    return ids


def subtree_ids(root_id: int) -> set[int]:
    """``root_id`` and every unit below it. One query over (id, parent) pairs:
    the unit tree is a few thousand rows at most, and this keeps the query
    count constant whatever the depth."""
    children: dict[int, list[int]] = {}
    for pk, parent_id in Unit.objects.filter(parent__isnull=False).values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, stack = {root_id}, [root_id]
    while stack:
        for child in children.get(stack.pop(), ()):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def unit_filter(user, field: str = "unit") -> Q:
    """A ``Q`` restricting rows owned by ``field`` to units ``user`` may see."""
    ids = visible_unit_ids(user)
    if ids is None:
        return Q()
    return Q(**{f"{field}__in": ids})


def can_manage_units(user) -> bool:
    """Creating, editing and reorganising units, and managing clusters."""
    return user.is_authenticated and user.sees_everything


def get_unit_for_user(request: HttpRequest, code: str, *, write: bool = False) -> Unit:
    """The unit ``code`` if ``request.user`` may see its private pages.

    404 if it is not visible (so its existence is not confirmed), 403 if it is
    visible but ``write`` is asked and the user may not change it.
    """
    try:
        unit = Unit.objects.visible_to(request.user).get(code=code)
    except Unit.DoesNotExist:
        raise Http404 from None
    if write and not can_manage_units(request.user):
        raise PermissionDenied
    return unit
