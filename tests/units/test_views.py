import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ClusterFactory, MembershipFactory, UnitFactory
from units.models import ClusterMembership, Unit

pytestmark = pytest.mark.django_db

PERSONAS = [
    "provincial",
    "staff_a",
    "staff_b",
    "council_member",
    "secretary",
    "administrator",
    "outsider",
]


@pytest.fixture
def persona(request):
    return request.getfixturevalue(request.param)


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("units:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_every_signed_in_role_gets_a_vietnamese_home_page(client_for, persona):
    response = client_for(persona).get(reverse("home"))
    assert response.status_code == 200
    assert "Xin chào" in response.content.decode()
    assert response.headers["Content-Language"] == "vi"


# (persona, unit fixture, expected status) for the unit's private accounts page.
PRIVATE_PAGE = [
    ("provincial", "unit_a", 200),
    ("provincial", "unit_b", 200),
    ("administrator", "unit_b", 200),
    ("staff_a", "unit_a", 200),
    ("staff_a", "school_a", 200),  # subordinate unit
    ("staff_a", "unit_b", 404),  # another unit: not even confirmed to exist
    ("staff_b", "unit_a", 404),
    ("staff_b", "school_a", 404),
    ("council_member", "unit_a", 404),
    ("secretary", "unit_a", 404),
    ("outsider", "unit_a", 404),
]


@pytest.mark.parametrize(("persona", "unit_name", "status"), PRIVATE_PAGE, indirect=["persona"])
def test_private_unit_page_access_matrix(request, client_for, persona, unit_name, status):
    unit = request.getfixturevalue(unit_name)
    response = client_for(persona).get(reverse("units:staff", args=[unit.code]))
    assert response.status_code == status


EDIT_PAGE = [
    ("provincial", "unit_a", 200),
    ("administrator", "unit_a", 200),
    ("staff_a", "unit_a", 403),  # sees its own unit but may not edit it
    ("staff_a", "unit_b", 404),
    ("council_member", "unit_a", 404),
]


@pytest.mark.parametrize(("persona", "unit_name", "status"), EDIT_PAGE, indirect=["persona"])
def test_unit_edit_access_matrix(request, client_for, persona, unit_name, status):
    unit = request.getfixturevalue(unit_name)
    assert client_for(persona).get(reverse("units:edit", args=[unit.code])).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("provincial", 200),
        ("administrator", 200),
        ("staff_a", 403),
        ("council_member", 403),
        ("outsider", 403),
    ],
    indirect=["persona"],
)
def test_only_provincial_staff_create_units_and_reorganise(client_for, persona, status):
    c = client_for(persona)
    assert c.get(reverse("units:create")).status_code == status
    assert c.get(reverse("units:reorganise")).status_code == status
    assert c.get(reverse("units:cluster_create")).status_code == status


def test_unit_list_finds_units_typed_without_accents(client_for, staff_a):
    UnitFactory(name="Huyện Đồng Hỷ", code="dong-hy")
    UnitFactory(name="Huyện Võ Nhai", code="vo-nhai")
    html = client_for(staff_a).get(reverse("units:list"), {"q": "dong hy"}).content.decode()
    assert "Huyện Đồng Hỷ" in html
    assert "Huyện Võ Nhai" not in html


def test_unit_list_filters_by_kind_and_paginates(client_for, provincial):
    for i in range(30):
        UnitFactory(kind=Unit.Kind.COMMUNE, name=f"Xã Thử {i:02d}")
    c = client_for(provincial)
    page1 = c.get(reverse("units:list"), {"kind": "commune"}).content.decode()
    assert "30 đơn vị" in page1
    assert "Trang 1/2" in page1
    page2 = c.get(reverse("units:list"), {"kind": "commune", "page": 2}).content.decode()
    assert "Xã Thử 29" in page2


def test_unit_list_answers_htmx_with_the_table_only(client_for, provincial):
    UnitFactory(name="Sở Tư pháp")
    response = client_for(provincial).get(
        reverse("units:list"), {"q": "tu phap"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "Sở Tư pháp" in html
    assert "<html" not in html


def count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


def test_unit_list_query_count_does_not_grow_with_units(client_for, provincial):
    parent = UnitFactory()
    UnitFactory.create_batch(5, parent=parent)
    c = client_for(provincial)
    small = count_queries(c, reverse("units:list"))
    UnitFactory.create_batch(60, parent=UnitFactory())
    assert count_queries(c, reverse("units:list")) == small
    assert small <= 8


def test_cluster_list_query_count_does_not_grow_with_members(client_for, provincial):
    cluster = ClusterFactory()
    MembershipFactory.create_batch(3, cluster=cluster)
    c = client_for(provincial)
    small = count_queries(c, reverse("units:cluster_list"), {"nam": 2022})
    for _ in range(5):
        MembershipFactory.create_batch(30, cluster=ClusterFactory())
    assert count_queries(c, reverse("units:cluster_list"), {"nam": 2022}) == small
    assert small <= 9


def test_cluster_page_query_count_does_not_grow_with_members(client_for, provincial):
    cluster = ClusterFactory()
    MembershipFactory.create_batch(3, cluster=cluster)
    c = client_for(provincial)
    url = reverse("units:cluster_detail", args=[cluster.code, 2022])
    small = count_queries(c, url)
    MembershipFactory.create_batch(50, cluster=cluster)
    assert count_queries(c, url) == small


def test_creating_a_unit_with_a_taken_code_keeps_the_input_and_explains(client_for, provincial):
    UnitFactory(code="so-y-te")
    response = client_for(provincial).post(
        reverse("units:create"),
        {"name": "Sở Y tế mới", "code": "so-y-te", "kind": "department"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đơn vị với Mã đơn vị này đã tồn tại" in html or "đã tồn tại" in html
    assert 'value="Sở Y tế mới"' in html
    assert Unit.objects.filter(code="so-y-te").count() == 1


def test_invalid_validity_period_is_refused_next_to_the_field(client_for, provincial):
    response = client_for(provincial).post(
        reverse("units:create"),
        {
            "name": "Xã A",
            "code": "xa-a",
            "kind": "commune",
            "valid_from": "2025-07-01",
            "valid_to": "2025-01-01",
        },
    )
    assert response.status_code == 200
    assert not Unit.objects.filter(code="xa-a").exists()
    assert "Xã A" in response.content.decode()


def test_provincial_staff_reorganise_through_the_form(client_for, provincial):
    a = UnitFactory(name="Xã Một", kind="commune")
    b = UnitFactory(name="Xã Hai", kind="commune")
    response = client_for(provincial).post(
        reverse("units:reorganise"),
        {
            "kind": "merge",
            "effective_date": "2025-07-01",
            "predecessors": [a.pk, b.pk],
            "new_name": "Xã Một Hai",
            "new_code": "xa-mot-hai",
            "new_kind": "commune",
        },
    )
    assert response.status_code == 302
    assert Unit.objects.lineage_of(Unit.objects.get(code="xa-mot-hai")).count() == 3


def test_reorganise_form_refuses_own_successor_and_keeps_choices(client_for, provincial):
    a = UnitFactory(name="Xã Một", kind="commune")
    b = UnitFactory(name="Xã Hai", kind="commune")
    response = client_for(provincial).post(
        reverse("units:reorganise"),
        {
            "kind": "merge",
            "effective_date": "2025-07-01",
            "predecessors": [a.pk, b.pk],
            "successors": [a.pk],
            "legal_basis": "Nghị quyết thử",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "không thể là đơn vị kế thừa của chính nó" in html
    assert 'value="Nghị quyết thử"' in html


def test_adding_a_unit_already_in_another_cluster_shows_a_message_by_the_field(
    client_for, provincial
):
    taken = MembershipFactory(year=2022)
    other = ClusterFactory()
    response = client_for(provincial).post(
        reverse("units:membership_add", args=[other.code, 2022]),
        {"unit": taken.unit.pk, "role": "member"},
    )
    assert response.status_code == 400
    assert "không hoạt động trong năm hoặc đã thuộc một cụm, khối khác" in response.content.decode()
    assert ClusterMembership.objects.filter(unit=taken.unit, year=2022).count() == 1


def test_second_head_is_refused_through_the_page(client_for, provincial):
    cluster = ClusterFactory()
    MembershipFactory(cluster=cluster, role="head")
    response = client_for(provincial).post(
        reverse("units:membership_add", args=[cluster.code, 2022]),
        {"unit": UnitFactory().pk, "role": "head"},
    )
    assert response.status_code == 400
    assert "đã có cụm/khối trưởng" in response.content.decode()


def test_rotation_form_rejects_same_head_and_deputy(client_for, provincial):
    cluster = ClusterFactory()
    m = MembershipFactory(cluster=cluster, role="head")
    response = client_for(provincial).post(
        reverse("units:leadership_rotate", args=[cluster.code, 2022]),
        {"head": m.unit.pk, "deputy": m.unit.pk},
    )
    assert response.status_code == 400
    assert "phải khác cụm/khối trưởng" in response.content.decode()


def test_state_changes_refuse_get(client_for, provincial):
    cluster = ClusterFactory()
    c = client_for(provincial)
    assert c.get(reverse("units:membership_add", args=[cluster.code, 2022])).status_code == 405
    assert c.get(reverse("units:memberships_copy")).status_code == 405


def test_unit_staff_cannot_change_clusters(client_for, staff_a, unit_a):
    cluster = ClusterFactory()
    response = client_for(staff_a).post(
        reverse("units:membership_add", args=[cluster.code, 2022]),
        {"unit": unit_a.pk, "role": "head"},
    )
    assert response.status_code == 403
    assert not ClusterMembership.objects.exists()


def test_copy_year_page_copies_memberships(client_for, provincial):
    MembershipFactory(year=2021, role="head")
    response = client_for(provincial).post(
        reverse("units:memberships_copy"), {"from_year": 2021, "to_year": 2022}
    )
    assert response.status_code == 302
    assert ClusterMembership.objects.filter(year=2022, role="head").count() == 1


def test_repeated_wrong_passwords_lock_the_account_out(client, staff_a):
    for _ in range(5):
        response = client.post(reverse("login"), {"username": "staff_a", "password": "sai"})
    response = client.post(
        reverse("login"), {"username": "staff_a", "password": "mat-khau-thu-nghiem"}
    )
    assert response.status_code == 429
    assert "tạm thời bị khóa" in response.content.decode()


def test_sign_in_with_the_right_password_reaches_home(client, staff_a):
    response = client.post(
        reverse("login"), {"username": "staff_a", "password": "mat-khau-thu-nghiem"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")


def test_english_is_available(client_for, provincial):
    c = client_for(provincial)
    c.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = c.get(reverse("units:list"))
    assert response.headers["Content-Language"] == "en"
    assert "Unit directory" in response.content.decode()


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/phong-trao/", "Emulation campaign"),
        ("/ho-so/", "Nomination dossiers"),
        ("/hoi-dong/", "Emulation and Commendation Council"),
        ("/tien-thuong/", "Prize money by year"),
        ("/bao-cao/", "Summary report on emulation and commendation work"),
    ],
)
def test_every_app_speaks_english_when_chosen(client_for, provincial, path, heading):
    c = client_for(provincial)
    c.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert heading in c.get(path).content.decode()


def test_form_labels_and_messages_from_python_code_are_english_too(client_for, provincial):
    c = client_for(provincial)
    c.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = c.get("/ho-so/them/").content.decode()
    # A label the form itself defines (labels from model fields are still Vietnamese).
    assert "Award year" in page
    assert "Năm khen thưởng" not in page


def test_browser_language_does_not_override_vietnamese(client_for, provincial):
    response = client_for(provincial).get(
        reverse("units:list"), headers={"Accept-Language": "en-US,en;q=0.9"}
    )
    assert response.headers["Content-Language"] == "vi"
    assert "Danh bạ đơn vị" in response.content.decode()


def test_health_check_answers_without_login(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_administrator_role_uses_the_django_admin_without_superuser(client_for, administrator):
    from units.signals import grant_administrator_permissions

    grant_administrator_permissions(sender=None)
    response = client_for(administrator).get("/quan-tri/units/unit/")
    assert response.status_code == 200


def test_unit_staff_cannot_open_the_django_admin(client_for, staff_a):
    response = client_for(staff_a).get("/quan-tri/units/unit/")
    assert response.status_code == 302
    assert "/quan-tri/login/" in response["Location"]


def test_home_counts_only_direct_units_missing_from_this_years_clusters(client_for, provincial):
    from django.utils import timezone

    province = UnitFactory(kind=Unit.Kind.PROVINCE, code="tinh")
    placed = UnitFactory(parent=province)
    MembershipFactory(unit=placed, year=timezone.localdate().year)
    UnitFactory(parent=province, name="Sở chưa xếp cụm")
    UnitFactory(parent=placed, name="Trường trực thuộc")  # subordinate: never a member
    # provincial's own Sở Nội vụ has no parent and no cluster: it counts too.
    response = client_for(provincial).get(reverse("home"))
    assert response.context["unplaced_count"] == 2
