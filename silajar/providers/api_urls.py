"""The internet side's API routes (the contracts' are in `contracts.api_urls`)."""

from rest_framework.routers import SimpleRouter

from silajar.providers.api import LinkViewSet, MaintenanceWindowViewSet, ProviderViewSet
from silajar.providers.incidents_api import ProviderIncidentViewSet

router = SimpleRouter()
router.register("providers", ProviderViewSet, basename="provider")
router.register("links", LinkViewSet, basename="link")
router.register("maintenance-windows", MaintenanceWindowViewSet, basename="maintenance-window")
router.register("provider-incidents", ProviderIncidentViewSet, basename="provider-incident")

urlpatterns = router.urls
