from django.urls import path

from silajar.organizations import views

app_name = "organizations"

urlpatterns = [
    path("", views.organization_list_view, name="list"),
    path("mine/", views.my_organization_view, name="mine"),
    path("<int:pk>/", views.organization_detail_view, name="detail"),
]
