from django.urls import path

from congress_day import views

app_name = "congress_day"
urlpatterns = [
    path("congresses/<int:pk>/check-in/", views.check_in, name="check-in"),
    path("congresses/<int:pk>/check-out/", views.check_out, name="check-out"),
    path("congresses/<int:pk>/cards/", views.issue_cards, name="issue-cards"),
    path("congresses/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("congresses/<int:pk>/programme/", views.programme, name="programme"),
    path(
        "congresses/<int:pk>/programme/items/<int:item>/",
        views.agenda_item,
        name="agenda-item",
    ),
]
