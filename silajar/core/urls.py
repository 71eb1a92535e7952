from django.urls import path

from silajar.core import calendar_views

app_name = "calendar"

urlpatterns = [
    path("", calendar_views.holiday_list_view, name="holidays"),
    path("<int:pk>/delete/", calendar_views.holiday_delete_view, name="holiday_delete"),
]
