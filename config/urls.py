from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from units.forms import SignInForm
from units.views import healthz, home

admin.site.site_header = "Vinh danh – Quản trị hệ thống"
admin.site.site_title = "Vinh danh"
admin.site.index_title = "Quản trị"

urlpatterns = [
    path("", home, name="home"),
    path("healthz/", healthz, name="healthz"),
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "doi-mat-khau/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("ngon-ngu/", login_not_required(set_language), name="set_language"),
    path("quan-tri/", admin.site.urls),
    path("", include("units.urls")),
    path("", include("emulation.urls")),
    path("", include("awards.urls")),
    path("", include("awards.decisions.urls")),
    path("", include("awards.reports.urls")),
    path("", include("awards.certificates.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
