from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from silajar.notifications import services
from silajar.notifications.models import EmailDelivery, Notification
from silajar.notifications.tasks import deliver_email


def notification_list_view(request):
    """The signed-in user's notifications, newest first."""
    notifications = Notification.objects.filter(recipient=request.user)
    page = Paginator(notifications, 30).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@require_POST
def notification_open_view(request, pk: int):
    """Mark one notification read and go to what it is about."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notification_mark_read(user=request.user, ids=[notification.pk])
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return redirect("notifications:list")
    return redirect(target)


@require_POST
def notification_read_all_view(request):
    services.notification_mark_read(user=request.user)
    messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


@permission_required("notifications.view_emaildelivery", raise_exception=True)
def delivery_list_view(request):
    """Superusers see the e-mail deliveries, failed ones first, and can retry them."""
    status = request.GET.get("status", EmailDelivery.Status.FAILED)
    deliveries = EmailDelivery.objects.all()
    if status in EmailDelivery.Status.values:
        deliveries = deliveries.filter(status=status)
    page = Paginator(deliveries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/deliveries.html",
        {"page": page, "status": status, "statuses": EmailDelivery.Status.choices},
    )


@permission_required("notifications.change_emaildelivery", raise_exception=True)
@require_POST
def delivery_retry_view(request, pk: int):
    delivery = get_object_or_404(EmailDelivery, pk=pk)
    if delivery.status != EmailDelivery.Status.SENT:
        deliver_email(delivery.pk)
        messages.success(request, _("The e-mail has been queued again."))
    return redirect("notifications:deliveries")
