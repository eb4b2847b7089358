# URL patterns of the spreadsheet import and export (see spreadsheet_views.py).
urlpatterns = []
