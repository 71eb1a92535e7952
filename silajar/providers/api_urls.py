"""The internet side's API routes."""

from rest_framework.routers import SimpleRouter

from silajar.providers.incidents_api import ProviderIncidentViewSet

router = SimpleRouter()
router.register("provider-incidents", ProviderIncidentViewSet, basename="provider-incident")

urlpatterns = [*router.urls]
