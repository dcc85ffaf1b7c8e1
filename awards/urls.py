from django.urls import path

from .views import catalogue, nominations, people

app_name = "awards"

urlpatterns = [
    path("ho-so/", nominations.nomination_list, name="nomination_list"),
    path("ho-so/them/", nominations.nomination_create, name="nomination_create"),
    path("ho-so/mau-danh-sach.xlsx", nominations.nominee_template, name="nominee_template"),
    path("ho-so/<uuid:uid>/", nominations.nomination_detail, name="nomination_detail"),
    path("ho-so/<uuid:uid>/sua/", nominations.nomination_edit, name="nomination_edit"),
    path("ho-so/<uuid:uid>/de-nghi/them/", nominations.item_add, name="item_add"),
    path("ho-so/<uuid:uid>/de-nghi/kiem-tra/", nominations.item_preview, name="item_preview"),
    path("ho-so/<uuid:uid>/de-nghi/tra-cuu/", nominations.person_options, name="person_options"),
    path("ho-so/<uuid:uid>/de-nghi/<int:pk>/sua/", nominations.item_edit, name="item_edit"),
    path("ho-so/<uuid:uid>/de-nghi/<int:pk>/xoa/", nominations.item_remove, name="item_remove"),
    path(
        "ho-so/<uuid:uid>/de-nghi/<int:pk>/hieu-chinh/",
        nominations.item_correct,
        name="item_correct",
    ),
    path("ho-so/<uuid:uid>/nhap-excel/", nominations.nominee_import, name="nominee_import"),
    path("ho-so/<uuid:uid>/tai-lieu/", nominations.document_add, name="document_add"),
    path(
        "ho-so/<uuid:uid>/tai-lieu/<int:pk>/",
        nominations.document_download,
        name="document_download",
    ),
    path(
        "ho-so/<uuid:uid>/tai-lieu/<int:pk>/xoa/",
        nominations.document_remove,
        name="document_remove",
    ),
    path("ho-so/<uuid:uid>/tham-dinh/", nominations.nomination_verify, name="nomination_verify"),
    path(
        "ho-so/<uuid:uid>/thao-tac/<slug:action>/",
        nominations.nomination_action,
        name="nomination_action",
    ),
    path("de-nghi/", nominations.item_list, name="item_list"),
    path("de-nghi/xuat.<str:fmt>", nominations.item_export, name="item_export"),
    path("ca-nhan/", people.person_list, name="person_list"),
    path("ca-nhan/them/", people.person_create, name="person_create"),
    path("ca-nhan/<int:pk>/", people.person_detail, name="person_detail"),
    path("ca-nhan/<int:pk>/sua/", people.person_edit, name="person_edit"),
    path("ca-nhan/<int:pk>/<slug:fact>/", people.person_fact_add, name="person_fact_add"),
    path("ho-gia-dinh/", people.household_list, name="household_list"),
    path("lich-su/nhap/", people.history_import, name="history_import"),
    path("lich-su/mau.xlsx", people.history_template, name="history_template"),
    path("danh-muc/", catalogue.catalogue, name="catalogue"),
    path("danh-muc/<slug:code>/", catalogue.award_detail, name="award_detail"),
]
