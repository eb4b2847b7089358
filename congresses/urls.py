from congresses import dashboard_urls

app_name = "congresses"
urlpatterns = [
    *dashboard_urls.urlpatterns,
]
