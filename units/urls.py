from django.urls import path

from . import views

app_name = "units"

urlpatterns = [
    path("don-vi/", views.unit_list, name="list"),
    path("don-vi/them/", views.unit_create, name="create"),
    path("don-vi/sap-xep/", views.unit_reorganise, name="reorganise"),
    path("don-vi/tra-cuu/", views.unit_search_options, name="search_options"),
    path("don-vi/<slug:code>/", views.unit_detail, name="detail"),
    path("don-vi/<slug:code>/sua/", views.unit_edit, name="edit"),
    path("don-vi/<slug:code>/tai-khoan/", views.unit_staff, name="staff"),
    path("thong-bao/", views.notification_list, name="notifications"),
    path("thong-bao/da-doc/", views.notification_read, name="notifications_read"),
    path("cum-khoi/", views.cluster_list, name="cluster_list"),
    path("cum-khoi/them/", views.cluster_create, name="cluster_create"),
    path("cum-khoi/sao-chep-nam/", views.memberships_copy, name="memberships_copy"),
    path("cum-khoi/thanh-vien/<int:pk>/xoa/", views.membership_remove, name="membership_remove"),
    path("cum-khoi/<slug:code>/sua/", views.cluster_edit, name="cluster_edit"),
    path("cum-khoi/<slug:code>/<int:year>/", views.cluster_detail, name="cluster_detail"),
    path("cum-khoi/<slug:code>/<int:year>/them/", views.membership_add, name="membership_add"),
    path(
        "cum-khoi/<slug:code>/<int:year>/lanh-dao/",
        views.leadership_rotate,
        name="leadership_rotate",
    ),
]
