from django.urls import path

from silajar.installations import views

app_name = "installations"

urlpatterns = [
    path("<int:pk>/", views.request_detail, name="detail"),
]
