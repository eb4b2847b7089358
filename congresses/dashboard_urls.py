# URL patterns of the wave dashboard (see dashboard.py).
urlpatterns = []
