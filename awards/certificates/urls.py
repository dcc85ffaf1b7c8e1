from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("bang-khen/", views.decision_list, name="decision_list"),
    path("bang-khen/quyet-dinh/<uuid:uid>/", views.decision_detail, name="decision_detail"),
    path("bang-khen/quyet-dinh/<uuid:uid>/tien-do/", views.job_status, name="job_status"),
    path("bang-khen/quyet-dinh/<uuid:uid>/ket-xuat/", views.job_request, name="job_request"),
    path(
        "bang-khen/quyet-dinh/<uuid:uid>/tai/<str:kind>/",
        views.job_download,
        name="job_download",
    ),
    path(
        "bang-khen/quyet-dinh/<uuid:uid>/tep-in-tren-phoi/",
        views.job_blank_request,
        name="job_blank_request",
    ),
    path("bang-khen/bang/<str:code>/tai/", views.certificate_download, name="download"),
    path("bang-khen/bang/<str:code>/thu-lai/", views.certificate_retry, name="retry"),
    path("bang-khen/phoi/", views.blank_list, name="blank_list"),
    path("bang-khen/phoi/<int:pk>/", views.blank_update, name="blank_update"),
    path(
        "bang-khen/phoi/<int:pk>/trang-can-chinh.pdf",
        views.blank_calibration_pdf,
        name="blank_calibration",
    ),
    # Public: the address in every certificate's QR code.
    path("xac-thuc/<str:code>/", views.verify, name="verify"),
]
