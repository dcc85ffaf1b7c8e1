"""Presentation helpers for scores."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def points(value) -> str:
    """``7,5`` / ``30`` / ``–`` for no score: points as Vietnamese users write them."""
    if value is None or value == "":
        return "–"
    return f"{Decimal(value).quantize(Decimal('0.01')).normalize():f}".replace(".", ",")


@register.filter
def get_item(mapping, key):
    """``{{ row.groups|get_item:group.pk }}``"""
    if mapping is None:
        return None
    return mapping.get(key)


@register.filter
def contains(container, item) -> bool:
    """``{% if own_ids|contains:row.unit.pk %}``; ``None`` means "all"."""
    if container is None:
        return True
    return item in container


@register.inclusion_tag("emulation/partials/home_panel.html", takes_context=True)
def emulation_home_panel(context):
    """The home page panel: the unit's latest standing and open work."""
    from emulation import permissions as perms
    from emulation.models import Campaign, ScoreSheet, Standing

    user = context["user"]
    ctx = {"user": user}
    ctx["campaigns"] = list(Campaign.objects.launched().order_by("-year", "title")[:3])
    if user.unit_id:
        ctx["standing"] = (
            Standing.objects.filter(unit_id=user.unit_id, table__status="published")
            .select_related("table__cluster")
            .order_by("-table__year")
            .first()
        )
        ctx["sheet"] = (
            ScoreSheet.objects.filter(unit_id=user.unit_id)
            .select_related("table__cluster")
            .order_by("-table__year")
            .first()
        )
        heads = perms.head_cluster_years(user)
        if heads:
            q = ScoreSheet.objects.none()
            for cluster_id, year in heads:
                q = q | ScoreSheet.objects.filter(table__cluster_id=cluster_id, table__year=year)
            ctx["to_assess"] = q.filter(status="submitted").count()
    if perms.is_provincial(user):
        ctx["to_verify"] = ScoreSheet.objects.filter(status="assessed").count()
    return ctx
