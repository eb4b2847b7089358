from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("organizations/<int:pk>/new/", views.report_new, name="report-new"),
    path(
        "organizations/<int:pk>/summary-text/<int:term>/",
        views.summary_text,
        name="summary-text",
    ),
    path("", views.job_list, name="job-list"),
    path("request/", views.job_request, name="job-request"),
    path("<uuid:pk>/status/", views.job_status, name="job-status"),
    path("congresses/<int:pk>/quick-report/", views.quick_report, name="quick-report"),
    path("<uuid:pk>/download/", views.job_download, name="job-download"),
]
