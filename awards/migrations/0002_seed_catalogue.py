"""Seed the award catalogue and the rules of the three regimes.

Figures come from ../shared/domain/RULES.md (current law) and OLD-REGIME.md
(award years up to 2023); each row keeps its legal basis and a confidence mark
(H/M/L). Where a figure was NOT FOUND, a configurable row with a sensible value
and confidence L is seeded (staff can edit rows in the admin).

``seed(apps)`` is also called by browser tests, which flush the database.
"""

import datetime as dt

from django.db import migrations

D = dt.date
OPEN = (None, None)
R1 = (D(2017, 10, 1), D(2023, 12, 31))
R2 = (D(2024, 1, 1), D(2025, 6, 30))
R3 = (D(2025, 7, 1), None)
R23 = (D(2024, 1, 1), None)
L1 = "Luật TĐKT 2003 (sửa đổi 2013); NĐ 91/2017/NĐ-CP; TT 12/2019/TT-BNV"
L2 = "Luật TĐKT 06/2022/QH15; NĐ 98/2023/NĐ-CP"
L3 = "Luật TĐKT 06/2022/QH15; NĐ 152/2025/NĐ-CP; TT 15/2025/TT-BNV"
L23 = "Luật TĐKT 06/2022/QH15 (NĐ 98/2023, NĐ 152/2025)"

REGIMES = [
    (
        "luat-2013-nd-91",
        "Luật TĐKT 2013 và Nghị định 91/2017 (năm khen thưởng đến 2023)",
        L1 + "; QĐ 11/2018/QĐ-UBND tỉnh Thái Nguyên",
        *R1,
    ),
    ("luat-2022-nd-98", "Luật TĐKT 2022 và Nghị định 98/2023 (01/2024 – 06/2025)", L2, *R2),
    ("luat-2022-nd-152", "Luật TĐKT 2022 và Nghị định 152/2025 (từ 07/2025)", L3, *R3),
]

# code, name, short name, category, individual, collective, household, level, forwarded, rank
AWARDS = [
    ("gd_vanhoa", "Gia đình văn hóa", "GĐVH", "emulation_title", 0, 0, 1, "commune", 0, 5),
    ("ldtt", "Lao động tiên tiến", "LĐTT", "emulation_title", 1, 0, 0, "department", 0, 10),
    (
        "thon_vanhoa",
        "Thôn, tổ dân phố văn hóa",
        "Thôn văn hóa",
        "emulation_title",
        0,
        1,
        0,
        "commune",
        0,
        12,
    ),
    (
        "ttldtt",
        "Tập thể lao động tiên tiến",
        "TTLĐTT",
        "emulation_title",
        0,
        1,
        0,
        "department",
        0,
        15,
    ),
    ("giay_khen", "Giấy khen", "Giấy khen", "award_form", 1, 1, 1, "department", 0, 18),
    (
        "cstd_cs",
        "Chiến sĩ thi đua cơ sở",
        "CSTĐCS",
        "emulation_title",
        1,
        0,
        0,
        "department",
        0,
        20,
    ),
    (
        "ttldxs",
        "Tập thể lao động xuất sắc",
        "TTLĐXS",
        "emulation_title",
        0,
        1,
        0,
        "provincial",
        0,
        25,
    ),
    (
        "cstd_tinh",
        "Chiến sĩ thi đua cấp tỉnh",
        "CSTĐ tỉnh",
        "emulation_title",
        1,
        0,
        0,
        "provincial",
        0,
        30,
    ),
    (
        "xa_tieubieu",
        "Xã, phường, đặc khu tiêu biểu",
        "Xã tiêu biểu",
        "emulation_title",
        0,
        1,
        0,
        "provincial",
        0,
        35,
    ),
    (
        "cstd_tq",
        "Chiến sĩ thi đua toàn quốc",
        "CSTĐ toàn quốc",
        "emulation_title",
        1,
        0,
        0,
        "central",
        1,
        40,
    ),
    (
        "bang_khen_tinh",
        "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        "Bằng khen tỉnh",
        "award_form",
        1,
        1,
        1,
        "provincial",
        0,
        45,
    ),
    (
        "co_tinh",
        "Cờ thi đua của Ủy ban nhân dân tỉnh",
        "Cờ thi đua tỉnh",
        "emulation_title",
        0,
        1,
        0,
        "provincial",
        0,
        50,
    ),
    (
        "co_cp",
        "Cờ thi đua của Chính phủ",
        "Cờ thi đua CP",
        "emulation_title",
        0,
        1,
        0,
        "central",
        1,
        60,
    ),
    (
        "bang_khen_ttg",
        "Bằng khen của Thủ tướng Chính phủ",
        "Bằng khen TTg",
        "award_form",
        1,
        1,
        1,
        "central",
        1,
        65,
    ),
    ("ky_niem_chuong", "Kỷ niệm chương", "KNC", "commemorative_medal", 1, 0, 0, "central", 1, 70),
    (
        "huy_chuong_huu_nghi",
        "Huy chương Hữu nghị",
        "HC Hữu nghị",
        "medal",
        1,
        0,
        0,
        "central",
        1,
        72,
    ),
    (
        "huan_chuong_huu_nghi",
        "Huân chương Hữu nghị",
        "HC Hữu nghị",
        "order",
        1,
        1,
        0,
        "central",
        1,
        74,
    ),
    (
        "huan_chuong_dung_cam",
        "Huân chương Dũng cảm",
        "HC Dũng cảm",
        "order",
        1,
        1,
        0,
        "central",
        1,
        76,
    ),
    (
        "huan_chuong_lao_dong_3",
        "Huân chương Lao động hạng Ba",
        "HCLĐ hạng Ba",
        "order",
        1,
        1,
        0,
        "central",
        1,
        80,
    ),
    (
        "huan_chuong_bao_ve_to_quoc_3",
        "Huân chương Bảo vệ Tổ quốc hạng Ba",
        "HC BVTQ hạng Ba",
        "order",
        1,
        1,
        0,
        "central",
        1,
        81,
    ),
    (
        "huan_chuong_chien_cong_3",
        "Huân chương Chiến công hạng Ba",
        "HC Chiến công hạng Ba",
        "order",
        1,
        1,
        0,
        "central",
        1,
        82,
    ),
    (
        "huan_chuong_lao_dong_2",
        "Huân chương Lao động hạng Nhì",
        "HCLĐ hạng Nhì",
        "order",
        1,
        1,
        0,
        "central",
        1,
        84,
    ),
    (
        "huan_chuong_bao_ve_to_quoc_2",
        "Huân chương Bảo vệ Tổ quốc hạng Nhì",
        "HC BVTQ hạng Nhì",
        "order",
        1,
        1,
        0,
        "central",
        1,
        85,
    ),
    (
        "huan_chuong_chien_cong_2",
        "Huân chương Chiến công hạng Nhì",
        "HC Chiến công hạng Nhì",
        "order",
        1,
        1,
        0,
        "central",
        1,
        86,
    ),
    (
        "huan_chuong_dai_doan_ket",
        "Huân chương Đại đoàn kết dân tộc",
        "HC Đại đoàn kết",
        "order",
        1,
        1,
        0,
        "central",
        1,
        87,
    ),
    (
        "huan_chuong_lao_dong_1",
        "Huân chương Lao động hạng Nhất",
        "HCLĐ hạng Nhất",
        "order",
        1,
        1,
        0,
        "central",
        1,
        88,
    ),
    (
        "huan_chuong_bao_ve_to_quoc_1",
        "Huân chương Bảo vệ Tổ quốc hạng Nhất",
        "HC BVTQ hạng Nhất",
        "order",
        1,
        1,
        0,
        "central",
        1,
        89,
    ),
    (
        "huan_chuong_chien_cong_1",
        "Huân chương Chiến công hạng Nhất",
        "HC Chiến công hạng Nhất",
        "order",
        1,
        1,
        0,
        "central",
        1,
        90,
    ),
    (
        "huan_chuong_doc_lap_3",
        "Huân chương Độc lập hạng Ba",
        "HC Độc lập hạng Ba",
        "order",
        1,
        1,
        0,
        "central",
        1,
        92,
    ),
    (
        "huan_chuong_doc_lap_2",
        "Huân chương Độc lập hạng Nhì",
        "HC Độc lập hạng Nhì",
        "order",
        1,
        1,
        0,
        "central",
        1,
        94,
    ),
    (
        "huan_chuong_doc_lap_1",
        "Huân chương Độc lập hạng Nhất",
        "HC Độc lập hạng Nhất",
        "order",
        1,
        1,
        0,
        "central",
        1,
        96,
    ),
    (
        "huan_chuong_ho_chi_minh",
        "Huân chương Hồ Chí Minh",
        "HC Hồ Chí Minh",
        "order",
        1,
        1,
        0,
        "central",
        1,
        98,
    ),
    (
        "huan_chuong_sao_vang",
        "Huân chương Sao vàng",
        "HC Sao vàng",
        "order",
        1,
        1,
        0,
        "central",
        1,
        99,
    ),
    (
        "anh_hung_lao_dong",
        "Anh hùng Lao động",
        "AHLĐ",
        "honorary_title",
        1,
        1,
        0,
        "central",
        1,
        100,
    ),
]
ORDERS = [
    a[0] for a in AWARDS if a[3] in ("order", "medal", "commemorative_medal", "honorary_title")
]


def opt(kind, description, **params):
    return {"kind": kind, "description": description, "params": params}


def manual(label):
    return opt("manual", label, label=label)


LDTT_CHECK = opt(
    "prerequisite",
    "Đạt danh hiệu Lao động tiên tiến trong năm",
    award="ldtt",
    count=1,
    window=1,
    consecutive=True,
)

# (award, kind, params, description, legal basis, confidence, period, recipient, award types)
RULES = []


def rule(award, kind, params, description, basis, conf, period, recipient="", types=()):
    RULES.append((award, kind, params, description, basis, conf, period, recipient, list(types)))


# --- Holds and discipline: every award, every regime -------------------------------
rule(
    None,
    "no_pending_case",
    {},
    "Không đang trong thời gian xem xét kỷ luật, điều tra, thanh tra, giải quyết khiếu nại, "
    "tố cáo hoặc đơn thư, báo chí phản ánh đang xác minh",
    L23 + "; NĐ 152/2025 Điều 4",
    "H",
    OPEN,
)

# --- Old regime (award years up to 2023) -------------------------------------------
rule(
    "ldtt",
    "rating",
    {"min": "good", "years": 1},
    "Hoàn thành tốt nhiệm vụ trở lên",
    L1 + " (Luật 2013 Điều 24)",
    "M",
    R1,
    "individual",
)
rule(
    "ldtt",
    "service_months",
    {"months": 10},
    "Không xét người mới tuyển dụng dưới 10 tháng",
    L1,
    "M",
    R1,
    "individual",
)
rule(
    "ldtt",
    "no_discipline",
    {"min_level": "reprimand"},
    "Không bị kỷ luật từ khiển trách trở lên trong năm",
    L1,
    "M",
    R1,
    "individual",
)
rule("cstd_cs", "prerequisite", LDTT_CHECK["params"], LDTT_CHECK["description"], L1, "H", R1)
rule(
    "cstd_cs",
    "initiative",
    {"count": 1, "window": 1, "min_level": "unit"},
    "Có sáng kiến hoặc đề tài được công nhận, áp dụng tại cơ sở (bắt buộc)",
    L1 + " (NĐ 91/2017 Điều 9)",
    "H",
    R1,
)
rule(
    "cstd_cs",
    "quota",
    {"award": "cstd_cs", "of_award": "ldtt", "max_percent": "15", "rounding": "floor"},
    "Số Chiến sĩ thi đua cơ sở không quá 15% số Lao động tiên tiến của đơn vị",
    "NĐ 91/2017 Điều 9 khoản 3",
    "H",
    R1,
)
rule(
    "cstd_tinh",
    "prerequisite",
    {"award": "cstd_cs", "count": 3, "window": 3, "consecutive": True},
    "Có 3 lần liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở",
    L1 + " (Luật 2013 Điều 22)",
    "H",
    R1,
)
rule(
    "cstd_tinh",
    "initiative",
    {"count": 1, "window": 3, "min_level": "province"},
    "Sáng kiến, đề tài có phạm vi ảnh hưởng trong tỉnh (Hội đồng sáng kiến tỉnh công nhận)",
    L1,
    "M",
    R1,
)
rule(
    "cstd_tq",
    "prerequisite",
    {"award": "cstd_tinh", "count": 2, "step": 3, "consecutive": True},
    "Có 2 lần liên tục đạt danh hiệu Chiến sĩ thi đua cấp tỉnh",
    L1 + " (Luật 2013 Điều 21)",
    "H",
    R1,
)
rule(
    "cstd_tq",
    "initiative",
    {"count": 1, "window": 6, "min_level": "national"},
    "Sáng kiến, đề tài có phạm vi ảnh hưởng toàn quốc",
    L1,
    "M",
    R1,
)
rule(
    "ttldtt",
    "rating",
    {"min": "good", "years": 1},
    "Tập thể hoàn thành tốt nhiệm vụ, kế hoạch được giao",
    L1 + " (Luật 2013 Điều 28)",
    "H",
    R1,
)
rule(
    "ttldtt",
    "member_ratio",
    {"award": "ldtt", "min_percent": "50", "strict": True},
    "Trên 50% thành viên đạt danh hiệu Lao động tiên tiến",
    L1 + " (Luật 2013 Điều 28)",
    "H",
    R1,
)
rule(
    "ttldtt",
    "no_member_discipline",
    {"min_level": "warning"},
    "Không có thành viên bị kỷ luật từ cảnh cáo trở lên",
    L1 + " (Luật 2013 Điều 28)",
    "H",
    R1,
)
rule(
    "ttldxs",
    "rating",
    {"min": "excellent", "years": 1},
    "Tập thể hoàn thành xuất sắc nhiệm vụ",
    L1 + " (Luật 2013 Điều 27)",
    "M",
    R1,
)
rule(
    "ttldxs",
    "member_ratio",
    {"rating": "completed", "min_percent": "100"},
    "100% thành viên hoàn thành nhiệm vụ",
    L1 + " (Luật 2013 Điều 27)",
    "M",
    R1,
)
rule(
    "ttldxs",
    "member_ratio",
    {"award": "ldtt", "min_percent": "70"},
    "Ít nhất 70% thành viên đạt danh hiệu Lao động tiên tiến",
    L1 + " (Luật 2013 Điều 27)",
    "M",
    R1,
)
rule(
    "ttldxs",
    "member_ratio",
    {"award": "cstd_cs", "min_count": 1},
    "Có ít nhất một cá nhân đạt danh hiệu Chiến sĩ thi đua cơ sở",
    L1 + " (Luật 2013 Điều 27)",
    "M",
    R1,
)
rule(
    "ttldxs",
    "no_member_discipline",
    {"min_level": "warning"},
    "Không có thành viên bị kỷ luật từ cảnh cáo trở lên",
    L1 + " (Luật 2013 Điều 27)",
    "M",
    R1,
)
rule(
    "bang_khen_tinh",
    "any_of",
    {
        "options": [
            opt(
                "all_of",
                "2 năm liên tục hoàn thành xuất sắc nhiệm vụ và 2 sáng kiến",
                options=[
                    opt(
                        "rating",
                        "2 năm liên tục hoàn thành xuất sắc nhiệm vụ",
                        min="excellent",
                        years=2,
                    ),
                    opt(
                        "initiative",
                        "2 sáng kiến được công nhận trong 2 năm",
                        count=2,
                        window=2,
                        min_level="unit",
                    ),
                ],
            ),
            manual("Thành tích xuất sắc, có phạm vi ảnh hưởng trong ngành, lĩnh vực của tỉnh"),
        ]
    },
    "Tiêu chuẩn Bằng khen của Chủ tịch UBND tỉnh cho cá nhân",
    L1 + " (Luật 2013 Điều 72; NĐ 91/2017 Điều 39 — chưa xác nhận)",
    "L",
    R1,
    "individual",
    ["merit"],
)
rule(
    "bang_khen_ttg",
    "any_of",
    {
        "options": [
            opt(
                "all_of",
                "Đã có Bằng khen cấp tỉnh, sau đó 5 năm liên tục hoàn thành xuất sắc "
                "nhiệm vụ và 5 sáng kiến",
                options=[
                    opt(
                        "prior_award",
                        "Đã được tặng Bằng khen cấp bộ, ngành, tỉnh trước thời gian xét",
                        awards=["bang_khen_tinh"],
                        max_year_offset=5,
                    ),
                    opt(
                        "rating",
                        "5 năm liên tục hoàn thành xuất sắc nhiệm vụ",
                        min="excellent",
                        years=5,
                    ),
                    opt(
                        "initiative",
                        "5 sáng kiến được công nhận trong 5 năm",
                        count=5,
                        window=5,
                        min_level="unit",
                    ),
                ],
            ),
            manual("Thành tích xuất sắc trong phong trào thi đua của Trung ương, bộ, ngành, tỉnh"),
            manual("Nhiều thành tích có phạm vi ảnh hưởng trong tỉnh"),
        ]
    },
    "Tiêu chuẩn Bằng khen của Thủ tướng cho cá nhân",
    "NĐ 91/2017 Điều 38 khoản 1",
    "H",
    R1,
    "individual",
    ["merit"],
)

# --- From 2024 (Law 2022; NĐ 98/2023, then NĐ 152/2025) --------------------------
for period, basis, conf_no_exclusion in ((R2, L2, None), (R3, L3, ["exceptional", "campaign"])):
    exclude = {"exclude_types": conf_no_exclusion} if conf_no_exclusion else {}
    note = " (không tính thành tích khen đột xuất, chuyên đề)" if conf_no_exclusion else ""
    rule(
        "ldtt",
        "rating",
        {"min": "good", "years": 1},
        "Hoàn thành tốt nhiệm vụ trở lên",
        basis + " (Luật 2022 Điều 24)",
        "H",
        period,
        "individual",
    )
    rule(
        "cstd_cs",
        "prerequisite",
        {**LDTT_CHECK["params"], **exclude},
        LDTT_CHECK["description"],
        basis,
        "H",
        period,
    )
    rule(
        "cstd_cs",
        "any_of",
        {
            "options": [
                opt("rating", "Hoàn thành xuất sắc nhiệm vụ", min="excellent", years=1),
                opt(
                    "initiative",
                    "Có sáng kiến, đề tài được công nhận tại cơ sở",
                    count=1,
                    window=1,
                    min_level="unit",
                ),
            ]
        },
        "Hoàn thành xuất sắc nhiệm vụ hoặc có sáng kiến (sáng kiến không còn bắt buộc)",
        basis + " (Luật 2022 Điều 23)",
        "H",
        period,
    )
    rule(
        "cstd_tinh",
        "prerequisite",
        {"award": "cstd_cs", "count": 3, "window": 3, "consecutive": True, **exclude},
        "Có 3 lần liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở" + note,
        basis + " (Luật 2022 Điều 22)",
        "H",
        period,
    )
    rule(
        "cstd_tinh",
        "initiative",
        {"count": 1, "window": 3, "min_level": "province"},
        "Sáng kiến, đề tài có phạm vi ảnh hưởng trong tỉnh",
        basis,
        "H",
        period,
    )
    rule(
        "cstd_tq",
        "prerequisite",
        {"award": "cstd_tinh", "count": 2, "step": 3, "consecutive": True, **exclude},
        "Có 2 lần liên tục đạt danh hiệu Chiến sĩ thi đua cấp tỉnh" + note,
        basis + " (Luật 2022 Điều 21)",
        "H",
        period,
    )
    rule(
        "cstd_tq",
        "initiative",
        {"count": 1, "window": 6, "min_level": "national"},
        "Sáng kiến, đề tài có phạm vi ảnh hưởng toàn quốc",
        basis,
        "H",
        period,
    )
    rule(
        "ttldtt",
        "rating",
        {"min": "good", "years": 1},
        "Tập thể hoàn thành tốt nhiệm vụ",
        basis + " (Luật 2022 Điều 28)",
        "M",
        period,
    )
    rule(
        "ttldtt",
        "member_ratio",
        {"award": "ldtt", "min_percent": "70"},
        "Ít nhất 70% thành viên đạt danh hiệu Lao động tiên tiến (luật cũ: trên 50% — cần đối "
        "chiếu Luật 2022 Điều 28)",
        basis + " (Luật 2022 Điều 28, theo QĐ 86/2025 Bắc Ninh)",
        "L",
        period,
    )
    rule(
        "ttldtt",
        "no_member_discipline",
        {"min_level": "warning"},
        "Không có thành viên bị kỷ luật từ cảnh cáo trở lên",
        basis + " (Luật 2022 Điều 28)",
        "M",
        period,
    )
    rule(
        "ttldxs",
        "rating",
        {"min": "excellent", "years": 1},
        "Tập thể hoàn thành xuất sắc nhiệm vụ",
        basis + " (Luật 2022 Điều 27)",
        "H",
        period,
    )
    rule(
        "ttldxs",
        "member_ratio",
        {"rating": "completed", "min_percent": "100"},
        "100% thành viên hoàn thành nhiệm vụ",
        basis + " (Luật 2022 Điều 27)",
        "H",
        period,
    )
    rule(
        "ttldxs",
        "member_ratio",
        {"award": "ldtt", "min_percent": "70"},
        "Ít nhất 70% thành viên đạt danh hiệu Lao động tiên tiến",
        basis + " (Luật 2022 Điều 27)",
        "H",
        period,
    )
    rule(
        "ttldxs",
        "member_ratio",
        {"award": "cstd_cs", "min_count": 1},
        "Có ít nhất một cá nhân đạt danh hiệu Chiến sĩ thi đua cơ sở",
        basis + " (Luật 2022 Điều 27)",
        "H",
        period,
    )
    rule(
        "bang_khen_tinh",
        "any_of",
        {
            "options": [
                opt(
                    "prerequisite",
                    "2 lần liên tục đạt Chiến sĩ thi đua cơ sở",
                    award="cstd_cs",
                    count=2,
                    window=2,
                    consecutive=True,
                    **exclude,
                ),
                opt(
                    "all_of",
                    "2 năm liên tục hoàn thành xuất sắc nhiệm vụ và 2 sáng kiến, đề tài",
                    options=[
                        opt(
                            "rating",
                            "2 năm liên tục hoàn thành xuất sắc nhiệm vụ",
                            min="excellent",
                            years=2,
                        ),
                        opt(
                            "initiative",
                            "2 sáng kiến, đề tài được công nhận trong 2 năm",
                            count=2,
                            window=2,
                            min_level="unit",
                        ),
                    ],
                ),
                manual("Tiêu biểu xuất sắc trong phong trào thi đua do tỉnh phát động"),
                manual(
                    "Thành tích đột xuất hoặc nhiều thành tích có phạm vi ảnh hưởng trong ngành, "
                    "lĩnh vực của tỉnh; đóng góp cho phát triển kinh tế – xã hội"
                ),
            ]
        },
        "Tiêu chuẩn Bằng khen của Chủ tịch UBND tỉnh cho cá nhân",
        basis + " (Luật 2022 Điều 74)",
        "M",
        period,
        "individual",
        ["merit"],
    )
    rule(
        "bang_khen_tinh",
        "any_of",
        {
            "options": [
                opt(
                    "rating",
                    "2 năm liên tục hoàn thành xuất sắc nhiệm vụ",
                    min="excellent",
                    years=2,
                ),
                opt(
                    "prerequisite",
                    "2 năm liên tục đạt Tập thể lao động xuất sắc",
                    award="ttldxs",
                    count=2,
                    window=2,
                    consecutive=True,
                    **exclude,
                ),
                manual(
                    "Tiêu biểu xuất sắc trong phong trào thi đua; thành tích đột xuất; đóng góp "
                    "cho phát triển kinh tế – xã hội"
                ),
            ]
        },
        "Tiêu chuẩn Bằng khen của Chủ tịch UBND tỉnh cho tập thể",
        basis + " (Luật 2022 Điều 74)",
        "M",
        period,
        "collective",
        ["merit"],
    )
    rule(
        "bang_khen_ttg",
        "any_of",
        {
            "options": [
                opt(
                    "all_of",
                    "Đã có Bằng khen cấp tỉnh, 5 năm liên tục hoàn thành tốt nhiệm vụ trở "
                    "lên, trong đó có 3 lần Chiến sĩ thi đua cơ sở",
                    options=[
                        opt(
                            "prior_award",
                            "Đã được tặng Bằng khen cấp bộ, ngành, tỉnh",
                            awards=["bang_khen_tinh"],
                            max_year_offset=1,
                        ),
                        opt(
                            "rating",
                            "5 năm liên tục hoàn thành tốt nhiệm vụ trở lên",
                            min="good",
                            years=5,
                        ),
                        opt(
                            "prerequisite",
                            "3 lần Chiến sĩ thi đua cơ sở trong 5 năm",
                            award="cstd_cs",
                            count=3,
                            window=5,
                            consecutive=False,
                            **exclude,
                        ),
                    ],
                ),
                manual(
                    "Tiêu biểu xuất sắc trong phong trào thi đua do Trung ương, bộ, tỉnh phát động"
                ),
                manual("Nhiều thành tích hoặc thành tích đột xuất có phạm vi ảnh hưởng trong tỉnh"),
            ]
        },
        "Tiêu chuẩn Bằng khen của Thủ tướng cho cá nhân",
        basis + " (Luật 2022 Điều 73)",
        "H",
        period,
        "individual",
        ["merit"],
    )

# Rules whose content did not change with the law.
rule(
    "co_tinh",
    "cluster_member",
    {},
    "Là thành viên cụm, khối thi đua của tỉnh trong năm",
    "NĐ 91/2017 Điều 12; QĐ 86/2025 Bắc Ninh (mẫu)",
    "M",
    OPEN,
    "collective",
)
rule(
    "co_tinh",
    "manual",
    {
        "label": "Được cụm, khối suy tôn dẫn đầu; hoàn thành vượt mức các "
        "chỉ tiêu, tiêu biểu xuất sắc của tỉnh"
    },
    "Dẫn đầu cụm, khối thi đua của tỉnh",
    "Luật TĐKT Điều 26; TT 12/2019 Điều 8",
    "M",
    OPEN,
    "collective",
)
rule(
    "co_cp",
    "manual",
    {
        "label": "Tiêu biểu xuất sắc trong số tập thể đạt tiêu chuẩn Cờ thi "
        "đua cấp tỉnh, hoặc dẫn đầu cụm, khối thi đua do Trung ương tổ chức"
    },
    "Tiêu chuẩn Cờ thi đua của Chính phủ",
    "NĐ 91/2017 Điều 11; Luật 2022 Điều 25",
    "M",
    OPEN,
    "collective",
)
rule(
    "giay_khen",
    "rating",
    {"min": "good", "years": 1},
    "Hoàn thành tốt nhiệm vụ trở lên",
    "Luật 2022 Điều 75 (đến 2023: cấu hình được)",
    "L",
    OPEN,
    "individual",
)
rule(
    "giay_khen",
    "manual",
    {
        "label": "Có thành tích trong phong trào thi đua hoặc thành tích "
        "đột xuất trong phạm vi của cấp khen"
    },
    "Thành tích trong phạm vi của cấp khen",
    "Luật 2022 Điều 75",
    "M",
    OPEN,
)
rule(
    "gd_vanhoa",
    "manual",
    {"label": "Đạt tiêu chí Gia đình văn hóa do UBND tỉnh quy định"},
    "Tiêu chí của tỉnh",
    "NĐ 129/2025; quy định của tỉnh",
    "M",
    OPEN,
)
rule(
    "thon_vanhoa",
    "manual",
    {"label": "Đạt tiêu chí thôn, tổ dân phố văn hóa do UBND tỉnh quy định"},
    "Tiêu chí của tỉnh",
    "Quy định của tỉnh",
    "M",
    OPEN,
)
rule(
    "xa_tieubieu",
    "manual",
    {"label": "Đạt tiêu chí xã, phường, đặc khu tiêu biểu (nghị định riêng — chưa nghiên cứu)"},
    "Tiêu chí theo nghị định riêng",
    L3,
    "L",
    R3,
)
for code in ORDERS:
    rule(
        code,
        "manual",
        {"label": "Tiêu chuẩn theo Luật TĐKT; tỉnh lập hồ sơ trình cấp trên"},
        "Tiêu chuẩn do Trung ương thẩm định",
        "Luật TĐKT 2022 Chương III",
        "M",
        OPEN,
    )

# --- Awarding authority --------------------------------------------------------------
LOCAL_OLD = ["department", "district", "enterprise"]
LOCAL_NEW = ["department", "commune", "enterprise"]
for code in ("ldtt", "cstd_cs", "ttldtt"):
    rule(
        code,
        "authority",
        {"levels": LOCAL_OLD},
        "Thủ trưởng sở, ngành; Chủ tịch UBND huyện; Giám đốc doanh nghiệp",
        L1 + "; " + L2,
        "H",
        (R1[0], R2[1]),
    )
    rule(
        code,
        "authority",
        {"levels": LOCAL_NEW},
        "Thủ trưởng sở, ngành; Chủ tịch UBND xã; Giám đốc doanh nghiệp",
        "Luật 2022 Điều 80; NĐ 129/2025 Điều 59",
        "H",
        R3,
    )
rule(
    "giay_khen",
    "authority",
    {"levels": LOCAL_OLD + ["commune"]},
    "Thủ trưởng sở, ngành; Chủ tịch UBND huyện, xã; doanh nghiệp",
    L1 + "; " + L2,
    "H",
    (R1[0], R2[1]),
)
rule(
    "giay_khen",
    "authority",
    {"levels": LOCAL_NEW},
    "Thủ trưởng sở, ngành; Chủ tịch UBND xã; doanh nghiệp (Chủ tịch HĐQT chỉ tặng Giấy khen)",
    "Luật 2022 Điều 75, 80; NĐ 129/2025 Điều 59",
    "H",
    R3,
)
for code in ("gd_vanhoa", "thon_vanhoa"):
    rule(
        code,
        "authority",
        {"levels": ["commune"]},
        "Chủ tịch UBND xã",
        "NĐ 129/2025 Điều 59",
        "H",
        R3,
    )
for code in ("cstd_tinh", "ttldxs", "co_tinh", "bang_khen_tinh", "xa_tieubieu"):
    rule(
        code,
        "authority",
        {"levels": ["provincial"]},
        "Chủ tịch UBND tỉnh",
        "Luật TĐKT; NĐ 152/2025",
        "H",
        OPEN,
    )
for code in ("cstd_tq", "co_cp", "bang_khen_ttg"):
    rule(
        code,
        "authority",
        {"levels": ["central"]},
        "Thủ tướng Chính phủ (tỉnh trình)",
        "Luật TĐKT",
        "H",
        OPEN,
    )
for code in ORDERS:
    rule(
        code,
        "authority",
        {"levels": ["central"]},
        "Chủ tịch nước (Thủ tướng trình)",
        "Luật TĐKT Điều 33",
        "H",
        OPEN,
    )


# --- Council votes ---------------------------------------------------------------
def vote(body, threshold, *, base="all_members", strict=False, quorum=None, attendance=None):
    return {
        "body": body,
        "threshold_percent": threshold,
        "base": base,
        "strict": strict,
        "quorum_percent": quorum,
        "attendance_percent": attendance,
    }


MAJORITY = "50"
for code in ("cstd_tinh", "cstd_tq"):
    rule(
        code,
        "council_vote",
        vote("council", "90"),
        "Hội đồng tỉnh bỏ phiếu kín, ≥ 90% tổng số thành viên đồng ý",
        "NĐ 91/2017 Điều 45 k8",
        "H",
        R1,
    )
    rule(
        code,
        "council_vote",
        vote("council", "90"),
        "Hội đồng tỉnh bỏ phiếu kín, ≥ 90% tổng số thành viên đồng ý",
        "NĐ 98/2023 Điều 30 k7",
        "H",
        R2,
    )
    rule(
        code,
        "council_vote",
        vote("council", "90", quorum="66.67", attendance="80"),
        "≥ 90% tổng số thành viên (theo NĐ 98; chưa xác nhận NĐ 152 giữ nguyên)",
        "NĐ 98/2023 Điều 30 k7 (đã hết hiệu lực) – kiểm tra NĐ 152",
        "L",
        R3,
    )
for code in ("co_tinh", "co_cp"):
    rule(
        code,
        "council_vote",
        vote("council", MAJORITY, strict=True),
        "Hội đồng tỉnh xét; không tìm thấy ngưỡng quốc gia — mặc định quá bán tổng số thành viên",
        "NĐ 91/2017 (không quy định ngưỡng)",
        "L",
        R1,
    )
    rule(
        code,
        "council_vote",
        vote("council", "80"),
        "≥ 80% tổng số thành viên Hội đồng đồng ý",
        "NĐ 98/2023 Điều 30 k7",
        "H",
        R2,
    )
    rule(
        code,
        "council_vote",
        vote("council", "80", quorum="66.67", attendance="80"),
        "≥ 80% tổng số thành viên (theo NĐ 98; chưa xác nhận NĐ 152 giữ nguyên)",
        "NĐ 98/2023 Điều 30 k7 (đã hết hiệu lực) – kiểm tra NĐ 152",
        "L",
        R3,
    )
rule(
    "cstd_cs",
    "council_vote",
    vote("unit_council", "80"),
    "Hội đồng thi đua cấp cơ sở: ≥ 80% tổng số thành viên đồng ý",
    "NĐ 98/2023 Điều 30 k7",
    "H",
    R2,
)
rule(
    "cstd_cs",
    "council_vote",
    vote("unit_council", "80"),
    "Hội đồng cấp cơ sở: ≥ 80% tổng số thành viên (chưa xác nhận NĐ 152)",
    "NĐ 98/2023 Điều 30 k7 (đã hết hiệu lực) – kiểm tra NĐ 152",
    "L",
    R3,
)
for code in ("ttldxs", "bang_khen_tinh"):
    rule(
        code,
        "council_vote",
        vote("standing_committee", MAJORITY, base="present", strict=True),
        "Thường trực Hội đồng thẩm định, báo cáo trực tiếp; quá bán thành viên có mặt",
        "QĐ 86/2025 Bắc Ninh (mẫu quy trình tỉnh)",
        "L",
        OPEN,
    )
for code in ["bang_khen_ttg", *ORDERS]:
    rule(
        code,
        "council_vote",
        vote("council", MAJORITY, base="present", strict=True, quorum="66.67"),
        "Hội đồng tỉnh xét trước khi trình Trung ương; quá bán thành viên có mặt",
        "QĐ 86/2025 Bắc Ninh (mẫu quy trình tỉnh)",
        "L",
        OPEN,
    )


# --- Prize money (multiplier × base salary) --------------------------------------------
def prize(
    individual=None,
    collective=None,
    *,
    household=None,
    household_factor=None,
    rounding="nearest_half_up",
    issuer_level=None,
):
    return {
        "individual": individual,
        "collective": collective,
        "household": household,
        "household_factor": household_factor,
        "rounding": rounding,
        "round_to": 10000,
        "issuer_level": issuer_level,
        "highest_only_same_period": True,
    }


TITLE_MULTIPLIERS = {
    "cstd_tq": ("4.5", None),
    "cstd_tinh": ("3.0", None),
    "cstd_cs": ("1.0", None),
    "ldtt": ("0.3", None),
    "ttldxs": (None, "1.5"),
    "ttldtt": (None, "0.8"),
    "co_cp": (None, "12.0"),
    "co_tinh": (None, "8.0"),
}
for code, (ind, coll) in TITLE_MULTIPLIERS.items():
    rule(
        code,
        "prize",
        prize(ind, coll),
        "Hệ số tiền thưởng (NĐ 91/2017 Điều 69)",
        "NĐ 91/2017 Điều 69",
        "H",
        R1,
    )
    rule(
        code,
        "prize",
        prize(ind, coll, rounding="up"),
        "Hệ số tiền thưởng (NĐ 98/2023 Điều 54)",
        "NĐ 98/2023 Điều 54",
        "M",
        R2,
    )
    rule(
        code,
        "prize",
        prize(ind, coll, household_factor="1.5", rounding="up"),
        "Hệ số tiền thưởng (NĐ 152/2025 Điều 50)",
        "NĐ 152/2025 Điều 49–50",
        "H",
        R3,
    )
rule(
    "bang_khen_ttg",
    "prize",
    prize("3.5", "7.0"),
    "Bằng khen Thủ tướng",
    "NĐ 91/2017 Điều 73",
    "H",
    R1,
)
rule(
    "bang_khen_tinh",
    "prize",
    prize("1.0", "2.0"),
    "Bằng khen Chủ tịch UBND tỉnh",
    "NĐ 91/2017 Điều 73",
    "H",
    R1,
)
rule(
    "giay_khen",
    "prize",
    prize("0.3", "0.6"),
    "Giấy khen của sở, huyện, doanh nghiệp",
    "NĐ 91/2017 Điều 73",
    "H",
    R1,
)
rule(
    "giay_khen",
    "prize",
    prize("0.15", "0.3", issuer_level="commune"),
    "Giấy khen của Chủ tịch UBND xã",
    "NĐ 91/2017 Điều 73",
    "H",
    R1,
)
rule(
    "bang_khen_ttg",
    "prize",
    prize("3.5", "7.0", rounding="up"),
    "Bằng khen Thủ tướng",
    "NĐ 98/2023",
    "M",
    R2,
)
rule(
    "bang_khen_tinh",
    "prize",
    prize("1.5", "3.0", rounding="up"),
    "Bằng khen Chủ tịch UBND tỉnh",
    "NĐ 98/2023",
    "M",
    R2,
)
rule("giay_khen", "prize", prize("0.3", "0.6", rounding="up"), "Giấy khen", "NĐ 98/2023", "M", R2)
rule(
    "bang_khen_ttg",
    "prize",
    prize("3.5", "7.0", household_factor="1.5", rounding="up"),
    "Bằng khen Thủ tướng (cá nhân: khoảng 3,5 lần)",
    "NĐ 152/2025 Điều 51",
    "M",
    R3,
)
rule(
    "bang_khen_tinh",
    "prize",
    prize("1.5", "3.0", household_factor="1.5", rounding="up"),
    "Bằng khen Chủ tịch UBND tỉnh (cá nhân 1,5 chưa xác nhận theo NĐ 152)",
    "NĐ 152/2025 Điều 51",
    "L",
    R3,
)
rule(
    "giay_khen",
    "prize",
    prize("0.3", "0.6", household_factor="1.5", rounding="up"),
    "Giấy khen",
    "NĐ 152/2025 Điều 51",
    "M",
    R3,
)
rule(
    "xa_tieubieu",
    "prize",
    prize(None, "2.0", rounding="up"),
    "Xã, phường tiêu biểu",
    "NĐ 152/2025 Điều 50",
    "M",
    R3,
)
rule(
    "thon_vanhoa",
    "prize",
    prize(None, "1.5", rounding="up"),
    "Thôn, tổ dân phố văn hóa",
    "NĐ 152/2025 Điều 50",
    "H",
    R3,
)
ORDER_COLLECTIVE = {
    "huan_chuong_sao_vang": "92",
    "huan_chuong_ho_chi_minh": "61",
    "huan_chuong_doc_lap_1": "30",
    "huan_chuong_doc_lap_2": "25",
    "huan_chuong_lao_dong_1": "18",
    "huan_chuong_chien_cong_1": "18",
    "huan_chuong_bao_ve_to_quoc_1": "18",
    "huan_chuong_lao_dong_2": "15",
    "huan_chuong_chien_cong_2": "15",
    "huan_chuong_bao_ve_to_quoc_2": "15",
    "huan_chuong_dai_doan_ket": "15",
    "huan_chuong_lao_dong_3": "9",
    "huan_chuong_chien_cong_3": "9",
    "huan_chuong_bao_ve_to_quoc_3": "9",
    "huan_chuong_dung_cam": "9",
}
for code, coll in ORDER_COLLECTIVE.items():
    rule(
        code,
        "prize",
        prize(None, coll, rounding="up"),
        "Tiền thưởng tập thể (cá nhân: chưa nghiên cứu)",
        "NĐ 152/2025 Điều 51",
        "H",
        R3,
    )

# --- Dossier documents and verification time limit -----------------------------------
for doc, label in (
    ("proposal_letter", "Tờ trình đề nghị khen thưởng"),
    ("achievement_report", "Báo cáo thành tích"),
    ("minutes", "Biên bản bình xét, họp xét khen thưởng"),
):
    rule(
        None,
        "required_document",
        {"procedure": "normal", "document": doc},
        f"Thủ tục thông thường: {label}",
        "Luật TĐKT 2022 Điều 84 (tương tự NĐ 91/2017)",
        "H",
        OPEN,
    )
for doc, label in (
    ("proposal_letter", "Tờ trình đề nghị khen thưởng"),
    ("achievement_report", "Báo cáo tóm tắt thành tích"),
):
    rule(
        None,
        "required_document",
        {"procedure": "simplified", "document": doc},
        f"Thủ tục đơn giản: {label}",
        "Luật TĐKT 2022 Điều 85; NĐ 98/2023 Điều 40",
        "H",
        OPEN,
    )
for code in ("cstd_cs", "cstd_tinh", "cstd_tq"):
    rule(
        code,
        "required_document",
        {"procedure": "normal", "document": "initiative_proof"},
        "Xác nhận sáng kiến, đề tài hoặc kết quả xếp loại hoàn thành xuất sắc nhiệm vụ",
        "Luật TĐKT 2022 Điều 84",
        "H",
        OPEN,
    )
rule(
    None,
    "required_document",
    {"procedure": "", "document": "exceptional_proof"},
    "Minh chứng thành tích đột xuất",
    "Luật TĐKT 2022 Điều 84",
    "M",
    OPEN,
    "",
    ["exceptional"],
)
rule(
    None,
    "verification_days",
    {"days": 20},
    "Thẩm định trong 20 ngày làm việc kể từ khi nhận đủ hồ sơ",
    "QĐ 638/QĐ-BNV 2025; NĐ 98/2023 Điều 32 (tỉnh có thể quy định 10–20 ngày)",
    "M",
    OPEN,
)

BASE_SALARIES = [
    (D(2016, 5, 1), 1_210_000, "NĐ 47/2016/NĐ-CP"),
    (D(2017, 7, 1), 1_300_000, "NĐ 47/2017/NĐ-CP"),
    (D(2018, 7, 1), 1_390_000, "NĐ 72/2018/NĐ-CP"),
    (D(2019, 7, 1), 1_490_000, "NĐ 38/2019/NĐ-CP"),
    (D(2023, 7, 1), 1_800_000, "NĐ 24/2023/NĐ-CP"),
    (D(2024, 7, 1), 2_340_000, "NĐ 73/2024/NĐ-CP"),
]
# Fixed-date public holidays (Labour Code 2019 Art. 112). Tết and the days
# the government moves each year are entered by staff.
FIXED_HOLIDAYS = [
    ((1, 1), "Tết Dương lịch"),
    ((4, 30), "Ngày Chiến thắng"),
    ((5, 1), "Ngày Quốc tế Lao động"),
    ((9, 2), "Quốc khánh"),
]


def seed(apps, schema_editor=None):
    Regime = apps.get_model("awards", "Regime")
    Award = apps.get_model("awards", "Award")
    AwardRule = apps.get_model("awards", "AwardRule")
    BaseSalary = apps.get_model("awards", "BaseSalary")
    Holiday = apps.get_model("awards", "Holiday")
    for code, name, basis, start, end in REGIMES:
        Regime.objects.update_or_create(
            code=code,
            defaults={"name": name, "legal_basis": basis, "valid_from": start, "valid_to": end},
        )
    awards = {}
    for code, name, short, category, ind, coll, hh, level, fwd, rank in AWARDS:
        awards[code], _ = Award.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short,
                "category": category,
                "for_individual": bool(ind),
                "for_collective": bool(coll),
                "for_household": bool(hh),
                "level": level,
                "forwarded_to_central": bool(fwd),
                "rank": rank,
            },
        )
    if not AwardRule.objects.exists():
        AwardRule.objects.bulk_create(
            AwardRule(
                award=awards[code] if code else None,
                kind=kind,
                params=params,
                description=description,
                legal_basis=basis,
                confidence=conf,
                valid_from=period[0],
                valid_to=period[1],
                recipient_kind=recipient,
                award_types=types,
                position=i,
            )
            for i, (
                code,
                kind,
                params,
                description,
                basis,
                conf,
                period,
                recipient,
                types,
            ) in enumerate(RULES)
        )
    for start, amount, basis in BASE_SALARIES:
        BaseSalary.objects.get_or_create(
            valid_from=start, defaults={"amount": amount, "legal_basis": basis}
        )
    for year in range(2018, 2028):
        for (month, day), name in FIXED_HOLIDAYS:
            Holiday.objects.get_or_create(date=D(year, month, day), defaults={"name": name})


def unseed(apps, schema_editor):
    for name in ("AwardRule", "Award", "Regime", "BaseSalary", "Holiday"):
        apps.get_model("awards", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
