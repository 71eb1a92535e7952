"""Everything under /api/v1/."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from silajar.accounts.api import UserViewSet, me_view, token_view
from silajar.organizations.api import OrganizationViewSet

router = DefaultRouter()
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("users", UserViewSet, basename="user")

urlpatterns = [
    path("auth/token/", token_view, name="api-token"),
    path("me/", me_view, name="api-me"),
    path("", include(router.urls)),
]
