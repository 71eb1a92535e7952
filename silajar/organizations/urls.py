from django.urls import path

from silajar.organizations import views

app_name = "organizations"

urlpatterns = [
    path("", views.organization_list_view, name="list"),
    path("new/", views.organization_create_view, name="create"),
    path("import/", views.organization_import_view, name="import"),
    path("export.<str:fmt>", views.organization_export_view, name="export"),
    path("mine/", views.my_organization_view, name="mine"),
    path("<int:pk>/", views.organization_detail_view, name="detail"),
    path("<int:pk>/edit/", views.organization_edit_view, name="edit"),
    path("<int:pk>/places/new/", views.location_create_view, name="location_create"),
    path(
        "<int:pk>/places/<int:location_pk>/edit/",
        views.location_edit_view,
        name="location_edit",
    ),
]
