import pytest

from tests.factories import UnitFactory
from units.models import Unit
from units.search import fold


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Nguyễn Văn Ánh", "nguyen van anh"),
        ("Thái Nguyên", "thai nguyen"),
        ("Đại Từ", "dai tu"),
        ("  ĐỒNG   Hỷ ", "dong hy"),
        ("Sở Giáo dục và Đào tạo", "so giao duc va dao tao"),
    ],
)
def test_fold_strips_vietnamese_diacritics_and_case(text, folded):
    assert fold(text) == folded


def test_fold_treats_decomposed_input_like_composed_input():
    decomposed = "Nguye\u0302\u0303n"  # "Nguyễn" typed with combining marks
    assert fold(decomposed) == "nguyen"


@pytest.mark.django_db
def test_unit_search_finds_names_typed_without_accents():
    wanted = UnitFactory(name="Ủy ban nhân dân tỉnh Thái Nguyên", code="ubnd")
    UnitFactory(name="Sở Y tế", code="syt")
    assert list(Unit.objects.search("thai nguyen")) == [wanted]
    assert list(Unit.objects.search("THÁI nguyên")) == [wanted]
    assert list(Unit.objects.search("  ")) != []  # blank query filters nothing
