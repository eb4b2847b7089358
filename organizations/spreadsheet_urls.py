# URL patterns of the spreadsheet import and export (see spreadsheet_views.py).
from django.urls import path

from organizations import spreadsheet_views

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
    path("<int:pk>/export.xlsx", spreadsheet_views.organization_export, name="organization-export"),
]
