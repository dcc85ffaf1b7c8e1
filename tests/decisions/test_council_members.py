"""Council membership maintained in the portal: the secretary adds members, edits
their seat and ends their membership; every write leaves an audit row, and
sessions already opened or closed are not changed."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from awards.decisions import services
from awards.decisions.models import CouncilMember, CouncilRole
from tests.conftest import PHONE, assert_accessible, browser_login, screenshot
from tests.factories import make_user
from units.models import AuditEvent

from .factories import TERM_START, make_council, members, open_session, verified_items

ADD = reverse("decisions:member_add")
COUNCIL = reverse("decisions:council")


@pytest.fixture
def council(db):
    return make_council(5, standing=3)


@pytest.fixture
def newcomer(unit_a):
    return make_user(unit=unit_a, username="nguoimoi", full_name="Trần Thị Bình")


def _form(user, **overrides):
    data = {
        "user": user.pk,
        "role": CouncilRole.MEMBER,
        "title": "Phó Giám đốc Sở Giáo dục và Đào tạo",
        "valid_from": timezone.localdate().isoformat(),
        "position": 20,
    }
    data.update(overrides)
    return data


def _serving(council):
    return set(
        council.members.serving_on(timezone.localdate()).values_list("user__username", flat=True)
    )


# Add ------------------------------------------------------------------------------


def test_secretary_adds_a_member_who_appears_on_the_council_page(
    client_for, secretary, council, newcomer
):
    client = client_for(secretary)
    response = client.post(ADD, _form(newcomer, is_standing="on"))
    assert response.status_code == 302
    seat = council.members.get(user=newcomer)
    assert seat.is_standing and seat.position == 20
    page = client.get(COUNCIL).content.decode()
    assert "Trần Thị Bình" in page and "Phó Giám đốc Sở Giáo dục và Đào tạo" in page
    event = AuditEvent.objects.get(action="decisions.council_member.added")
    assert event.actor == secretary and event.target_id == str(seat.pk)


def test_add_form_offers_active_people_without_a_seat_with_their_unit(
    client_for, secretary, council, newcomer
):
    make_user(unit=None, username="dakhoa", full_name="Người Đã Khóa", is_active=False)
    page = client_for(secretary).get(ADD).content.decode()
    assert "Trần Thị Bình – Sở Giáo dục và Đào tạo" in page
    assert "Người Đã Khóa" not in page
    assert "Thành viên số 01" not in page  # already serving
    assert f'value="{timezone.localdate().isoformat()}"' in page


def test_a_serving_member_cannot_be_added_twice_and_the_typed_values_stay(
    client_for, secretary, council
):
    serving = members(council)[4].user
    response = client_for(secretary).post(ADD, _form(serving, title="Chức vụ vừa gõ"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["user"] == [
        f"Thành viên số 05 đang là thành viên Hội đồng (từ ngày {TERM_START:%d/%m/%Y})."
    ]
    page = response.content.decode()
    assert 'value="Chức vụ vừa gõ"' in page and 'value="20"' in page
    assert council.members.filter(user=serving).count() == 1
    assert not AuditEvent.objects.filter(action="decisions.council_member.added").exists()


def test_a_second_chair_is_refused_while_the_first_serves(client_for, secretary, council, newcomer):
    response = client_for(secretary).post(ADD, _form(newcomer, role=CouncilRole.CHAIR))
    assert "Hội đồng chỉ có một Chủ tịch Hội đồng" in response.context["form"].errors["role"][0]
    assert not council.members.filter(user=newcomer).exists()


def test_joining_before_the_term_starts_is_refused(client_for, secretary, council, newcomer):
    before = TERM_START - dt.timedelta(days=1)
    response = client_for(secretary).post(ADD, _form(newcomer, valid_from=before.isoformat()))
    assert response.context["form"].errors["valid_from"] == [
        f"Ngày tham gia không được trước ngày bắt đầu nhiệm kỳ ({TERM_START:%d/%m/%Y})."
    ]


# Edit and end -----------------------------------------------------------------------


def test_secretary_edits_a_seat_and_the_change_is_audited(client_for, secretary, council):
    seat = members(council)[4]
    url = reverse("decisions:member_edit", args=[seat.pk])
    response = client_for(secretary).post(
        url, {"role": CouncilRole.VICE_CHAIR, "title": "Giám đốc Sở Tài chính", "position": 3}
    )
    assert response.status_code == 302
    seat.refresh_from_db()
    assert (seat.role, seat.title, seat.position) == (
        CouncilRole.VICE_CHAIR,
        "Giám đốc Sở Tài chính",
        3,
    )
    event = AuditEvent.objects.get(action="decisions.council_member.updated")
    assert event.data["changed"]["role"] == [CouncilRole.MEMBER, CouncilRole.VICE_CHAIR]


def test_ending_a_membership_moves_the_member_to_former_members_with_the_reason_audited(
    client_for, secretary, council
):
    seat = members(council)[4]
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    client = client_for(secretary)
    response = client.post(
        reverse("decisions:member_end", args=[seat.pk]),
        {"valid_to": yesterday.isoformat(), "reason": "Nghỉ hưu theo chế độ"},
    )
    assert response.status_code == 302
    assert seat.user.username not in _serving(council)
    page = client.get(COUNCIL).content.decode()
    assert "Thành viên số 05</td>" not in page
    former = client.get(COUNCIL, {"cu": "1"}).content.decode()
    assert "Thành viên đã kết thúc tham gia" in former
    assert "Thành viên số 05</td>" in former
    assert f"{TERM_START:%d/%m/%Y} – {yesterday:%d/%m/%Y}" in former
    event = AuditEvent.objects.get(action="decisions.council_member.ended")
    assert event.data == {"valid_to": yesterday.isoformat(), "reason": "Nghỉ hưu theo chế độ"}


def test_ending_needs_a_reason_and_a_day_not_before_joining(client_for, secretary, council):
    seat = members(council)[4]
    before = TERM_START - dt.timedelta(days=1)
    response = client_for(secretary).post(
        reverse("decisions:member_end", args=[seat.pk]),
        {"valid_to": before.isoformat(), "reason": "  "},
    )
    errors = response.context["form"].errors
    assert errors["reason"] == ["Nhập lý do kết thúc tham gia."]
    seat.refresh_from_db()
    assert seat.valid_to is None


def test_ending_before_joining_is_refused_next_to_the_date(secretary, council):
    seat = members(council)[4]
    with pytest.raises(ValidationError) as exc:
        services.member_end(
            member=seat, valid_to=TERM_START - dt.timedelta(days=1), reason="x", actor=secretary
        )
    assert "valid_to" in exc.value.error_dict


def test_a_member_present_in_an_open_session_cannot_be_ended(client_for, council):
    session = open_session(council, verified_items("cstd_tinh", 1))
    seat = members(council)[4]
    manager = members(council)[3].user  # the council's secretary
    count_before = session.member_count
    response = client_for(manager).post(
        reverse("decisions:member_end", args=[seat.pk]),
        {"valid_to": timezone.localdate().isoformat(), "reason": "Chuyển công tác"},
    )
    assert response.status_code == 200
    assert (
        "Thành viên số 05 đang có mặt tại phiên họp “Phiên họp xét khen thưởng tổng kết năm” "
        "đang bỏ phiếu" in response.content.decode()
    )
    seat.refresh_from_db()
    session.refresh_from_db()
    assert seat.valid_to is None and session.member_count == count_before
    assert not AuditEvent.objects.filter(action="decisions.council_member.ended").exists()


def test_ending_before_a_counted_session_date_is_refused(council):
    session = open_session(council, verified_items("cstd_tinh", 1), present=4)
    seat = members(council)[4]  # absent, but counted in member_count
    with pytest.raises(ValidationError) as exc:
        services.member_end(
            member=seat,
            valid_to=session.meeting_date - dt.timedelta(days=1),
            reason="Chuyển công tác",
            actor=members(council)[3].user,
        )
    assert "đã được tính vào phiên họp" in exc.value.messages[0]


# Access --------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["staff_a", "council_member", "provincial"])
def test_only_session_managers_maintain_membership(request, client_for, council, persona):
    user = request.getfixturevalue(persona)
    seat = members(council)[4]
    client = client_for(user)
    urls = [
        ADD,
        reverse("decisions:member_edit", args=[seat.pk]),
        reverse("decisions:member_end", args=[seat.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 403
        assert client.post(url, {"reason": "x", "valid_to": "2030-01-01"}).status_code == 403
    seat.refresh_from_db()
    assert seat.valid_to is None
    assert not AuditEvent.objects.filter(action__startswith="decisions.council_member").exists()


def test_a_seated_member_still_sees_the_council_page_without_the_actions(client_for, council):
    response = client_for(members(council)[4].user).get(COUNCIL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Thành viên số 05" in page
    seat = members(council)[4]
    assert ADD not in page and reverse("decisions:member_end", args=[seat.pk]) not in page


@pytest.mark.parametrize("size", [3, 12])
def test_council_page_uses_a_constant_number_of_queries(
    client, secretary, django_assert_num_queries, size
):
    council = make_council(size)
    services.member_end(
        member=members(council)[-1],
        valid_to=timezone.localdate() - dt.timedelta(days=1),
        reason="Nghỉ hưu",
        actor=secretary,
    )
    client.force_login(secretary)
    client.get(COUNCIL, {"cu": "1"})
    with django_assert_num_queries(8):
        client.get(COUNCIL, {"cu": "1"})


# Browser ---------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_secretary_adds_a_member_on_a_phone(new_page, secretary, unit_a):
    make_council(4, standing=2)
    make_user(unit=unit_a, username="nguoimoi", full_name="Trần Thị Bình")
    page = new_page(viewport=PHONE)
    browser_login(page, secretary.username)
    page.goto(COUNCIL)
    assert_accessible(page)
    screenshot(page, "council-members-1-list")
    page.get_by_role("link", name="Thêm thành viên").click()
    page.get_by_label("Người được cử").select_option(label="Trần Thị Bình – Sở Giáo dục và Đào tạo")
    page.get_by_label("Vai trò").select_option(label="Ủy viên")
    page.get_by_label("Chức vụ").fill("Phó Giám đốc Sở Giáo dục và Đào tạo")
    page.get_by_label("Thành viên Thường trực Hội đồng").check()
    page.get_by_label("Thứ tự").fill("5")
    assert_accessible(page)
    screenshot(page, "council-members-2-form")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_role("button", name="Thêm thành viên").click()
    page.wait_for_load_state("networkidle")
    assert "Đã thêm Trần Thị Bình vào Hội đồng." in page.inner_text("main")
    assert "Trần Thị Bình" in page.locator("section[aria-labelledby=members-title]").inner_text()
    assert_accessible(page)
    screenshot(page, "council-members-3-added")
    assert CouncilMember.objects.filter(user__username="nguoimoi", is_standing=True).exists()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
