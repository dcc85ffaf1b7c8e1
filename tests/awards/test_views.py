"""Pages through URLs: access matrix, entry with htmx, exports, query counts."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from awards.models import Award, Nomination, NominationItem
from tests.awards.factories import NominationFactory, PersonFactory, item, rating
from tests.factories import Role, UnitFactory, make_user

pytestmark = pytest.mark.django_db
S = Nomination.Status


def detail(n):
    return reverse("awards:nomination_detail", args=[n.uid])


@pytest.fixture
def parent_staff(unit_a):
    return make_user(Role.UNIT_STAFF, unit=unit_a, username="parent_staff")


@pytest.fixture
def school_staff(school_a):
    return make_user(Role.UNIT_STAFF, unit=school_a, username="school_staff")


PERSONAS = [
    "provincial",
    "administrator",
    "staff_a",
    "school_staff",
    "staff_b",
    "council_member",
    "outsider",
]
# Who may open a dossier of school_a (a unit under unit_a), by state.
EXPECTED = {
    ("draft", "provincial"): 200,
    ("draft", "administrator"): 200,
    ("draft", "staff_a"): 200,
    ("draft", "school_staff"): 200,
    ("draft", "staff_b"): 404,
    ("draft", "council_member"): 404,
    ("draft", "outsider"): 404,
    ("submitted", "provincial"): 200,
    ("submitted", "administrator"): 200,
    ("submitted", "staff_a"): 200,
    ("submitted", "school_staff"): 200,
    ("submitted", "staff_b"): 404,
    ("submitted", "council_member"): 404,
    ("submitted", "outsider"): 404,
}


@pytest.mark.parametrize("state", ["draft", "submitted"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_role_by_dossier_access_matrix(request, client, school_a, state, persona):
    user = request.getfixturevalue(persona)
    nomination = NominationFactory(proposing_unit=school_a, status=state)
    client.force_login(user)
    assert client.get(detail(nomination)).status_code == EXPECTED[(state, persona)]
    # Editing is for the proposing side, and only while the dossier is a draft.
    edit = client.get(reverse("awards:nomination_edit", args=[nomination.uid])).status_code
    # Provincial staff see a unit's drafts but do not edit them: they correct
    # submitted dossiers instead, and the correction is recorded.
    can_edit = state == "draft" and persona in ("staff_a", "school_staff")
    assert edit == (
        200
        if can_edit
        else EXPECTED[(state, persona)]
        if EXPECTED[(state, persona)] == 404
        else 403
    )


def test_provincial_list_hides_drafts_by_default_but_can_show_them(client, provincial, unit_a):
    draft = NominationFactory(proposing_unit=unit_a, title="Hồ sơ đang soạn")
    sent = NominationFactory(proposing_unit=unit_a, title="Hồ sơ đã gửi", status=S.SUBMITTED)
    client.force_login(provincial)
    page = client.get(reverse("awards:nomination_list")).content.decode()
    assert sent.title in page and draft.title not in page
    page = client.get(reverse("awards:nomination_list") + "?status=draft").content.decode()
    assert draft.title in page


def test_unit_staff_list_shows_only_their_units(client, staff_a, unit_a, unit_b):
    NominationFactory(proposing_unit=unit_a, title="Hồ sơ của sở A")
    NominationFactory(proposing_unit=unit_b, title="Hồ sơ của sở B", status=S.SUBMITTED)
    client.force_login(staff_a)
    page = client.get(reverse("awards:nomination_list")).content.decode()
    assert "Hồ sơ của sở A" in page and "Hồ sơ của sở B" not in page


def test_citizen_id_is_shown_to_provincial_staff_only(client, provincial, staff_a, unit_a):
    person = PersonFactory(unit=unit_a, citizen_id="019180000777")
    url = reverse("awards:person_detail", args=[person.pk])
    client.force_login(staff_a)
    assert "019180000777" not in client.get(url).content.decode()
    client.force_login(provincial)
    assert "019180000777" in client.get(url).content.decode()


def test_person_search_is_accent_insensitive(client, staff_a, unit_a):
    PersonFactory(unit=unit_a, full_name="Nguyễn Văn Ánh")
    PersonFactory(unit=unit_a, full_name="Trần Thị Bích")
    nomination = NominationFactory(proposing_unit=unit_a)
    client.force_login(staff_a)
    url = reverse("awards:person_options", args=[nomination.uid])
    html = client.get(url, {"q": "nguyen van anh"}).content.decode()
    assert "Nguyễn Văn Ánh" in html and "Trần Thị Bích" not in html


def test_htmx_add_shows_the_verdict_and_live_preview_explains_failures(client, staff_a, unit_a):
    person = PersonFactory(unit=unit_a, full_name="Nguyễn Văn Ánh")
    nomination = NominationFactory(proposing_unit=unit_a, award_year=2022)
    client.force_login(staff_a)
    award_id = Award.objects.get(code="cstd_tinh").pk
    data = {
        "recipient_kind": "individual",
        "person": person.pk,
        "award": award_id,
        "achievement": "Giáo viên dạy giỏi",
    }
    preview = client.post(
        reverse("awards:item_preview", args=[nomination.uid]), data, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Không đủ điều kiện" in preview
    assert "Thiếu danh hiệu Chiến sĩ thi đua cơ sở năm 2020, 2021, 2022" in preview
    assert not NominationItem.objects.exists()
    block = client.post(
        reverse("awards:item_add", args=[nomination.uid]), data, HTTP_HX_REQUEST="true"
    )
    assert block.status_code == 200
    assert "Nguyễn Văn Ánh" in block.content.decode()
    assert NominationItem.objects.get().verdict == "ineligible"


def test_adding_a_person_of_another_unit_is_refused_with_a_message(client, staff_a, unit_a, unit_b):
    stranger = PersonFactory(unit=unit_b)
    nomination = NominationFactory(proposing_unit=unit_a)
    client.force_login(staff_a)
    response = client.post(
        reverse("awards:item_add", args=[nomination.uid]),
        {
            "recipient_kind": "individual",
            "person": stranger.pk,
            "award": Award.objects.get(code="giay_khen").pk,
            "achievement": "x",
        },
    )
    assert response.status_code == 422
    assert "Người này không thuộc đơn vị đề nghị" in response.content.decode()


def test_get_on_a_state_change_is_refused(client, staff_a, unit_a):
    nomination = NominationFactory(proposing_unit=unit_a)
    client.force_login(staff_a)
    url = reverse("awards:nomination_action", args=[nomination.uid, "submit"])
    assert client.get(url).status_code == 405


def test_return_without_reason_shows_the_message_and_keeps_the_state(client, provincial, unit_a):
    nomination = NominationFactory(proposing_unit=unit_a, status=S.SUBMITTED)
    client.force_login(provincial)
    url = reverse("awards:nomination_action", args=[nomination.uid, "return"])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 422
    assert "Nhập lý do trả lại hồ sơ." in response.content.decode()
    nomination.refresh_from_db()
    assert nomination.status == S.SUBMITTED


def test_export_carries_verdicts_and_never_a_formula(client, provincial, unit_a):
    person = PersonFactory(unit=unit_a, full_name='=HYPERLINK("http://x")')
    nomination = NominationFactory(proposing_unit=unit_a, status=S.SUBMITTED, award_year=2024)
    row = item(nomination, person, "ldtt", achievement="=1+2")
    from awards.services.nominations import nomination_check

    nomination_check(nomination=nomination)
    client.force_login(provincial)
    response = client.get(reverse("awards:item_export", args=["xlsx"]))
    ws = load_workbook(io.BytesIO(response.content)).active
    cells = {c.value: c for r in ws.iter_rows() for c in r}
    assert cells["=1+2"].data_type == "s"
    assert all(c.data_type != "f" for c in cells.values())
    assert "Không đủ điều kiện" in cells
    assert any(isinstance(v, str) and "Chưa đạt mức" in v for v in cells)
    csv_text = client.get(reverse("awards:item_export", args=["csv"])).content.decode("utf-8-sig")
    assert "'=1+2" in csv_text and "'=HYPERLINK" in csv_text
    assert row.pk


def _many(unit, n):
    nomination = NominationFactory(proposing_unit=unit, status=S.SUBMITTED, award_year=2024)
    for person in PersonFactory.create_batch(n, unit=unit):
        rating(person, 2024, "good")
        item(nomination, person, "ldtt")
    item(nomination, unit, "ttldtt")
    return nomination


def test_nominee_list_query_count_does_not_grow_with_rows(
    client, provincial, unit_a, django_assert_num_queries
):
    _many(unit_a, 2)
    client.force_login(provincial)
    url = reverse("awards:item_list")
    client.get(url)  # warm caches (content types, sessions)
    with django_assert_num_queries(10) as small:
        client.get(url)
    _many(UnitFactory(), 20)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.context["page"].paginator.count == 24


def test_dossier_list_query_count_does_not_grow_with_rows(
    client, provincial, unit_a, django_assert_num_queries
):
    _many(unit_a, 1)
    client.force_login(provincial)
    url = reverse("awards:nomination_list")
    client.get(url)
    with django_assert_num_queries(10) as small:
        client.get(url)
    for _ in range(6):
        _many(UnitFactory(), 2)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url)


@pytest.mark.parametrize(
    "name",
    [
        "awards:nomination_list",
        "awards:item_list",
        "awards:person_list",
        "awards:catalogue",
        "awards:history_import",
        "awards:nomination_create",
        "awards:household_list",
    ],
)
def test_pages_render_for_unit_staff(client, staff_a, name):
    client.force_login(staff_a)
    assert client.get(reverse(name)).status_code == 200


def test_award_page_shows_rules_per_regime(client, staff_a):
    client.force_login(staff_a)
    html = client.get(reverse("awards:award_detail", args=["cstd_cs"])).content.decode()
    assert "15% số Lao động tiên tiến" in html
    assert "sáng kiến không còn bắt buộc" in html


def test_council_member_cannot_open_the_dossier_pages(client, council_member):
    client.force_login(council_member)
    assert client.get(reverse("awards:nomination_list")).status_code == 403
