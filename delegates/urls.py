from django.urls import path

from delegates import views

app_name = "delegates"
urlpatterns = [
    path("congresses/<int:pk>/", views.plan_detail, name="plan"),
    path("congresses/<int:pk>/roll/", views.member_roll, name="member-roll"),
    path("congresses/<int:pk>/credentials/", views.credentials_report, name="credentials"),
    path("congresses/<int:pk>/delegates/", views.delegate_roll, name="delegate-roll"),
    path("delegates/<int:pk>/", views.delegate_detail, name="delegate"),
]
