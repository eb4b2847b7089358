# URL patterns of the wave dashboard (see dashboard.py).
from django.urls import path

from congresses import dashboard_views

urlpatterns = [
    path(
        "organizations/<int:pk>/dashboard/",
        dashboard_views.wave_dashboard,
        name="wave-dashboard",
    ),
]
