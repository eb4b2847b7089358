from django.urls import path

from recognition import views

app_name = "recognition"

urlpatterns = [
    path("organizations/<int:pk>/", views.overview, name="overview"),
    path("organizations/<int:pk>/ratings/", views.rating_grid, name="rating-grid"),
    path(
        "organizations/<int:pk>/commendations/", views.commendation_list, name="commendation-list"
    ),
    path(
        "organizations/<int:pk>/commendations/new/",
        views.commendation_create,
        name="commendation-create",
    ),
    path("organizations/<int:pk>/campaigns/", views.campaign_list, name="campaign-list"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign-detail"),
    path("works/<int:pk>/edit/", views.work_edit, name="work-edit"),
]
