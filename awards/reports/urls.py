"""Statistics, dashboards, year-end reports and the public pages."""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("thong-ke/", views.statistics, name="statistics"),
    path("thong-ke/<int:year>/", views.statistics, name="statistics_year"),
    path("tong-quan/", views.dashboard, name="dashboard"),
    path("tong-quan/don-vi/", views.unit_dashboard, name="unit_dashboard"),
    path("bao-cao/", views.report_list, name="report_list"),
    path("bao-cao/<int:year>/", views.report_detail, name="report_detail"),
    path("bao-cao/<int:year>/ket-xuat/", views.report_render, name="report_render"),
    path("bao-cao/ket-xuat/<int:pk>/trang-thai/", views.render_status, name="render_status"),
    path(
        "bao-cao/ket-xuat/<int:pk>/tai-ve.<str:fmt>",
        views.render_download,
        name="render_download",
    ),
    path("cong-khai/", views.public_home, name="public_home"),
    path("cong-khai/quyet-dinh/", views.public_decisions, name="public_decisions"),
    path("cong-khai/quyet-dinh/<uuid:uid>/", views.public_decision, name="public_decision"),
    path("cong-khai/dien-hinh/", views.public_honour_roll, name="public_honour_roll"),
    path("cong-khai/tra-cuu/", views.public_lookup, name="public_lookup"),
]
