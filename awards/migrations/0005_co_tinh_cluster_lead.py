"""Cờ thi đua của UBND tỉnh: read "leads its cluster or block" from the
published standings instead of leaving it to the verifier.

The manual row seeded by 0002 becomes an ``all_of`` of ``cluster_lead`` and a
manual row for what the portal still cannot check. Only a row still exactly as
seeded is changed: a row staff edited in the admin is theirs to revisit.
Legal basis, description, dates, confidence and position stay as they are.

``co_tinh_use_cluster_lead(apps)`` is idempotent, so tests can apply it after
re-seeding the catalogue from 0002.
"""

from django.db import migrations
from django.utils import timezone

AWARD = "co_tinh"
SEEDED_PARAMS = {
    "label": "Được cụm, khối suy tôn dẫn đầu; hoàn thành vượt mức các "
    "chỉ tiêu, tiêu biểu xuất sắc của tỉnh"
}
MANUAL_LABEL = "Hoàn thành vượt mức các chỉ tiêu, tiêu biểu xuất sắc của tỉnh"
# Options in the shape 0002 seeds them ({kind, description, params}).
NEW_PARAMS = {
    "options": [
        {
            "kind": "cluster_lead",
            "description": "Được cụm, khối suy tôn dẫn đầu (bảng xếp hạng đã công bố)",
            "params": {},
        },
        {"kind": "manual", "description": MANUAL_LABEL, "params": {"label": MANUAL_LABEL}},
    ]
}


def _switch(apps, *, from_kind, from_params, to_kind, to_params):
    AwardRule = apps.get_model("awards", "AwardRule")
    # Compared in Python: JSON equality in the query differs between backends.
    ids = [
        r.pk
        for r in AwardRule.objects.filter(award__code=AWARD, kind=from_kind)
        if r.params == from_params
    ]
    AwardRule.objects.filter(pk__in=ids).update(
        kind=to_kind, params=to_params, updated_at=timezone.now()
    )


def co_tinh_use_cluster_lead(apps, schema_editor=None):
    _switch(
        apps, from_kind="manual", from_params=SEEDED_PARAMS, to_kind="all_of", to_params=NEW_PARAMS
    )


def co_tinh_back_to_manual(apps, schema_editor=None):
    _switch(
        apps, from_kind="all_of", from_params=NEW_PARAMS, to_kind="manual", to_params=SEEDED_PARAMS
    )


class Migration(migrations.Migration):
    dependencies = [("awards", "0004_rule_kind_cluster_lead")]

    operations = [migrations.RunPython(co_tinh_use_cluster_lead, co_tinh_back_to_manual)]
