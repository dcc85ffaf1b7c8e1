"""Access helpers of the awards app, built on units.permissions.

- Unit staff see their own unit's and subordinate units' dossiers in every state
  (never another unit's drafts); provincial staff and administrators see every
  dossier (lists hide drafts by default, but they are never blocked from one);
  council members and others see no dossier here.
- Citizen ID numbers are shown to provincial staff only.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from .models import Nomination, NominationItem, Person
from .workflow import acts_for_unit, is_provincial


def get_nomination_for_user(request: HttpRequest, uid, *, write: bool = False) -> Nomination:
    """The dossier ``uid`` if visible to the user (else 404); with ``write``,
    403 unless the user may edit its contents now."""
    try:
        nomination = (
            Nomination.objects.visible_to(request.user)
            .select_related("proposing_unit", "campaign", "created_by")
            .get(uid=uid)
        )
    except Nomination.DoesNotExist:
        raise Http404 from None
    if write and not can_edit(request.user, nomination):
        raise PermissionDenied
    return nomination


def get_item_for_user(request, nomination: Nomination, pk: int) -> NominationItem:
    try:
        return nomination.items.select_related("person__unit", "unit", "household", "award").get(
            pk=pk
        )
    except NominationItem.DoesNotExist:
        raise Http404 from None


def can_edit(user, nomination: Nomination) -> bool:
    return nomination.is_editable_by_unit() and acts_for_unit(user, nomination)


def can_correct(user, nomination: Nomination) -> bool:
    return nomination.is_awaiting_verification() and is_provincial(user, nomination)


def can_see_citizen_id(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.sees_everything


def can_use_awards(user) -> bool:
    """Dossier and people pages: unit staff with a unit, provincial staff, administrators."""
    from units.permissions import visible_unit_ids

    ids = visible_unit_ids(user)
    return ids is None or bool(ids)


def get_person_for_user(request, pk: int) -> Person:
    try:
        return Person.objects.visible_to(request.user).select_related("unit").get(pk=pk)
    except Person.DoesNotExist:
        raise Http404 from None
