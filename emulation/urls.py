from django.urls import path

from . import views

app_name = "emulation"

urlpatterns = [
    # Campaigns
    path("phong-trao/", views.campaign_list, name="campaign_list"),
    path("phong-trao/them/", views.campaign_create, name="campaign_create"),
    path("phong-trao/<slug:code>/", views.campaign_detail, name="campaign_detail"),
    path("phong-trao/<slug:code>/sua/", views.campaign_edit, name="campaign_edit"),
    path("phong-trao/<slug:code>/sao-chep/", views.campaign_copy, name="campaign_copy"),
    path("phong-trao/<slug:code>/dang-ky/", views.registration_edit, name="registration"),
    path(
        "phong-trao/<slug:code>/<slug:action>/",
        views.campaign_transition,
        name="campaign_transition",
    ),
    # Pacts
    path("giao-uoc/<slug:code>/<int:year>/", views.pact_edit, name="pact"),
    # Scoring tables
    path("bang-diem/", views.table_list, name="table_list"),
    path("bang-diem/them/", views.table_create, name="table_create"),
    path("bang-diem/tieu-chi/<int:pk>/", views.criterion_edit, name="criterion_edit"),
    path("bang-diem/tieu-chi/<int:pk>/xoa/", views.criterion_delete, name="criterion_delete"),
    path("bang-diem/<slug:code>/<int:year>/", views.table_detail, name="table_detail"),
    path("bang-diem/<slug:code>/<int:year>/them/", views.criterion_add, name="criterion_add"),
    path("bang-diem/<slug:code>/<int:year>/cau-hinh/", views.table_settings, name="table_settings"),
    path(
        "bang-diem/<slug:code>/<int:year>/<slug:action>/",
        views.table_transition,
        name="table_transition",
    ),
    # Scoring
    path("cham-diem/", views.scoring_index, name="scoring_index"),
    path("cham-diem/minh-chung/<int:pk>/", views.evidence_download, name="evidence"),
    path("cham-diem/<slug:code>/<int:year>/<slug:unit_code>/", views.sheet_detail, name="sheet"),
    path(
        "cham-diem/<slug:code>/<int:year>/<slug:unit_code>/<slug:action>/",
        views.sheet_transition,
        name="sheet_transition",
    ),
    # Standings
    path("xep-hang/", views.standings_index, name="standings_index"),
    path("xep-hang/cong-khai/", views.public_setting, name="public_setting"),
    path("xep-hang/cua-toi/", views.my_standing, name="my_standing"),
    path("xep-hang/don-vi/<slug:unit_code>/<int:year>/", views.unit_standing, name="unit_standing"),
    path("xep-hang/<slug:code>/<int:year>/", views.standings, name="standings"),
    path("xep-hang/<slug:code>/<int:year>/excel/", views.standings_excel, name="standings_excel"),
]
