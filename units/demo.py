"""Demo data for units, clusters and accounts (``manage.py load_demo``).

Real public institutions of Thái Nguyên are named; every person is fictional.
The province's real cluster list was not found, so the clusters and blocks
here are plausible groupings, labelled "(minh họa)". Idempotent: running it
again updates rows in place and adds nothing twice.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from . import services
from .models import Cluster, ClusterMembership, Reorganisation, Role, Unit, UnitLineage, User

DEMO_PASSWORD = "VinhDanh@2026"  # noqa: S105 - published demo credential, demo data only

D = Unit.Kind
PROVINCE = ("ubnd-tinh", "Ủy ban nhân dân tỉnh Thái Nguyên", "UBND tỉnh", D.PROVINCE, None)

DEPARTMENTS = [
    ("so-noi-vu", "Sở Nội vụ", "SNV"),
    ("so-tai-chinh", "Sở Tài chính", "STC"),
    ("so-ke-hoach-dau-tu", "Sở Kế hoạch và Đầu tư", "SKHĐT"),
    ("so-cong-thuong", "Sở Công Thương", "SCT"),
    ("so-nong-nghiep", "Sở Nông nghiệp và Phát triển nông thôn", "SNN&PTNT"),
    ("so-tai-nguyen-moi-truong", "Sở Tài nguyên và Môi trường", "STN&MT"),
    ("so-xay-dung", "Sở Xây dựng", "SXD"),
    ("so-giao-thong-van-tai", "Sở Giao thông vận tải", "SGTVT"),
    ("so-giao-duc-dao-tao", "Sở Giáo dục và Đào tạo", "SGD&ĐT"),
    ("so-y-te", "Sở Y tế", "SYT"),
    ("so-van-hoa-the-thao-du-lich", "Sở Văn hóa, Thể thao và Du lịch", "SVHTT&DL"),
    ("so-khoa-hoc-cong-nghe", "Sở Khoa học và Công nghệ", "SKH&CN"),
    ("so-thong-tin-truyen-thong", "Sở Thông tin và Truyền thông", "STT&TT"),
    ("so-lao-dong-tbxh", "Sở Lao động – Thương binh và Xã hội", "SLĐTB&XH"),
    ("so-tu-phap", "Sở Tư pháp", "STP"),
    ("thanh-tra-tinh", "Thanh tra tỉnh", "TTT"),
    ("van-phong-ubnd-tinh", "Văn phòng UBND tỉnh", "VP UBND"),
    ("ban-dan-toc", "Ban Dân tộc tỉnh", "BDT"),
    ("so-ngoai-vu", "Sở Ngoại vụ", "SNgV"),
    ("ban-quan-ly-kcn", "Ban Quản lý các khu công nghiệp tỉnh", "BQL KCN"),
]

DISTRICTS = [
    ("tp-thai-nguyen", "Thành phố Thái Nguyên"),
    ("tp-song-cong", "Thành phố Sông Công"),
    ("tp-pho-yen", "Thành phố Phổ Yên"),
    ("huyen-dai-tu", "Huyện Đại Từ"),
    ("huyen-dinh-hoa", "Huyện Định Hóa"),
    ("huyen-phu-luong", "Huyện Phú Lương"),
    ("huyen-dong-hy", "Huyện Đồng Hỷ"),
    ("huyen-vo-nhai", "Huyện Võ Nhai"),
    ("huyen-phu-binh", "Huyện Phú Bình"),
]

# Communes before 2025 (parent district) and the commune each merged into.
COMMUNES_BEFORE = [
    ("tt-hung-son", "Thị trấn Hùng Sơn", "huyen-dai-tu"),
    ("xa-tien-hoi", "Xã Tiên Hội", "huyen-dai-tu"),
    ("xa-binh-thuan", "Xã Bình Thuận", "huyen-dai-tu"),
    ("xa-khoi-ky", "Xã Khôi Kỳ", "huyen-dai-tu"),
    ("phuong-trung-vuong", "Phường Trưng Vương", "tp-thai-nguyen"),
    ("phuong-phan-dinh-phung-cu", "Phường Phan Đình Phùng (cũ)", "tp-thai-nguyen"),
    ("phuong-tuc-duyen", "Phường Túc Duyên", "tp-thai-nguyen"),
    ("phuong-dong-tien", "Phường Đồng Tiến", "tp-pho-yen"),
    ("phuong-ba-hang", "Phường Ba Hàng", "tp-pho-yen"),
]
COMMUNES_AFTER = [
    ("xa-dai-tu", "Xã Đại Từ", ["tt-hung-son", "xa-tien-hoi", "xa-binh-thuan", "xa-khoi-ky"]),
    (
        "phuong-phan-dinh-phung",
        "Phường Phan Đình Phùng",
        ["phuong-trung-vuong", "phuong-phan-dinh-phung-cu", "phuong-tuc-duyen"],
    ),
    ("phuong-pho-yen", "Phường Phổ Yên", ["phuong-dong-tien", "phuong-ba-hang"]),
]

PARTY = [
    ("van-phong-tinh-uy", "Văn phòng Tỉnh ủy"),
    ("ban-to-chuc-tinh-uy", "Ban Tổ chức Tỉnh ủy"),
    ("ban-tuyen-giao-tinh-uy", "Ban Tuyên giáo Tỉnh ủy"),
    ("ban-dan-van-tinh-uy", "Ban Dân vận Tỉnh ủy"),
    ("uy-ban-kiem-tra-tinh-uy", "Ủy ban Kiểm tra Tỉnh ủy"),
    ("ban-noi-chinh-tinh-uy", "Ban Nội chính Tỉnh ủy"),
]
MASS_ORGS = [
    ("mttq-tinh", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"),
    ("lien-doan-lao-dong", "Liên đoàn Lao động tỉnh"),
    ("tinh-doan", "Tỉnh đoàn Thái Nguyên"),
    ("hoi-lhpn", "Hội Liên hiệp Phụ nữ tỉnh"),
    ("hoi-nong-dan", "Hội Nông dân tỉnh"),
    ("hoi-ccb", "Hội Cựu chiến binh tỉnh"),
]
ENTERPRISES = [
    ("gang-thep-thai-nguyen", "Công ty Cổ phần Gang thép Thái Nguyên"),
    ("dien-luc-thai-nguyen", "Công ty Điện lực Thái Nguyên"),
    ("nuoc-sach-thai-nguyen", "Công ty Cổ phần Nước sạch Thái Nguyên"),
    ("xe-khach-thai-nguyen", "Công ty Cổ phần Vận tải hành khách Thái Nguyên"),
]
PUBLIC_SERVICE = [
    ("thpt-chuyen-thai-nguyen", "Trường THPT Chuyên Thái Nguyên", "so-giao-duc-dao-tao"),
    ("thpt-luong-ngoc-quyen", "Trường THPT Lương Ngọc Quyến", "so-giao-duc-dao-tao"),
    ("benh-vien-a", "Bệnh viện A Thái Nguyên", "so-y-te"),
]

CLUSTERS = [
    (
        "cum-1",
        "Cụm thi đua số 1 – các thành phố phía Nam (minh họa)",
        Cluster.Kind.CLUSTER,
        ["tp-thai-nguyen", "tp-song-cong", "tp-pho-yen", "huyen-phu-binh"],
    ),
    (
        "cum-2",
        "Cụm thi đua số 2 – các huyện phía Bắc (minh họa)",
        Cluster.Kind.CLUSTER,
        ["huyen-dai-tu", "huyen-dinh-hoa", "huyen-phu-luong", "huyen-dong-hy", "huyen-vo-nhai"],
    ),
    (
        "khoi-kinh-te",
        "Khối các sở kinh tế – kỹ thuật (minh họa)",
        Cluster.Kind.BLOCK,
        [
            "so-tai-chinh",
            "so-ke-hoach-dau-tu",
            "so-cong-thuong",
            "so-nong-nghiep",
            "so-tai-nguyen-moi-truong",
            "so-xay-dung",
            "so-giao-thong-van-tai",
            "so-khoa-hoc-cong-nghe",
            "ban-quan-ly-kcn",
        ],
    ),
    (
        "khoi-van-hoa-xa-hoi",
        "Khối văn hóa – xã hội (minh họa)",
        Cluster.Kind.BLOCK,
        [
            "so-giao-duc-dao-tao",
            "so-y-te",
            "so-van-hoa-the-thao-du-lich",
            "so-lao-dong-tbxh",
            "so-thong-tin-truyen-thong",
            "ban-dan-toc",
        ],
    ),
    (
        "khoi-noi-chinh",
        "Khối nội chính – tổng hợp (minh họa)",
        Cluster.Kind.BLOCK,
        ["so-noi-vu", "so-tu-phap", "thanh-tra-tinh", "van-phong-ubnd-tinh", "so-ngoai-vu"],
    ),
    (
        "khoi-co-quan-dang",
        "Khối các cơ quan Đảng tỉnh",
        Cluster.Kind.BLOCK,
        [code for code, _ in PARTY],
    ),
    (
        "khoi-doan-the",
        "Khối Mặt trận và các đoàn thể (minh họa)",
        Cluster.Kind.BLOCK,
        [code for code, _ in MASS_ORGS],
    ),
    (
        "khoi-doanh-nghiep",
        "Khối doanh nghiệp (minh họa)",
        Cluster.Kind.BLOCK,
        [code for code, _ in ENTERPRISES],
    ),
]
# (head, deputy) per cluster and year: the head and deputy rotate each year.
LEADERS = {
    2021: {
        "cum-1": ("tp-song-cong", "tp-pho-yen"),
        "cum-2": ("huyen-dai-tu", "huyen-dinh-hoa"),
        "khoi-kinh-te": ("so-tai-chinh", "so-cong-thuong"),
        "khoi-van-hoa-xa-hoi": ("so-y-te", "so-giao-duc-dao-tao"),
        "khoi-noi-chinh": ("so-noi-vu", "so-tu-phap"),
        "khoi-co-quan-dang": ("ban-to-chuc-tinh-uy", "ban-dan-van-tinh-uy"),
        "khoi-doan-the": ("lien-doan-lao-dong", "tinh-doan"),
        "khoi-doanh-nghiep": ("gang-thep-thai-nguyen", "dien-luc-thai-nguyen"),
    },
    2022: {
        "cum-1": ("tp-pho-yen", "tp-thai-nguyen"),
        "cum-2": ("huyen-dinh-hoa", "huyen-phu-luong"),
        "khoi-kinh-te": ("so-cong-thuong", "so-xay-dung"),
        "khoi-van-hoa-xa-hoi": ("so-giao-duc-dao-tao", "so-van-hoa-the-thao-du-lich"),
        "khoi-noi-chinh": ("so-tu-phap", "thanh-tra-tinh"),
        "khoi-co-quan-dang": ("ban-dan-van-tinh-uy", "ban-tuyen-giao-tinh-uy"),
        "khoi-doan-the": ("tinh-doan", "hoi-lhpn"),
        "khoi-doanh-nghiep": ("dien-luc-thai-nguyen", "nuoc-sach-thai-nguyen"),
    },
}

# Department mergers of March 2025 (the national restructuring of agencies).
DEPARTMENT_MERGERS_2025 = [
    ("so-tai-chinh-moi", "Sở Tài chính", ["so-tai-chinh", "so-ke-hoach-dau-tu"]),
    (
        "so-nong-nghiep-moi-truong",
        "Sở Nông nghiệp và Môi trường",
        ["so-nong-nghiep", "so-tai-nguyen-moi-truong"],
    ),
    ("so-xay-dung-moi", "Sở Xây dựng", ["so-xay-dung", "so-giao-thong-van-tai"]),
    (
        "so-khcn-moi",
        "Sở Khoa học và Công nghệ",
        ["so-khoa-hoc-cong-nghe", "so-thong-tin-truyen-thong"],
    ),
]

# Fictional people only.
ACCOUNTS = [
    (
        "quantri",
        "Trần Minh Quân",
        "Chuyên viên công nghệ thông tin",
        "so-noi-vu",
        [Role.ADMINISTRATOR],
        True,
    ),
    (
        "canbo.tdkt",
        "Nguyễn Thị Hồng Nhung",
        "Chuyên viên Phòng Thi đua – Khen thưởng",
        "so-noi-vu",
        [Role.PROVINCIAL_STAFF],
        False,
    ),
    (
        "canbo.sogddt",
        "Hoàng Thị Mai",
        "Chuyên viên Văn phòng Sở",
        "so-giao-duc-dao-tao",
        [Role.UNIT_STAFF],
        False,
    ),
    (
        "canbo.daitu",
        "Lê Văn Ánh",
        "Chuyên viên Phòng Nội vụ huyện",
        "huyen-dai-tu",
        [Role.UNIT_STAFF],
        False,
    ),
    (
        "hoidong.uyvien",
        "Phạm Quốc Bảo",
        "Ủy viên Hội đồng Thi đua – Khen thưởng tỉnh",
        "van-phong-ubnd-tinh",
        [Role.COUNCIL_MEMBER],
        False,
    ),
    (
        "hoidong.thuky",
        "Đỗ Thu Trang",
        "Thư ký Hội đồng Thi đua – Khen thưởng tỉnh",
        "so-noi-vu",
        [Role.COUNCIL_SECRETARY],
        False,
    ),
]


def _unit(code, name, short, kind, parent, **extra) -> Unit:
    unit, _ = Unit.objects.update_or_create(
        code=code,
        defaults={"name": name, "short_name": short, "kind": kind, "parent": parent, **extra},
    )
    return unit


@transaction.atomic
def load(stdout=None) -> None:
    say = stdout.write if stdout else (lambda *_: None)
    province = _unit(*PROVINCE)
    for code, name, short in DEPARTMENTS:
        _unit(code, name, short, D.DEPARTMENT, province)
    for code, name in DISTRICTS:
        _unit(code, name, "", D.DISTRICT, province)
    for code, name, district in COMMUNES_BEFORE:
        _unit(code, name, "", D.COMMUNE, Unit.objects.get(code=district))
    for code, name in PARTY:
        _unit(code, name, "", D.PARTY, None)
    for code, name in MASS_ORGS:
        _unit(code, name, "", D.MASS_ORG, None)
    for code, name in ENTERPRISES:
        _unit(code, name, "", D.ENTERPRISE, None)
    for code, name, parent in PUBLIC_SERVICE:
        _unit(code, name, "", D.PUBLIC_SERVICE, Unit.objects.get(code=parent))
    say(f"  {Unit.objects.count()} đơn vị\n")

    admin = _accounts()
    _clusters(admin)
    _reorganisation_2025(admin, province)
    _later_years(admin)
    say(
        f"  {ClusterMembership.objects.count()} lượt thành viên cụm, khối; "
        f"{Reorganisation.objects.count()} lần sắp xếp đơn vị\n"
    )


def _accounts() -> User:
    admin = None
    for username, full_name, position, unit_code, roles, superuser in ACCOUNTS:
        user, created = User.objects.get_or_create(username=username)
        user.full_name = full_name
        user.position = position
        user.unit = Unit.objects.get(code=unit_code)
        user.is_staff = superuser or Role.ADMINISTRATOR in roles
        user.is_superuser = superuser
        if created:
            user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set([Group.objects.get_or_create(name=role)[0] for role in roles])
        if superuser:
            admin = user
    return admin


def _clusters(actor) -> None:
    for code, name, kind, members in CLUSTERS:
        cluster, _ = Cluster.objects.update_or_create(
            code=code, defaults={"name": name, "kind": kind}
        )
        for year, leaders in LEADERS.items():
            head, deputy = leaders[code]
            for unit_code in members:
                role = {head: "head", deputy: "deputy"}.get(unit_code, "member")
                unit = Unit.objects.get(code=unit_code)
                ClusterMembership.objects.get_or_create(
                    unit=unit, year=year, defaults={"cluster": cluster, "role": role}
                )


def _reorganisation_2025(actor, province) -> None:
    """Department mergers (01/03/2025), then the two-tier reform of 01/07/2025:
    districts end and communes merge into larger communes under the province."""
    merger_day = dt.date(2025, 3, 1)
    for code, name, old_codes in DEPARTMENT_MERGERS_2025:
        old = list(Unit.objects.filter(code__in=old_codes))
        if UnitLineage.objects.filter(predecessor__in=old).exists():
            continue
        services.unit_reorganise(
            kind=Reorganisation.Kind.MERGE,
            effective_date=merger_day,
            predecessors=old,
            successors=[],
            new_unit={"code": code, "name": name, "kind": D.DEPARTMENT, "parent": province},
            actor=actor,
            legal_basis="Hợp nhất cơ quan chuyên môn thuộc UBND tỉnh năm 2025 (minh họa)",
        )
    reform_day = dt.date(2025, 7, 1)
    for code, name, old_codes in COMMUNES_AFTER:
        old = list(Unit.objects.filter(code__in=old_codes))
        if UnitLineage.objects.filter(predecessor__in=old).exists():
            continue
        services.unit_reorganise(
            kind=Reorganisation.Kind.MERGE,
            effective_date=reform_day,
            predecessors=old,
            successors=[],
            new_unit={"code": code, "name": name, "kind": D.COMMUNE, "parent": province},
            actor=actor,
            legal_basis="Sắp xếp đơn vị hành chính cấp xã năm 2025 (minh họa)",
        )
    districts = list(Unit.objects.filter(code__in=[c for c, _ in DISTRICTS], valid_to__isnull=True))
    if districts:
        services.unit_reorganise(
            kind=Reorganisation.Kind.DISSOLVE,
            effective_date=reform_day,
            predecessors=districts,
            successors=[],
            actor=actor,
            legal_basis="Kết thúc hoạt động của chính quyền cấp huyện từ 01/07/2025",
            note="Nhiệm vụ khen thưởng cấp huyện chuyển cho Chủ tịch UBND cấp xã (NĐ 129/2025).",
        )


def _later_years(actor) -> None:
    """Carry the 2022 clusters forward year by year with the copy service; from
    2026 merged departments are replaced by their successors, abolished
    districts drop out, and the new communes form a cluster of their own."""
    communes, _ = Cluster.objects.update_or_create(
        code="cum-xa-phuong",
        defaults={"name": "Cụm thi đua các xã, phường (minh họa)", "kind": Cluster.Kind.CLUSTER},
    )
    # Up to the current year, so the demo always shows this year's clusters.
    for year in range(2023, max(timezone.localdate().year, 2026) + 1):
        if not ClusterMembership.objects.filter(year=year).exists():
            services.memberships_copy_year(from_year=year - 1, to_year=year, actor=actor)
        if year < 2026:
            continue
        for code, _name, _old in COMMUNES_AFTER:
            role = "head" if code == "xa-dai-tu" else "member"
            ClusterMembership.objects.get_or_create(
                unit=Unit.objects.get(code=code),
                year=year,
                defaults={"cluster": communes, "role": role},
            )
