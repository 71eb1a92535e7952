from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from silajar.core import views as core_views
from silajar.reports import views as report_views

admin.site.site_header = "SiLaJar"
admin.site.site_title = "SiLaJar"

urlpatterns = [
    path("", report_views.home_view, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("ping", core_views.ping, name="ping"),
    path("accounts/", include("silajar.accounts.urls")),
    path("organizations/", include("silajar.organizations.urls")),
    path("tickets/", include("silajar.tickets.urls")),
    path("installations/", include("silajar.installations.urls")),
    path("inventory/", include("silajar.inventory.urls")),
    path("providers/", include("silajar.providers.urls")),
    path("contracts/", include("silajar.contracts.urls")),
    path("monitoring/", include("silajar.monitoring.urls")),
    path("bandwidth/", include("silajar.bandwidth.urls")),
    path("notifications/", include("silajar.notifications.urls")),
    path("audit/", core_views.audit_log_view, name="audit_log"),
    path("calendar/", include("silajar.core.urls")),
    # the language switch works before signing in too (the login page has it)
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("api/v1/", include("silajar.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("django-admin/", admin.site.urls),
]
handler400 = "silajar.core.views.bad_request"
handler404 = "silajar.core.views.page_not_found"
handler500 = "silajar.core.views.server_error"
