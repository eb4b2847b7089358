from django.urls import path

from personnel import views
from personnel.tally import views as tally_views

app_name = "personnel"

urlpatterns = [
    path("organizations/<int:pk>/results/", views.election_results, name="election-results"),
    path("congresses/<int:pk>/", views.congress_personnel, name="congress-personnel"),
    path("ballots/<int:pk>/", views.ballot_detail, name="ballot-detail"),
    path("ballots/<int:pk>/candidates/search/", views.candidate_search, name="candidate-search"),
    path("ballots/<int:pk>/rounds/new/", views.round_create, name="round-create"),
    path("rounds/<int:pk>/minutes/", views.round_minutes, name="round-minutes"),
    path(
        "rounds/<int:pk>/minutes/number/",
        views.round_minutes_number,
        name="round-minutes-number",
    ),
    path("ballots/<int:pk>/tally/", tally_views.tally_entry, name="tally-entry"),
    path("ballots/<int:pk>/tally/status/", tally_views.tally_status, name="tally-status"),
    path("congresses/<int:pk>/count-log/", tally_views.count_log, name="count-log"),
    path("candidates/<int:pk>/edit/", views.candidate_edit, name="candidate-edit"),
    path(
        "candidates/<int:pk>/complaints/", views.candidate_complaints, name="candidate-complaints"
    ),
]
