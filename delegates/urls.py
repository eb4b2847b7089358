from django.urls import path

from delegates import views

app_name = "delegates"
urlpatterns = [
    path("congresses/<int:pk>/", views.plan_detail, name="plan"),
]
