# URL patterns of the spreadsheet import and export (see spreadsheet_views.py).
from django.urls import path

from organizations import export_job_views, import_job_views, spreadsheet_views

urlpatterns = [
    path("import/", spreadsheet_views.organization_import, name="organization-import"),
    path(
        "import/confirm/",
        spreadsheet_views.organization_import_confirm,
        name="organization-import-confirm",
    ),
    path(
        "import/template.xlsx",
        spreadsheet_views.organization_import_template,
        name="organization-import-template",
    ),
    path("import/jobs/<uuid:pk>/", import_job_views.import_job, name="organization-import-job"),
    path(
        "import/jobs/<uuid:pk>/progress/",
        import_job_views.import_job_progress,
        name="organization-import-job-progress",
    ),
    path(
        "import/jobs/<uuid:pk>/apply/",
        import_job_views.import_job_apply,
        name="organization-import-job-apply",
    ),
    path(
        "import/jobs/<uuid:pk>/cancel/",
        import_job_views.import_job_cancel,
        name="organization-import-job-cancel",
    ),
    path("<int:pk>/export.xlsx", spreadsheet_views.organization_export, name="organization-export"),
    path("<int:pk>/export/", export_job_views.export_request, name="organization-export-request"),
    path("export/jobs/<uuid:pk>/", export_job_views.export_job, name="organization-export-job"),
    path(
        "export/jobs/<uuid:pk>/progress/",
        export_job_views.export_job_progress,
        name="organization-export-job-progress",
    ),
    path(
        "export/jobs/<uuid:pk>/download/",
        export_job_views.export_job_download,
        name="organization-export-job-download",
    ),
]
