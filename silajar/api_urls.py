"""Everything under /api/v1/: each app's API routes (its `api_urls.py`), and the root that
lists their resources. A new app with an API adds its line to `APPS`.

The apps' routers are SimpleRouters: no `.json`-style format suffixes, clients choose by the
Accept header (the suffix routes crashed the viewsets' extra actions, which take no `format`
argument)."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from silajar.accounts import api_urls as accounts
from silajar.bandwidth import api_urls as bandwidth
from silajar.contracts import api_urls as contracts
from silajar.installations import api_urls as installations
from silajar.inventory import api_urls as inventory
from silajar.monitoring import api_urls as monitoring
from silajar.monitoring import evidence_urls
from silajar.organizations import api_urls as organizations
from silajar.providers import api_urls as providers
from silajar.tickets import api_urls as tickets

# the root lists them in this order
APPS = [
    organizations,
    accounts,
    tickets,
    installations,
    inventory,
    providers,
    contracts,
    monitoring,
    bandwidth,
]

root = DefaultRouter()  # for its root view only
for app in APPS:
    root.registry.extend(app.router.registry)

urlpatterns = [
    path("", include(evidence_urls)),  # a ticket's evidence (GET tickets/{id}/evidence/)
    *(path("", include(app)) for app in APPS),
    path("", root.get_api_root_view(), name="api-root"),
]
