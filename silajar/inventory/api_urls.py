"""The inventory's API routes."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from silajar.inventory.api import CableViewSet, DeviceViewSet, PortViewSet, location_capacity

router = SimpleRouter()
router.register("devices", DeviceViewSet, basename="device")
router.register("ports", PortViewSet, basename="port")
router.register("cables", CableViewSet, basename="cable")

urlpatterns = [
    path("locations/<int:pk>/capacity/", location_capacity, name="location-capacity"),
    *router.urls,
]
