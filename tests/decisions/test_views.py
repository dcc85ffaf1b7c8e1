"""Pages: the role × page permission matrix, refusals shown as messages, state
changes only by POST, constant query counts."""

import pytest
from django.urls import reverse

from awards.decisions import services
from awards.decisions.models import BallotReceipt, Decision, DecisionStatus
from tests.factories import Role, make_user

from .factories import (
    closed_session,
    issued_decision,
    make_council,
    members,
    open_session,
    secretary_of,
    verified_items,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return make_council(5, standing=5)


@pytest.fixture
def open_one(council):
    return open_session(council, verified_items("cstd_tinh", 2))


@pytest.fixture
def personas(council, provincial, staff_a, outsider):
    return {
        "secretary": secretary_of(council),
        "member": members(council)[4].user,
        "provincial": provincial,
        "unit_staff": staff_a,
        "outsider": outsider,
    }


def _status(client, user, url, method="get", data=None):
    client.force_login(user)
    response = getattr(client, method)(url, data or {})
    return response.status_code


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("secretary", 200),
        ("member", 200),
        ("provincial", 200),
        ("unit_staff", 404),
        ("outsider", 404),
    ],
)
def test_who_sees_a_session(client, personas, open_one, persona, expected):
    url = reverse("decisions:session_detail", args=[open_one.uid])
    assert _status(client, personas[persona], url) == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("secretary", 200),
        ("member", 403),
        ("provincial", 403),
        ("unit_staff", 404),
        ("outsider", 404),
    ],
)
def test_only_the_secretary_enters_written_opinions(client, personas, open_one, persona, expected):
    url = reverse("decisions:written", args=[open_one.uid])
    assert _status(client, personas[persona], url) == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("secretary", 200), ("member", 200), ("provincial", 403), ("unit_staff", 404)],
)
def test_only_seated_members_get_a_ballot(client, personas, open_one, persona, expected):
    # The secretary sits on this council too.
    url = reverse("decisions:ballot", args=[open_one.uid])
    assert _status(client, personas[persona], url) == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("secretary", 200),
        ("member", 200),
        ("provincial", 200),
        ("unit_staff", 404),
        ("outsider", 404),
    ],
)
def test_who_sees_the_council_page(client, personas, persona, expected):
    assert _status(client, personas[persona], reverse("decisions:council")) == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("secretary", 200),
        ("member", 200),
        ("provincial", 200),
        ("unit_staff", 404),
        ("outsider", 404),
    ],
)
def test_who_sees_the_decision_list(client, personas, persona, expected):
    assert _status(client, personas[persona], reverse("decisions:decision_list")) == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("secretary", 404), ("member", 404), ("provincial", 200), ("unit_staff", 404)],
)
def test_drafts_are_the_staffs_working_papers(client, council, personas, persona, expected):
    session = closed_session(council, verified_items("cstd_tinh", 1), ["yes"] * 5)
    draft = services.decision_generate(session=session, actor=personas["provincial"])
    url = reverse("decisions:decision_detail", args=[draft.uid])
    assert _status(client, personas[persona], url) == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    # Drafts are invisible to council members (404), so they cannot even reach the button.
    [("secretary", 404), ("member", 404), ("provincial", 302), ("unit_staff", 404)],
)
def test_only_provincial_staff_issue(client, council, personas, persona, expected):
    session = closed_session(council, verified_items("cstd_tinh", 1), ["yes"] * 5)
    draft = services.decision_generate(session=session, actor=personas["provincial"])
    services.decision_update(decision=draft, actor=personas["provincial"], number="9/QĐ-UBND")
    url = reverse("decisions:decision_issue", args=[draft.uid])
    status = _status(client, personas[persona], url, "post")
    assert status == expected
    issued = Decision.objects.get().status == DecisionStatus.ISSUED
    assert issued == (persona == "provincial")


@pytest.mark.parametrize(
    "name",
    ["session_close", "session_cancel", "generate", "escalate", "mark_present"],
)
def test_state_changes_refuse_get(client, personas, open_one, name):
    client.force_login(personas["secretary"])
    assert client.get(reverse(f"decisions:{name}", args=[open_one.uid])).status_code == 405


def test_a_member_votes_on_the_phone_page_and_sees_only_that_they_voted(client, council, open_one):
    member = members(council)[4].user
    client.force_login(member)
    data = {f"item-{i.uid}": "no" for i in open_one.agenda.all()}
    response = client.post(reverse("decisions:ballot", args=[open_one.uid]), data, follow=True)
    assert "Phiếu của bạn đã được ghi nhận" in response.content.decode()
    assert BallotReceipt.objects.filter(member__user=member).count() == 1
    page = client.get(reverse("decisions:ballot", args=[open_one.uid])).content.decode()
    assert "Bạn đã bỏ phiếu trong phiên họp này" in page
    assert 'value="no"' not in page and "checked" not in page


def test_voting_twice_through_the_page_shows_a_message_and_changes_nothing(
    client, council, open_one
):
    member = members(council)[4].user
    client.force_login(member)
    data = {f"item-{i.uid}": "yes" for i in open_one.agenda.all()}
    url = reverse("decisions:ballot", args=[open_one.uid])
    client.post(url, data)
    response = client.post(url, data)
    assert "chỉ bỏ phiếu một lần" in response.content.decode()
    assert BallotReceipt.objects.count() == 1


def test_a_tampered_ballot_naming_another_sessions_item_is_refused(client, council, open_one):
    other = open_session(council, verified_items("cstd_tinh", 1))
    member = members(council)[4].user
    client.force_login(member)
    data = {f"item-{i.uid}": "yes" for i in open_one.agenda.all()}
    data[f"item-{other.agenda.get().uid}"] = "yes"
    response = client.post(reverse("decisions:ballot", args=[open_one.uid]), data)
    assert "không thuộc phiên họp này" in response.content.decode()
    assert not BallotReceipt.objects.exists()


def test_an_unanswered_question_is_pointed_out_and_the_other_answers_kept(
    client, council, open_one
):
    member = members(council)[4].user
    client.force_login(member)
    first = open_one.agenda.first()
    response = client.post(
        reverse("decisions:ballot", args=[open_one.uid]), {f"item-{first.uid}": "abstain"}
    )
    page = response.content.decode()
    assert "Chọn ý kiến cho nội dung này." in page
    assert 'value="abstain" autocomplete="off" checked' in page
    assert not BallotReceipt.objects.exists()


def test_editing_an_issued_decision_through_the_page_is_refused(client, council, provincial):
    decision = issued_decision(council, "cstd_tinh", 1, number="9/QĐ-UBND", actor=provincial)
    client.force_login(provincial)
    response = client.post(
        reverse("decisions:decision_edit", args=[decision.uid]), {"title": "X"}, follow=True
    )
    assert "không thể sửa" in response.content.decode()
    decision.refresh_from_db()
    assert decision.title != "X"


def test_issuing_twice_through_the_page_shows_a_message(client, council, provincial):
    decision = issued_decision(council, "cstd_tinh", 1, number="9/QĐ-UBND", actor=provincial)
    client.force_login(provincial)
    response = client.post(reverse("decisions:decision_issue", args=[decision.uid]), follow=True)
    assert "đã ban hành" in response.content.decode()


def test_prize_export_is_a_workbook_without_formulas(client, council, provincial):
    from io import BytesIO

    from openpyxl import load_workbook

    decision = issued_decision(council, "cstd_tinh", 2, number="9/QĐ-UBND", actor=provincial)
    entry = decision.entries.first()
    entry.position_text = '=HYPERLINK("http://x")'
    entry.save()
    client.force_login(provincial)
    response = client.get(reverse("decisions:prize_year_export", args=[2023]))
    wb = load_workbook(BytesIO(response.content))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    assert any(c.value == '=HYPERLINK("http://x")' for c in cells)
    summary = wb.worksheets[0]
    assert summary.cell(row=3, column=5).value == 2 * 4_470_000


@pytest.mark.parametrize("decisions", [1, 6])
def test_decision_list_uses_a_constant_number_of_queries(
    client, council, provincial, django_assert_num_queries, decisions
):
    for n in range(decisions):
        issued_decision(council, "cstd_tinh", 2, number=f"{n + 1}/QĐ-UBND", actor=provincial)
    client.force_login(provincial)
    url = reverse("decisions:decision_list")
    client.get(url)
    with django_assert_num_queries(5):
        client.get(url)


@pytest.mark.parametrize("items", [1, 8])
def test_session_page_uses_a_constant_number_of_queries(
    client, council, django_assert_num_queries, items
):
    session = closed_session(council, verified_items("cstd_tinh", items), ["yes"] * 5)
    client.force_login(secretary_of(council))
    url = reverse("decisions:session_detail", args=[session.uid])
    client.get(url)
    with django_assert_num_queries(16):
        client.get(url)


def test_home_page_shows_the_ballot_waiting_for_a_member(client, council, open_one):
    member = members(council)[4].user
    client.force_login(member)
    page = client.get(reverse("home")).content.decode()
    assert "Đang chờ phiếu của bạn" in page
    assert reverse("decisions:ballot", args=[open_one.uid]) in page


def test_unit_staff_do_not_see_the_council_menu(client, staff_a):
    client.force_login(staff_a)
    page = client.get(reverse("home")).content.decode()
    assert reverse("decisions:council") not in page


def test_provincial_staff_see_the_council_and_decisions_menu(client):
    client.force_login(make_user(Role.PROVINCIAL_STAFF, username="tdkt2"))
    page = client.get(reverse("home")).content.decode()
    assert reverse("decisions:council") in page and reverse("decisions:decision_list") in page
