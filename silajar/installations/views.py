"""Installation request pages (thin: services do the work, core.access decides who sees what)."""

from django.shortcuts import render

from silajar.core.access import get_visible_or_404
from silajar.installations.models import InstallationRequest


def request_detail(request, pk: int):
    obj = get_visible_or_404(request.user, InstallationRequest, pk=pk)
    return render(request, "installations/detail.html", {"obj": obj})
