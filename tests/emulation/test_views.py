"""Pages through URLs: the yearly cycle, bad input kept, permission matrix,
query counts, Excel export and upload checks."""

import io
import zipfile
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from emulation import services
from emulation.models import Campaign, ProvinceSetting, ScoreEntry, ScoreSheet
from tests.emulation.factories import build_scenario
from tests.factories import MembershipFactory, Role, UnitFactory, make_user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def ooxml(kind: str) -> bytes:
    buf = io.BytesIO()
    main = {
        "docx": ("word/document.xml", "wordprocessingml.document.main+xml"),
        "xlsx": ("xl/workbook.xml", "spreadsheetml.sheet.main+xml"),
    }[kind]
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types><Override PartName="/'
            + main[0]
            + '" ContentType="application/vnd.openxmlformats-officedocument.'
            + main[1]
            + '"/></Types>',
        )
        z.writestr(main[0], "<x/>")
    return buf.getvalue()


@pytest.fixture
def sc(db):
    return build_scenario()


def sheet_url(sc, unit, layer=None):
    url = reverse("emulation:sheet", args=[sc.table.cluster.code, 2022, unit.code])
    return f"{url}?lop={layer}" if layer else url


def post_scores(client, sc, unit, layer, values, reasons=None, files=None):
    data = {"lop": layer}
    for criterion, value in values.items():
        data[f"points_{criterion.pk}"] = value
    for criterion, reason in (reasons or {}).items():
        data[f"reason_{criterion.pk}"] = reason
    for criterion, upload in (files or {}).items():
        data[f"evidence_{criterion.pk}"] = upload
    return client.post(sheet_url(sc, unit), data)


# Bad input ------------------------------------------------------------------------------


def test_score_above_maximum_is_refused_next_to_the_field_and_typed_values_are_kept(client, sc):
    sc.open()
    client.force_login(sc.staff_a)
    response = post_scores(client, sc, sc.unit_a, "self", {sc.c1: "35", sc.c2: "12,5"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Điểm vượt quá điểm tối đa của tiêu chí (30)" in html
    assert 'value="35"' in html and 'value="12,5"' in html
    assert not ScoreEntry.objects.exists()


def test_unit_staff_posting_to_another_units_sheet_gets_404(client, sc):
    sc.open()
    client.force_login(sc.staff_a)
    response = post_scores(client, sc, sc.unit_b, "self", {sc.c1: "10"})
    assert response.status_code == 404
    assert not ScoreEntry.objects.exists()


def test_evidence_with_a_fake_extension_is_refused(client, sc):
    sc.open()
    client.force_login(sc.staff_a)
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00 not a pdf at all", "application/pdf")
    response = post_scores(client, sc, sc.unit_a, "self", {sc.c1: "10"}, files={sc.c1: fake})
    assert response.status_code == 400
    assert "không phải PDF, DOCX, XLSX, JPEG hoặc PNG" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bao-cao.pdf", PDF),
        ("anh.png", PNG),
        ("bao-cao.docx", ooxml("docx")),
        ("so-lieu.xlsx", ooxml("xlsx")),
    ],
)
def test_accepted_evidence_kinds_are_stored_and_served_only_to_permitted_users(
    client, sc, name, content, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    sc.open()
    client.force_login(sc.staff_a)
    upload = SimpleUploadedFile(name, content)
    response = post_scores(client, sc, sc.unit_a, "self", {sc.c1: "10"}, files={sc.c1: upload})
    assert response.status_code == 302
    entry = ScoreEntry.objects.get()
    assert entry.evidence_name == name
    url = reverse("emulation:evidence", args=[entry.pk])
    assert b"".join(client.get(url).streaming_content) == content
    client.force_login(sc.staff_b)
    assert client.get(url).status_code == 404


def test_zip_that_is_not_an_office_document_is_refused(sc):
    from django.core.exceptions import ValidationError

    from emulation.evidence import check_evidence

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("virus.exe", "MZ")
    with pytest.raises(ValidationError, match="không phải"):
        check_evidence(SimpleUploadedFile("bang.xlsx", buf.getvalue()))


def test_docx_renamed_to_xlsx_is_refused(sc):
    from django.core.exceptions import ValidationError

    from emulation.evidence import check_evidence

    with pytest.raises(ValidationError, match="phần đuôi không khớp"):
        check_evidence(SimpleUploadedFile("bang.xlsx", ooxml("docx")))


def test_evidence_over_the_size_cap_is_refused(sc, settings):
    from django.core.exceptions import ValidationError

    from emulation.evidence import check_evidence

    settings.VINHDANH_EVIDENCE_MAX_BYTES = 1024
    with pytest.raises(ValidationError, match="quá lớn"):
        check_evidence(SimpleUploadedFile("a.pdf", PDF + b"0" * 2048))


# The whole cycle through pages ---------------------------------------------------------


def test_yearly_cycle_through_the_pages(client, sc):
    full = {sc.c1: "30", sc.c2: "28", sc.c3: "35"}
    client.force_login(sc.provincial)
    url = reverse("emulation:table_transition", args=[sc.table.cluster.code, 2022, "mo-cham-diem"])
    assert client.post(url).status_code == 302
    for unit, staff in ((sc.head, sc.head_staff), (sc.unit_a, sc.staff_a), (sc.unit_b, sc.staff_b)):
        client.force_login(staff)
        assert post_scores(client, sc, unit, "self", full).status_code == 302
        submit = reverse(
            "emulation:sheet_transition", args=[sc.table.cluster.code, 2022, unit.code, "nop"]
        )
        client.post(submit)
        client.force_login(sc.head_staff)
        lowered = {**full, sc.c3: "30"} if unit == sc.unit_b else full
        response = post_scores(
            client, sc, unit, "cluster", lowered, reasons={sc.c3: "Chưa đạt chỉ tiêu thu ngân sách"}
        )
        assert response.status_code == 302
        client.post(submit.replace("/nop/", "/cum-cham-xong/"))
        client.force_login(sc.provincial)
        assert post_scores(client, sc, unit, "final", lowered).status_code == 302
        client.post(submit.replace("/nop/", "/tham-dinh/"))
    assert set(ScoreSheet.objects.values_list("status", flat=True)) == {"verified"}
    publish = reverse("emulation:table_transition", args=[sc.table.cluster.code, 2022, "cong-bo"])
    client.post(publish, {"next": "standings"})
    sc.table.refresh_from_db()
    assert sc.table.is_published

    client.force_login(sc.staff_b)
    page = client.get(reverse("emulation:unit_standing", args=[sc.unit_b.code, 2022]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="own-rank">3/3<' in html
    assert "Chưa đạt chỉ tiêu thu ngân sách" in html  # points lost, with the reason
    assert "<svg" in html and "Hạng 3/3" in html


# Permission matrix ---------------------------------------------------------------------


def _published(sc):
    sc.open()
    for unit in (sc.head, sc.unit_a, sc.unit_b):
        sc.run_to_verified(unit, {sc.c1: 30, sc.c2: 30, sc.c3: 30})
    services.table_transition(table=sc.table, action="publish", actor=sc.provincial)


@pytest.mark.parametrize(
    ("persona", "published", "public", "expected"),
    [
        ("provincial", False, False, 200),
        ("head_staff", False, False, 200),
        ("staff_a", False, False, 404),
        ("staff_a", True, False, 200),
        ("outsider_staff", True, False, 404),
        ("outsider_staff", True, True, 200),
        ("outsider_staff", False, True, 404),
        ("council", True, True, 200),
    ],
)
def test_standings_visibility(client, sc, persona, published, public, expected):
    if published:
        _published(sc)
    else:
        sc.open()
    ProvinceSetting.objects.update_or_create(pk=1, defaults={"public_standings": public})
    users = {
        "provincial": sc.provincial,
        "head_staff": sc.head_staff,
        "staff_a": sc.staff_a,
        "outsider_staff": make_user(Role.UNIT_STAFF, unit=UnitFactory(code="ngoai"), username="ng"),
        "council": make_user(Role.COUNCIL_MEMBER, unit=None, username="hd"),
    }
    client.force_login(users[persona])
    url = reverse("emulation:standings", args=[sc.table.cluster.code, 2022])
    assert client.get(url).status_code == expected
    assert client.get(url + "excel/").status_code == expected


@pytest.mark.parametrize(
    ("persona", "layer", "expected"),
    [
        ("staff_a", "self", 302),
        ("staff_b", "self", 404),
        ("head_staff", "cluster", 302),
        ("staff_b", "cluster", 404),
        ("head_staff", "final", 403),
        ("provincial", "final", 302),
    ],
)
def test_who_may_write_which_layer(client, sc, persona, layer, expected):
    sc.open()
    if layer != "self":
        sc.score(sc.unit_a, "self", {sc.c1: 10, sc.c2: 10, sc.c3: 10})
        services.sheet_transition(sheet=sc.sheet(sc.unit_a), action="submit", actor=sc.staff_a)
    if layer == "final":
        sc.score(sc.unit_a, "cluster", {sc.c1: 10, sc.c2: 10, sc.c3: 10})
        services.sheet_transition(sheet=sc.sheet(sc.unit_a), action="assess", actor=sc.head_staff)
    client.force_login(getattr(sc, persona))
    response = post_scores(client, sc, sc.unit_a, layer, {sc.c1: "10"})
    assert response.status_code == expected


def test_only_provincial_staff_create_campaigns_and_edit_tables(client, sc):
    client.force_login(sc.staff_a)
    assert client.get(reverse("emulation:campaign_create")).status_code == 403
    assert (
        client.get(
            reverse("emulation:table_detail", args=[sc.table.cluster.code, 2022])
        ).status_code
        == 404
    )
    client.force_login(sc.provincial)
    assert client.get(reverse("emulation:campaign_create")).status_code == 200
    assert (
        client.get(
            reverse("emulation:table_detail", args=[sc.table.cluster.code, 2022])
        ).status_code
        == 200
    )


def test_state_changes_refuse_get(client, sc):
    client.force_login(sc.provincial)
    url = reverse("emulation:table_transition", args=[sc.table.cluster.code, 2022, "mo-cham-diem"])
    assert client.get(url).status_code == 405


def test_draft_campaigns_are_hidden_from_unit_staff(client, sc):
    draft = Campaign.objects.create(
        code="du-thao",
        title="Dự thảo",
        year=2023,
        launching_authority="UBND",
        period_start="2023-01-01",
        period_end="2023-12-31",
    )
    client.force_login(sc.staff_a)
    assert client.get(reverse("emulation:campaign_detail", args=[draft.code])).status_code == 404
    assert (
        "/phong-trao/du-thao/"
        not in client.get(reverse("emulation:campaign_list")).content.decode()
    )


def test_every_page_renders_for_provincial_staff(client, sc):
    _published(sc)
    client.force_login(sc.provincial)
    code = sc.table.cluster.code
    urls = [
        reverse("emulation:campaign_list"),
        reverse("emulation:campaign_create"),
        reverse("emulation:campaign_detail", args=[sc.campaign.code]),
        reverse("emulation:campaign_edit", args=[sc.campaign.code]),
        reverse("emulation:registration", args=[sc.campaign.code]) + f"?don-vi={sc.unit_a.code}",
        reverse("emulation:pact", args=[code, 2022]),
        reverse("emulation:table_list") + "?nam=2022",
        reverse("emulation:table_detail", args=[code, 2022]),
        reverse("emulation:criterion_edit", args=[sc.c1.pk]),
        reverse("emulation:scoring_index") + "?nam=2022",
        sheet_url(sc, sc.unit_a),
        reverse("emulation:standings_index") + "?nam=2022",
        reverse("emulation:standings", args=[code, 2022]),
        reverse("emulation:unit_standing", args=[sc.unit_a.code, 2022]),
        reverse("home"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url


# Excel ------------------------------------------------------------------------------------


def test_excel_export_has_the_standings_and_never_writes_user_text_as_a_formula(client, sc):
    sc.unit_a.name = '=HYPERLINK("http://evil","Bấm")'
    sc.unit_a.save()
    _published(sc)
    client.force_login(sc.provincial)
    response = client.get(reverse("emulation:standings_excel", args=[sc.table.cluster.code, 2022]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in ws[4]]
    assert header[:3] == ["Hạng", "Đơn vị", "Tổng điểm"]
    rows = {ws.cell(row=r, column=2).value: r for r in range(5, 8)}
    evil = rows['=HYPERLINK("http://evil","Bấm")']
    assert ws.cell(row=evil, column=2).data_type == "s"
    assert ws.cell(row=evil, column=3).value == 90
    assert ws.cell(row=5, column=1).value == 1


# Query counts -------------------------------------------------------------------------------


def _cluster_with(n: int, provincial):
    sc = build_scenario(provincial=provincial)
    extra = [UnitFactory(code=f"dv-them-{n}-{i}", name=f"Đơn vị {i:03d}") for i in range(n - 3)]
    for unit in extra:
        MembershipFactory(cluster=sc.table.cluster, unit=unit)
    sc.open()
    entries = []
    for sheet in ScoreSheet.objects.filter(table=sc.table):
        for c, value in ((sc.c1, 25), (sc.c2, 20), (sc.c3, 30), (sc.bonus, 2)):
            entries.append(ScoreEntry(sheet=sheet, criterion=c, final_points=D(value)))
    ScoreEntry.objects.bulk_create(entries)
    ScoreSheet.objects.filter(table=sc.table).update(status="verified")
    services.table_transition(table=sc.table, action="publish", actor=sc.provincial)
    return sc


# Session, user, table, groups (roles), criteria, sheets with units, score
# values, the user's unit in the menu; a member also pays for the permission
# look-ups (head clusters, unit subtree, member clusters).
STANDINGS_QUERIES = {"provincial": 8, "member": 11}


@pytest.mark.parametrize("n", [10, 200])
@pytest.mark.parametrize("persona", ["provincial", "member"])
def test_standings_page_costs_the_same_queries_for_10_and_200_units(
    client, django_assert_num_queries, persona, n
):
    sc = _cluster_with(n, make_user(Role.PROVINCIAL_STAFF, username="tinh-q"))
    client.force_login(sc.provincial if persona == "provincial" else sc.staff_a)
    url = reverse("emulation:standings", args=[sc.table.cluster.code, 2022])
    with django_assert_num_queries(STANDINGS_QUERIES[persona]):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('<th scope="row"') == n
