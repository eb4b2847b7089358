from django.urls import path

from congresses import dashboard_urls, occasion_views, schedule_views, views

app_name = "congresses"
urlpatterns = [
    path("worklist/", views.worklist, name="worklist"),
    path("rules/", views.rules_in_force, name="rules-in-force"),
    path("organizations/<int:pk>/", views.congress_list, name="congress-list"),
    path("organizations/<int:pk>/plan/", views.plan_create, name="plan-create"),
    path(
        "organizations/<int:pk>/mid-term/",
        occasion_views.mid_term_plan,
        name="mid-term-plan",
    ),
    path(
        "organizations/<int:pk>/extraordinary/",
        occasion_views.extraordinary_create,
        name="extraordinary-create",
    ),
    path("organizations/<int:pk>/schedule/", schedule_views.schedule_grid, name="schedule-grid"),
    path(
        "organizations/<int:pk>/schedule.xlsx",
        schedule_views.schedule_download,
        name="schedule-download",
    ),
    path(
        "organizations/<int:pk>/schedule/upload/",
        schedule_views.schedule_upload,
        name="schedule-upload",
    ),
    path("organizations/<int:pk>/working-groups/", views.group_list, name="group-list"),
    path("organizations/<int:pk>/working-groups/new/", views.group_edit, name="group-create"),
    path(
        "organizations/<int:pk>/working-groups/accounts/",
        views.group_account_search,
        name="group-account-search",
    ),
    path(
        "organizations/<int:pk>/working-groups/<int:group_pk>/",
        views.group_edit,
        name="group-edit",
    ),
    path("<int:pk>/", views.congress_detail, name="congress-detail"),
    path("<int:pk>/edit/", views.congress_edit, name="congress-edit"),
    path(
        "<int:pk>/merger-congress/",
        occasion_views.merger_congress_plan,
        name="merger-congress-plan",
    ),
    path("<int:pk>/stage/", views.congress_stage, name="congress-stage"),
    path("<int:pk>/stage/undo/", views.congress_stage_undo, name="congress-stage-undo"),
    path("<int:pk>/progress/", views.progress_create, name="progress-create"),
    path("<int:pk>/training/", views.training_create, name="training-create"),
    *dashboard_urls.urlpatterns,
]
