"""The accounts' API routes: tokens, the signed-in user, the user list."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from silajar.accounts.api import UserViewSet, me_view, token_view

router = SimpleRouter()
router.register("users", UserViewSet, basename="user")

urlpatterns = [
    path("auth/token/", token_view, name="api-token"),
    path("me/", me_view, name="api-me"),
    *router.urls,
]
