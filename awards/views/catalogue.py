"""The award catalogue and its dated rule rows, grouped by regime."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from ..models import Award, AwardRule, Regime


def catalogue(request: HttpRequest) -> HttpResponse:
    awards = Award.objects.filter(is_active=True).order_by("category", "rank")
    return render(
        request,
        "awards/catalogue.html",
        {"awards": awards, "regimes": Regime.objects.order_by("valid_from")},
    )


def award_detail(request: HttpRequest, code: str) -> HttpResponse:
    award = get_object_or_404(Award, code=code)
    rules = list(AwardRule.objects.filter(award=award).order_by("valid_from", "kind", "position"))
    general = list(AwardRule.objects.filter(award__isnull=True).order_by("kind", "position"))
    regimes = list(Regime.objects.order_by("valid_from"))
    groups = []
    for regime in regimes:
        start = regime.valid_from
        rows = [
            r
            for r in rules
            if (r.valid_from is None or regime.valid_to is None or r.valid_from <= regime.valid_to)
            and (r.valid_to is None or start is None or r.valid_to >= start)
        ]
        groups.append((regime, rows))
    return render(
        request, "awards/award_detail.html", {"award": award, "groups": groups, "general": general}
    )
