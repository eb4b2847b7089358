from django.urls import path

from organizations import spreadsheet_urls, views

app_name = "organizations"
urlpatterns = [
    path("", views.organization_list, name="organization-list"),
    *spreadsheet_urls.urlpatterns,
]
