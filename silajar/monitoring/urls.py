from django.urls import path

from silajar.monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("", views.board_view, name="board"),
    path("targets/new/", views.target_create_view, name="target_create"),
    path("targets/<int:pk>/", views.target_detail_view, name="target_detail"),
    path("targets/<int:pk>/edit/", views.target_edit_view, name="target_edit"),
    path("targets/<int:pk>/pause/", views.target_pause_view, {"paused": True}, name="target_pause"),
    path(
        "targets/<int:pk>/resume/",
        views.target_pause_view,
        {"paused": False},
        name="target_resume",
    ),
    path("targets/<int:pk>/delete/", views.target_delete_view, name="target_delete"),
]
