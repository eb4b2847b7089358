from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from congress_admin import otp, signin, views

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "accounts/login/",
        signin.SignInView.as_view(),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/otp/", otp.otp_view, name="otp"),
    path("accounts/otp/enrol/<str:token>/", otp.enrol_view, name="otp-enrol"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("organizations/", include("organizations.urls")),
    path("congresses/", include("congresses.urls")),
    path("documents/", include("documents.urls")),
    path("personnel/", include("personnel.urls")),
    path("recognition/", include("recognition.urls")),
    path("delegates/", include("delegates.urls")),
    path("congress-day/", include("congress_day.urls")),
    path("reports/", include("reports.urls")),
    path("audit/", include("audit.urls")),
    path("admin/", admin.site.urls),
]

# Error pages with the menu and a way back, in the user's language (congress_admin.errors).
handler400 = "congress_admin.errors.bad_request"
handler403 = "congress_admin.errors.permission_denied"
handler404 = "congress_admin.errors.page_not_found"
handler500 = "congress_admin.errors.server_error"
