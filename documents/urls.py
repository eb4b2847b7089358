from django.urls import path

from documents import views

app_name = "documents"
urlpatterns = [
    # Directive documents of a committee and of its subtree.
    path("organizations/<int:pk>/directives/", views.directive_list, name="directive-list"),
    path(
        "organizations/<int:pk>/directives/new/",
        views.directive_create,
        name="directive-create",
    ),
    path("directives/<int:pk>/delete/", views.directive_delete, name="directive-delete"),
    path("directives/<int:pk>/file/", views.directive_download, name="directive-download"),
    # Documents of one congress: versions, discussion rounds, comments, approval.
    path("congresses/<int:pk>/documents/", views.document_list, name="document-list"),
    path("congresses/<int:pk>/documents/new/", views.document_create, name="document-create"),
    path("<int:pk>/", views.document_detail, name="document-detail"),
    path("<int:pk>/versions/new/", views.version_create, name="version-create"),
    path("versions/<int:pk>/file/", views.version_download, name="version-download"),
    path("<int:pk>/rounds/new/", views.round_create, name="round-create"),
    path("rounds/<int:pk>/comments/new/", views.comment_create, name="comment-create"),
    path("<int:pk>/approve/", views.document_approve, name="document-approve"),
    # Follow-up tasks after the congresses.
    path("organizations/<int:pk>/follow-ups/", views.followup_list, name="followup-list"),
    path(
        "organizations/<int:pk>/follow-ups/new/",
        views.followup_create,
        name="followup-create",
    ),
    path("follow-ups/<int:pk>/edit/", views.followup_edit, name="followup-edit"),
    path("follow-ups/<int:pk>/done/", views.followup_done, name="followup-done"),
]
