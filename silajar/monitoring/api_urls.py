"""The monitor's API routes, under /api/v1/monitoring/."""

from rest_framework.routers import SimpleRouter

from silajar.monitoring.api import StatusViewSet, TargetViewSet

router = SimpleRouter()
router.register("monitoring/targets", TargetViewSet, basename="monitoring-target")
router.register("monitoring/status", StatusViewSet, basename="monitoring-status")

urlpatterns = router.urls
