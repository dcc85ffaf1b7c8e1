"""Personas shared by every test module.

- ``provincial``: provincial emulation–commendation staff (sees everything)
- ``unit_a`` / ``unit_b``: two departments; ``school_a`` sits under ``unit_a``
- ``staff_a`` / ``staff_b``: unit staff of A and of B
- ``council_member``, ``secretary``, ``administrator``
- ``outsider``: signed in, no role, no unit
"""

import pytest

from tests.factories import Role, UnitFactory, make_user


@pytest.fixture
def unit_a(db):
    return UnitFactory(code="so-a", name="Sở Giáo dục và Đào tạo")


@pytest.fixture
def school_a(unit_a):
    return UnitFactory(
        code="truong-a", name="Trường THPT Chuyên", parent=unit_a, kind="public_service"
    )


@pytest.fixture
def unit_b(db):
    return UnitFactory(code="so-b", name="Sở Y tế")


@pytest.fixture
def provincial(db):
    return make_user(
        Role.PROVINCIAL_STAFF, username="tdkt", unit=UnitFactory(code="so-noi-vu", name="Sở Nội vụ")
    )


@pytest.fixture
def staff_a(unit_a):
    return make_user(Role.UNIT_STAFF, unit=unit_a, username="staff_a")


@pytest.fixture
def staff_b(unit_b):
    return make_user(Role.UNIT_STAFF, unit=unit_b, username="staff_b")


@pytest.fixture
def council_member(db):
    return make_user(Role.COUNCIL_MEMBER, username="uyvien", unit=None)


@pytest.fixture
def secretary(db):
    return make_user(Role.COUNCIL_SECRETARY, username="thuky", unit=None)


@pytest.fixture
def administrator(db):
    return make_user(Role.ADMINISTRATOR, username="quantri", unit=None, is_staff=True)


@pytest.fixture
def outsider(db):
    return make_user(username="nguoingoai", unit=None)


@pytest.fixture
def client_for(client):
    """``client_for(user)``: the test client signed in as ``user``."""

    def _client_for(user):
        client.force_login(user)
        return client

    return _client_for
