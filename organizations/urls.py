from django.urls import path

from organizations import spreadsheet_urls, views

app_name = "organizations"
urlpatterns = [
    path("", views.organization_list, name="organization-list"),
    path("<int:pk>/", views.organization_detail, name="organization-detail"),
    path("<int:pk>/move/", views.organization_move, name="organization-move"),
    path("<int:pk>/merge/", views.organization_merge, name="organization-merge"),
    path("<int:pk>/destinations/", views.destination_search, name="destination-search"),
    path("<int:pk>/members/", views.member_list, name="member-list"),
    path("<int:pk>/members/new/", views.member_create, name="member-create"),
    path("members/<int:pk>/edit/", views.member_edit, name="member-edit"),
    *spreadsheet_urls.urlpatterns,
]
