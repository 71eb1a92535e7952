"""The agencies' API routes."""

from rest_framework.routers import SimpleRouter

from silajar.organizations.api import OrganizationViewSet

router = SimpleRouter()
router.register("organizations", OrganizationViewSet, basename="organization")

urlpatterns = router.urls
