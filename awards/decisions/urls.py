"""Council, ballots, decisions, registry numbers, prize money and escalations."""

from django.urls import path

from . import views

app_name = "decisions"

urlpatterns = [
    path("hoi-dong/", views.council_home, name="council"),
    path("hoi-dong/thanh-vien/them/", views.member_add, name="member_add"),
    path("hoi-dong/thanh-vien/<int:pk>/sua/", views.member_edit, name="member_edit"),
    path("hoi-dong/thanh-vien/<int:pk>/ket-thuc/", views.member_end, name="member_end"),
    path("phien-hop/tao/", views.session_create, name="session_create"),
    path("phien-hop/<uuid:uid>/", views.session_detail, name="session_detail"),
    path("phien-hop/<uuid:uid>/chuong-trinh/", views.agenda_edit, name="agenda"),
    path(
        "phien-hop/<uuid:uid>/chuong-trinh/<uuid:item_uid>/bo/",
        views.agenda_remove,
        name="agenda_remove",
    ),
    path("phien-hop/<uuid:uid>/mo-bo-phieu/", views.session_open, name="session_open"),
    path("phien-hop/<uuid:uid>/co-mat/", views.session_mark_present, name="mark_present"),
    path("phien-hop/<uuid:uid>/bo-phieu/", views.ballot, name="ballot"),
    path("phien-hop/<uuid:uid>/y-kien-van-ban/", views.written_opinion, name="written"),
    path("phien-hop/<uuid:uid>/ket-thuc/", views.session_close, name="session_close"),
    path("phien-hop/<uuid:uid>/huy/", views.session_cancel, name="session_cancel"),
    path("phien-hop/<uuid:uid>/bien-ban-kiem-phieu.pdf", views.session_minutes, name="minutes"),
    path("phien-hop/<uuid:uid>/lap-quyet-dinh/", views.decision_generate, name="generate"),
    path("phien-hop/<uuid:uid>/lap-to-trinh/", views.escalation_generate, name="escalate"),
    path("quyet-dinh/", views.decision_list, name="decision_list"),
    path("quyet-dinh/<uuid:uid>/", views.decision_detail, name="decision_detail"),
    path("quyet-dinh/<uuid:uid>/sua/", views.decision_edit, name="decision_edit"),
    path(
        "quyet-dinh/<uuid:uid>/danh-sach/<uuid:entry_uid>/sua/",
        views.entry_edit,
        name="entry_edit",
    ),
    path(
        "quyet-dinh/<uuid:uid>/danh-sach/<uuid:entry_uid>/bo/",
        views.entry_remove,
        name="entry_remove",
    ),
    path("quyet-dinh/<uuid:uid>/ban-hanh/", views.decision_issue, name="decision_issue"),
    path("quyet-dinh/<uuid:uid>/xoa/", views.decision_delete, name="decision_delete"),
    path("quyet-dinh/<uuid:uid>/thu-hoi/", views.decision_revoke, name="decision_revoke"),
    path("quyet-dinh/<uuid:uid>/tai-ve.pdf", views.decision_pdf, name="decision_pdf"),
    path(
        "quyet-dinh/<uuid:uid>/tien-thuong.xlsx",
        views.decision_prize_export,
        name="decision_prize_export",
    ),
    path("tien-thuong/", views.prize_totals, name="prize_totals"),
    path("tien-thuong/<int:year>.xlsx", views.prize_year_export, name="prize_year_export"),
    path("trinh-trung-uong/", views.escalation_list, name="escalation_list"),
    path("trinh-trung-uong/<uuid:uid>/", views.escalation_detail, name="escalation_detail"),
    path("trinh-trung-uong/<uuid:uid>/trinh/", views.escalation_submit, name="escalation_submit"),
    path("trinh-trung-uong/<uuid:uid>/ho-so.zip", views.escalation_package, name="escalation_zip"),
    path("trinh-trung-uong/<uuid:uid>/ket-qua/", views.escalation_record, name="escalation_record"),
]
